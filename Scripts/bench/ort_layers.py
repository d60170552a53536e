"""Times the segsh-bench `layer_*` cases (Sources/segsh-bench/InferenceBenchmarks.swift) in
onnxruntime with 2 intra-op threads: one JSON line per layer, median of >= 3 runs after a
warm-up, like segsh-bench. Each layer is a one-node model (plus its activation node, which
onnxruntime fuses) with random weights.
    ort_layers.py [WORD...]         layers whose name contains a word (all without words)
    ort_layers.py --list [WORD...]  only the names
    ort_layers.py --exact NAME      one layer
"""
import json, sys, time
import numpy as np, onnx, onnxruntime as ort
from onnx import helper, TensorProto

def conv(name, c, m, hw, k, s=1, d=1, group=1, act=None):
    return dict(name=name, op="Conv", attrs=dict(kernel_shape=[k, k], strides=[s, s], dilations=[d, d],
                pads=[(k - 1) * d // 2] * 4, group=group), shapes=[[1, c, hw, hw], [m, c // group, k, k], [m]], act=act)

LAYERS = [
    conv("mnv3_stem_3x3s2_3-16_512", 3, 16, 512, 3, s=2, act="HardSwish"),
    conv("mnv3_dw3x3_16_256", 16, 16, 256, 3, group=16, act="Relu"),
    conv("mnv3_pw_16-64_256", 16, 64, 256, 1, act="Relu"),
    conv("mnv3_dw3x3s2_64_256", 64, 64, 256, 3, s=2, group=64, act="Relu"),
    conv("mnv3_pw_64-24_128", 64, 24, 128, 1),
    conv("mnv3_pw_24-72_128", 24, 72, 128, 1, act="Relu"),
    conv("mnv3_dw3x3_72_128", 72, 72, 128, 3, group=72, act="Relu"),
    conv("mnv3_dw5x5s2_72_128", 72, 72, 128, 5, s=2, group=72, act="Relu"),
    conv("mnv3_dw5x5_120_64", 120, 120, 64, 5, group=120, act="Relu"),
    conv("mnv3_pw_40-240_64", 40, 240, 64, 1, act="HardSwish"),
    conv("mnv3_dw3x3s2_240_64", 240, 240, 64, 3, s=2, group=240, act="HardSwish"),
    conv("mnv3_dw3x3_480_32", 480, 480, 32, 3, group=480, act="HardSwish"),
    conv("mnv3_dw5x5d2_960_32", 960, 960, 32, 5, d=2, group=960, act="HardSwish"),
    conv("mnv3_pw_160-960_32", 160, 960, 32, 1, act="HardSwish"),
    conv("resnet_stem_7x7s2_3-64_512", 3, 64, 512, 7, s=2, act="Relu"),
    conv("resnet_3x3_64_128", 64, 64, 128, 3, act="Relu"),
    conv("resnet_3x3s2_128_128", 128, 128, 128, 3, s=2, act="Relu"),
    conv("resnet_3x3d2_256_64", 256, 256, 64, 3, d=2, act="Relu"),
    conv("resnet_3x3d4_512_64", 512, 512, 64, 3, d=4, act="Relu"),
    conv("resnet_pw_256-64_128", 256, 64, 128, 1, act="Relu"),
    conv("resnet_pw_512-2048_64", 512, 2048, 64, 1),
    conv("aspp_3x3d12_2048-256_64", 2048, 256, 64, 3, d=12, act="Relu"),
    conv("unet_3x3_64_512", 64, 64, 512, 3, act="Relu"),
    conv("unet_3x3_128_256", 128, 128, 256, 3, act="Relu"),
    dict(name="unet_convT2x2s2_128-64_256", op="ConvTranspose", attrs=dict(kernel_shape=[2, 2], strides=[2, 2]),
         shapes=[[1, 128, 256, 256], [128, 64, 2, 2], [64]], act=None),
    dict(name="resnet_maxpool3x3s2_64_256", op="MaxPool", attrs=dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
         shapes=[[1, 64, 256, 256]], act=None),
]

def model(layer):
    rng = np.random.default_rng(0)
    inits = [helper.make_tensor(f"x{i}", TensorProto.FLOAT, s, (rng.standard_normal(s) * 0.1).astype(np.float32).ravel())
             for i, s in enumerate(layer["shapes"]) if i > 0]
    names = [f"x{i}" for i in range(len(layer["shapes"]))]
    nodes = [helper.make_node(layer["op"], names, ["t" if layer["act"] else "y"], **layer["attrs"])]
    if layer["act"]:
        nodes.append(helper.make_node(layer["act"], ["t"], ["y"]))
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x0", TensorProto.FLOAT, layer["shapes"][0])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()

def main():
    args = sys.argv[1:]
    listing = args[:1] == ["--list"]
    exact = args[:1] == ["--exact"]
    words = args[1:] if listing or exact else args
    for layer in LAYERS:
        if exact and layer["name"] != words[0]:
            continue
        if not exact and words and not any(w in layer["name"] for w in words):
            continue
        if listing:
            print(layer["name"])
            continue
        so = ort.SessionOptions(); so.intra_op_num_threads = 2; so.inter_op_num_threads = 1
        sess = ort.InferenceSession(model(layer), so, providers=["CPUExecutionProvider"])
        x = np.random.default_rng(1).standard_normal(layer["shapes"][0]).astype(np.float32)
        sess.run(None, {"x0": x})
        times = []
        budget = time.perf_counter() + 0.4
        while len(times) < 3 or (len(times) < 25 and time.perf_counter() < budget):
            t = time.perf_counter(); sess.run(None, {"x0": x}); times.append((time.perf_counter() - t) * 1e3)
        times.sort()
        print(json.dumps(dict(name="layer_" + layer["name"], ms=times[len(times) // 2])), flush=True)

main()
