"""Driver of `Scripts/bench-compare onnx`: times segsh's inference engine and onnxruntime on
the same ONNX files and the same 1x3x512x512 input, in one run, and prints a Markdown table
of medians, ratios and peak resident memory.

Models: the committed small networks (Tests/InferenceTests/Fixtures/models) and the big ones
under .build-onnx-models (Scripts/onnx-fixtures big), each as its TorchScript opset-17 and
dynamo opset-18 export; segsh-bench's cases are onnx_MODEL_ts17 / onnx_MODEL_dynamo18
(Sources/segsh-bench/ModelBenchmarks.swift).

Time: one warm-up run, then at least 5 runs (more while under 0.4 s, at most 25), median;
session creation / loading and planning are not timed. onnxruntime: CPU provider,
intra_op_num_threads 2, inter_op_num_threads 1, ORT_ENABLE_ALL. segsh: its own threading
(both cores).
Memory: peak resident set size from /usr/bin/time -v around a fresh process that loads the
model and runs it once: `segsh-bench --once --filter CASE` and `python onnx_compare.py
--ort-once MODEL` (python, numpy and onnxruntime included; no torch).

    Scripts/bench-compare onnx                        every model present
    Scripts/bench-compare onnx --model lraspp         names containing "lraspp"
    Scripts/bench-compare onnx --no-memory            times only
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SIDE = 512
SMALL = ["unet_small", "lraspp_small"]
BIG = ["fcn_resnet50", "deeplabv3_resnet50", "deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large", "unet_full"]
EXPORTS = [("torchscript-opset17", "ts17"), ("dynamo-opset18", "dynamo18")]


def bench_input(side=SIDE):
    """x[0, c, y, x] = sin(x / 37 + c) * cos(y / 29), as ModelBenchmarks.swift makes it."""
    y, x = np.mgrid[0:side, 0:side].astype(np.float64)
    return np.stack([np.sin(x / 37 + c) * np.cos(y / 29) for c in range(3)])[None].astype(np.float32)


def session(path):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def ort_median_ms(path, x):
    s = session(path)
    feed = {s.get_inputs()[0].name: x}
    s.run(None, feed)
    times = []
    deadline = time.perf_counter() + 0.4
    while len(times) < 5 or (len(times) < 25 and time.perf_counter() < deadline):
        t = time.perf_counter()
        s.run(None, feed)
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def peak_rss_mb(command, env=None):
    """Peak resident set size of `command` in MB (/usr/bin/time -v), or an error text."""
    run = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, env=env)
    if run.returncode != 0:
        return None, last_line(run.stderr)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    return int(match.group(1)) / 1024, None


def last_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip() and not l.lstrip().startswith(("Command being timed", "\t"))]
    return (lines[-1] if lines else text.strip()[-200:]).strip()


def models(filters):
    big_root = os.environ.get("SEGSH_ONNX_MODELS", os.path.join(ROOT, ".build-onnx-models"))
    found = []
    for name in SMALL + BIG:
        folder = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "models", name) if name in SMALL \
            else os.path.join(big_root, name)
        for export, short in EXPORTS:
            path = os.path.join(folder, f"{export}.onnx")
            if os.path.exists(path) and (not filters or any(f in name for f in filters)):
                found.append((name, short, path, f"onnx_{name}_{short}"))
    return found


def segsh_time(bench, case, env):
    run = subprocess.run([bench, "--json", "--size", str(SIDE), "--filter", case], capture_output=True, text=True,
                         env=env, cwd=ROOT)
    for line in run.stdout.splitlines():
        record = json.loads(line)
        if record["name"] == case:
            return record["ms"], None
    return None, last_line(run.stderr) or f"segsh-bench has no case {case}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", help="the release segsh-bench binary")
    parser.add_argument("--model", action="append", default=[], help="only models whose name contains this")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory runs")
    parser.add_argument("--ort-once", metavar="MODEL", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.ort_once:  # the memory run: load, run once, exit; "-": only the imports and the input
        x = bench_input()
        if args.ort_once != "-":
            s = session(args.ort_once)
            s.run(None, {s.get_inputs()[0].name: x})
        return

    found = models(args.model)
    if not any(name in BIG for name, *_ in found):
        print("bench-compare onnx: no big models in .build-onnx-models; run Scripts/onnx-fixtures big", file=sys.stderr)
    env = dict(os.environ, SEGSH_ONNX_MODELS=os.environ.get("SEGSH_ONNX_MODELS", os.path.join(ROOT, ".build-onnx-models")))
    x = bench_input()
    rows = []
    for name, short, path, case in found:
        print(f"bench-compare onnx: {name} {short}", file=sys.stderr)
        ours, ours_error = segsh_time(args.bench, case, env) if args.bench else (None, "no segsh-bench")
        theirs = ort_median_ms(path, x)
        row = {"model": name, "export": short, "segsh": ours, "error": ours_error, "ort": theirs}
        if not args.no_memory:
            if ours is not None:
                row["segsh_mb"], _ = peak_rss_mb([args.bench, "--once", "--size", str(SIDE), "--filter", case], env)
            row["ort_mb"], _ = peak_rss_mb([sys.executable, os.path.abspath(__file__), "--ort-once", path])
        rows.append(row)
        print(f"bench-compare onnx: {row}", file=sys.stderr)

    header = ["model", "export", "segsh ms", "onnxruntime ms", "÷ onnxruntime"]
    if not args.no_memory:
        header += ["segsh peak MB", "onnxruntime peak MB", "÷ onnxruntime"]
    baseline = None if args.no_memory else peak_rss_mb([sys.executable, os.path.abspath(__file__), "--ort-once", "-"])[0]
    print(f"1×3×{SIDE}×{SIDE} float32; onnxruntime {ort.__version__} with 2 intra-op threads; "
          f"median of ≥ 5 runs after a warm-up; peak RSS of a process that loads the model and runs it once"
          + (f" (the python process with numpy and onnxruntime imported and the input made, no model: {baseline:.0f} MB)"
             if baseline else "") + ".\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        def ratio(a, b):
            return f"{a / b:.2f}" if a is not None and b else ""
        segsh = f"{r['segsh']:.1f}" if r["segsh"] is not None else f"— ({r['error'][:80]})"
        cells = [r["model"], r["export"], segsh, f"{r['ort']:.1f}", ratio(r["segsh"], r["ort"])]
        if not args.no_memory:
            mine, theirs = r.get("segsh_mb"), r.get("ort_mb")
            cells += [f"{mine:.0f}" if mine else "", f"{theirs:.0f}" if theirs else "", ratio(mine, theirs)]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
