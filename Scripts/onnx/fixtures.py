"""Driver of Scripts/onnx-fixtures: exports the networks of models.py to ONNX twice and
records onnxruntime's outputs for one fixed input.

    Scripts/onnx-fixtures                 small and big
    Scripts/onnx-fixtures small           the committed ones only
    Scripts/onnx-fixtures big             the big ones only (.build-onnx-models/, not committed)
    Scripts/onnx-fixtures unet_full ...   by name

Each network NAME is written to DIR/NAME/ (DIR is Tests/InferenceTests/Fixtures/models for
the small ones, .build-onnx-models for the big ones):
    torchscript-opset17.onnx     torch.onnx.export(dynamo=False, opset_version=17,
                                 training=TrainingMode.PRESERVE): height and width symbolic
                                 ("height", "width"); BatchNormalization nodes kept (in the
                                 default EVAL mode the exporter fuses them into the convolutions)
    dynamo-opset18.onnx(.data)   torch.onnx.export(dynamo=True, opset_version=18): height and
                                 width symbolic (16*h16, 16*w16); weights in the external-data
                                 file torch writes; BatchNorm fused by torch's optimiser
    input.npy                    the fixed input, 1x3xSxS float32 (models.fixed_input)
    EXPORT.OUTPUT.npy            onnxruntime's output OUTPUT of EXPORT on input.npy, float32
    wide.input.npy, wide.EXPORT.OUTPUT.npy
                                 the same for a 1x3xHxW input with W > H, other than the first
                                 (small networks only: the symbolic sizes must really be free)
Both exports carry metadata_props segsh.model, segsh.export and segsh.classes.
DIR/README.md lists the files, the operators of each export and how close onnxruntime is to
PyTorch. Nothing is downloaded; every run gives the same weights, inputs and outputs.
"""
import argparse
import collections
import os
import sys
import time
import warnings
import zlib

import numpy as np
import onnx
import onnxruntime as ort
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import models  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SMALL_DIR = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "models")
BIG_DIR = os.path.join(ROOT, ".build-onnx-models")
EXPORTS = ["torchscript-opset17", "dynamo-opset18"]


def seed_of(name):
    return zlib.crc32(name.encode()) % 100_000


def export_torchscript(model, x, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), path, dynamo=False, opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          input_names=["input"], output_names=["out"],
                          dynamic_axes={"input": {2: "height", 3: "width"}, "out": {2: "height", 3: "width"}})


def export_dynamo(model, x, path):
    h = torch.export.Dim("h16", min=1, max=256)
    w = torch.export.Dim("w16", min=1, max=256)
    for stale in (path, path + ".data"):
        if os.path.exists(stale):
            os.remove(stale)
    torch.onnx.export(model, (x,), path, dynamo=True, opset_version=18,
                      input_names=["input"], output_names=["out"],
                      dynamic_shapes=({2: models.SIDE_MULTIPLE * h, 3: models.SIDE_MULTIPLE * w},),
                      verbose=False)


def add_metadata(path, name, export, classes):
    """metadata_props for the engine's reader to expose; external data stays where it is."""
    model = onnx.load(path, load_external_data=False)
    del model.metadata_props[:]
    for key, value in (("segsh.model", name), ("segsh.export", export), ("segsh.classes", str(classes))):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(model, path)


def session(path):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def describe(path):
    model = onnx.load(path, load_external_data=False)
    ops = collections.Counter(n.op_type for n in model.graph.node)
    external = os.path.exists(path + ".data")
    size = os.path.getsize(path) + (os.path.getsize(path + ".data") if external else 0)
    return {"ir": model.ir_version, "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0],
            "ops": ops, "bytes": size, "external": external}


def near_ties(logits, gap=1e-3):
    """Fraction of pixels whose two largest class scores are closer than `gap`."""
    top = np.sort(logits[0], axis=0)
    return float(np.mean(top[-1] - top[-2] < gap))


def make(name, directory, side, committed):
    out = os.path.join(directory, name)
    os.makedirs(out, exist_ok=True)
    started = time.time()
    model = models.build(name, seed_of(name))
    x = models.fixed_input(side)
    np.save(os.path.join(out, "input.npy"), x)
    with torch.no_grad():
        reference = model(torch.from_numpy(x)).numpy()
    # A second, non-square input of another size for the small networks.
    wide = models.fixed_input(side - 16, side + 32, seed=1) if committed else None
    if wide is not None:
        np.save(os.path.join(out, "wide.input.npy"), wide)
        with torch.no_grad():
            wide_reference = model(torch.from_numpy(wide)).numpy()
    classes = reference.shape[1]
    rows = []
    for export in EXPORTS:
        path = os.path.join(out, f"{export}.onnx")
        t = time.time()
        try:
            (export_torchscript if export.startswith("torchscript") else export_dynamo)(model, torch.from_numpy(x), path)
        except Exception as error:  # report and go on with the other export
            print(f"onnx-fixtures: {name} {export}: export failed: {type(error).__name__}: {error}", file=sys.stderr)
            rows.append((export, None, f"export failed: {type(error).__name__}: {str(error).splitlines()[0]}"))
            continue
        add_metadata(path, name, export, classes)
        onnx.checker.check_model(path)
        s = session(path)
        outputs = s.run(None, {"input": x})
        for meta, value in zip(s.get_outputs(), outputs):
            np.save(os.path.join(out, f"{export}.{meta.name}.npy"), value.astype(np.float32))
        y = outputs[0]
        info = describe(path)
        if wide is not None:
            wide_outputs = s.run(None, {"input": wide})
            for meta, value in zip(s.get_outputs(), wide_outputs):
                np.save(os.path.join(out, f"wide.{export}.{meta.name}.npy"), value.astype(np.float32))
            info["wide_error"] = float(np.abs(wide_outputs[0] - wide_reference).max())
        info.update(seconds=time.time() - t, torch_error=float(np.abs(y - reference).max()),
                    range=(float(y.min()), float(y.max())), ties=near_ties(y), shape=list(y.shape))
        rows.append((export, info, None))
        print(f"onnx-fixtures: {name} {export}: {info['bytes'] / 1e6:.2f} MB, max |ort - torch| "
              f"{info['torch_error']:.2e}, output {info['shape']} in [{info['range'][0]:.2f}, {info['range'][1]:.2f}], "
              f"near ties {info['ties']:.5f}, "
              + (f"wide input max |ort - torch| {info['wide_error']:.2e}, " if "wide_error" in info else "")
              + f"{info['seconds']:.0f} s", file=sys.stderr)
    print(f"onnx-fixtures: {name} done in {time.time() - started:.0f} s ({models.parameter_count(model) / 1e6:.3f} M parameters)",
          file=sys.stderr)
    return name, side, models.parameter_count(model), rows


def write_readme(directory, results, committed):
    lines = [
        "# ONNX model fixtures" if committed else "# Big ONNX models (not committed)",
        "",
        "Written by `Scripts/onnx-fixtures` (Scripts/onnx/fixtures.py and models.py; torch "
        f"{torch.__version__}, onnx {onnx.__version__}, onnxruntime {ort.__version__}). Random, seeded "
        "weights; BatchNorm statistics calibrated on random batches; eval mode. Regenerate with",
        "",
        "    Scripts/onnx-fixtures " + ("small" if committed else "big"),
        "",
        "Per model folder: `input.npy` (1×3×S×S float32), each export's `.onnx` (the dynamo one with "
        "its `.onnx.data` weights) and onnxruntime's output on the input as `EXPORT.out.npy`" +
        ("; the same for a second, non-square input as `wide.input.npy` and `wide.EXPORT.out.npy`. " if committed else ". ") +
        "Height and width are symbolic in every export (multiples of 16).",
        "",
        "| model | input | parameters | export | IR | opset | size | max \\|ort − torch\\| | operators |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, side, params, rows in results:
        for export, info, failure in rows:
            if info is None:
                lines.append(f"| {name} | {side}² | {params:,} | {export} | | | | | {failure} |")
                continue
            ops = ", ".join(f"{op} {n}" for op, n in sorted(info["ops"].items()))
            size = f"{info['bytes'] / 1e6:.2f} MB" + (" (external data)" if info["external"] else "")
            lines.append(f"| {name} | {side}² | {params:,} | {export} | {info['ir']} | {info['opset']} | {size} | "
                         f"{info['torch_error']:.1e} | {ops} |")
    with open(os.path.join(directory, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("which", nargs="*", default=["small", "big"],
                        help="small, big, or model names (" + ", ".join([*models.SMALL, *models.BIG]) + ")")
    args = parser.parse_args()
    names = []
    for w in args.which:
        if w == "small":
            names += list(models.SMALL)
        elif w == "big":
            names += list(models.BIG)
        elif w in models.SMALL or w in models.BIG:
            names.append(w)
        else:
            parser.error(f"unknown model '{w}'")
    torch.set_num_threads(2)
    for committed, catalogue, directory in ((True, models.SMALL, SMALL_DIR), (False, models.BIG, BIG_DIR)):
        chosen = [n for n in catalogue if n in names]
        if not chosen:
            continue
        os.makedirs(directory, exist_ok=True)
        results = [make(n, directory, catalogue[n][1], committed) for n in chosen]
        if len(chosen) == len(catalogue):
            write_readme(directory, results, committed)


if __name__ == "__main__":
    main()
