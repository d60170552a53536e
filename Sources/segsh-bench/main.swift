import PixelEngine

print("segsh-bench: no benchmarks yet")
