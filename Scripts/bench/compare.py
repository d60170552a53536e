"""Driver of Scripts/bench-compare: writes the shared inputs, runs segsh-bench and the
Python reference implementations on them, prints a Markdown table.

Cases come from Scripts/bench/cases_*.py: each defines CASES, a list of
    (name, {"OpenCV": fn, "scikit-image": fn, ...})
where each fn takes the inputs dict and does the same work as segsh-bench's case `name`.
Both sides run on 2 threads (OpenCV: cv2.setNumThreads(2); scikit-image is mostly serial).
"""
import argparse
import glob
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCES = ["OpenCV", "scikit-image", "Pillow", "tifffile", "scikit-learn"]


def make_inputs(size, directory):
    """The same texture as segsh-bench's standalone generator, written as PNGs."""
    os.makedirs(directory, exist_ok=True)
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    planes = []
    for c in range(3):
        fx, fy = x / 37, y / 29 + c
        smooth = 128 + 60 * np.sin(fx) * np.cos(fy) + 40 * np.sin((fx + fy) / 3)
        rng = np.random.default_rng(1000 + c)
        noise = rng.integers(-15, 16, size=(size, size))
        planes.append(np.clip(np.rint(smooth + noise), 0, 255).astype(np.uint8))
    gray = planes[0]
    rgb = np.dstack(planes)
    paths = {}
    for name, img in (("gray8", gray), ("rgb8", rgb[:, :, ::-1])):
        path = os.path.join(directory, f"{name}_{size}.png")
        if not os.path.exists(path):
            cv2.imwrite(path, img)
        paths[name] = path
    with open(paths["rgb8"], "rb") as f:
        png_bytes = f.read()
    return {"size": size, "gray8": gray, "rgb8": rgb, "mask": gray > 128,
            "rgb_png_path": paths["rgb8"], "rgb_png_bytes": png_bytes}


def median_ms(fn, inputs):
    fn(inputs)
    times = []
    deadline = time.perf_counter() + 0.4
    while len(times) < 3 or (len(times) < 25 and time.perf_counter() < deadline):
        t = time.perf_counter()
        fn(inputs)
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "cases_*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cases.extend(module.CASES)
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--size", type=int, action="append")
    parser.add_argument("--filter", action="append", default=[])
    args = parser.parse_args()
    sizes = args.size or [2048, 4096]
    cv2.setNumThreads(2)
    cases = [c for c in load_cases() if not args.filter or any(f in c[0] for f in args.filter)]
    directory = os.path.join(HERE, "..", "..", ".build-bench-inputs")
    rows = []
    for size in sizes:
        inputs = make_inputs(size, directory)
        command = [args.bench, "--json", "--size", str(size), "--inputs", directory]
        for name, _ in cases:
            command += ["--filter", name]
        ours = {}
        for line in subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines():
            record = json.loads(line)
            ours[record["name"]] = record["ms"]
        for name, refs in cases:
            if name not in ours:
                print(f"warning: segsh-bench has no case '{name}'", file=sys.stderr)
                continue
            times = {ref: median_ms(fn, inputs) for ref, fn in refs.items()}
            rows.append((name, size, ours[name], times))
    used = [r for r in REFERENCES if any(r in t for *_, t in rows)]
    header = ["operation", "size", "segsh ms"] + [f"{r} ms" for r in used] + [f"÷ {r}" for r in used]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, size, mine, times in rows:
        cells = [name, str(size), f"{mine:.2f}"]
        cells += [f"{times[r]:.2f}" if r in times else "" for r in used]
        cells += [f"{mine / times[r]:.2f}" if r in times else "" for r in used]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
