"""The networks Scripts/onnx-fixtures exports and Scripts/bench-onnx times, their seeded
initialisation, and the fixed inputs both use.

Small networks (committed as fixtures, run by the debug test suite):
- unet_small: a U-Net of width 8 and three levels: two 3x3 Conv+BatchNorm+ReLU per level,
  MaxPool down, ConvTranspose(2, stride 2) up, skip concatenations, 1x1 head, 4 classes.
- lraspp_small: a reduced-width MobileNetV3 backbone with an LR-ASPP head, 5 classes:
  depthwise convolutions 3x3 and 5x5 with stride 1 and 2 and dilation 2, HardSwish and ReLU,
  squeeze-excitation (adaptive average pooling, 1x1 convolutions, HardSigmoid, Mul),
  residual Adds, a dilated 3x3 convolution, a Sigmoid-gated pooling branch and bilinear
  interpolation (align_corners=False) to the low-level feature size and to the input size.

Big networks (not committed, under .build-onnx-models/): torchvision's fcn_resnet50,
deeplabv3_resnet50, deeplabv3_mobilenet_v3_large and lraspp_mobilenet_v3_large (no weights,
no auxiliary head, 21 classes) and unet_full, the U-Net above at width 64 and five levels.

Initialisation: torch.manual_seed, the modules' own initialisers, then every BatchNorm gets
random affine parameters and running statistics calibrated in train mode on seeded
textures of the test input's family (so they are neither 0/1 nor the identity, and
activations stay of order one through fifty layers), the classifier convolutions are scaled so that the class scores have
a standard deviation of one, then eval().
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------- U-Net

def conv_bn_relu(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class UNet(nn.Module):
    """U-Net (Ronneberger et al. 2015) with padded convolutions and transposed-convolution
    upsampling. `width` is the first level's channel count; each level doubles it."""

    def __init__(self, in_channels=3, classes=4, width=8, levels=3):
        super().__init__()
        widths = [width * 2 ** i for i in range(levels)]
        self.down = nn.ModuleList()
        cin = in_channels
        for w in widths:
            self.down.append(nn.Sequential(*conv_bn_relu(cin, w), *conv_bn_relu(w, w)))
            cin = w
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList()
        self.merge = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(w * 2, w, 2, stride=2))
            self.merge.append(nn.Sequential(*conv_bn_relu(w * 2, w), *conv_bn_relu(w, w)))
        self.head = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.down):
            if i > 0:
                x = self.pool(x)
            x = block(x)
            skips.append(x)
        skips.pop()
        for up, merge in zip(self.up, self.merge):
            x = up(x)
            x = merge(torch.cat([skips.pop(), x], dim=1))
        return self.head(x)


# ----------------------------------------------------------------- MobileNetV3 + LR-ASPP

class SqueezeExcitation(nn.Module):
    def __init__(self, channels, squeezed):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeezed, 1)
        self.fc2 = nn.Conv2d(squeezed, channels, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.hardsigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s


class InvertedResidual(nn.Module):
    """MobileNetV3's block: 1x1 expansion, depthwise k x k (stride, dilation), optional
    squeeze-excitation, 1x1 projection, residual Add when the shapes allow it."""

    def __init__(self, cin, expanded, cout, kernel, stride, dilation, se, hardswish):
        super().__init__()
        act = nn.Hardswish if hardswish else nn.ReLU
        layers = []
        if expanded != cin:
            layers += [nn.Conv2d(cin, expanded, 1, bias=False), nn.BatchNorm2d(expanded), act()]
        pad = (kernel - 1) // 2 * dilation
        layers += [nn.Conv2d(expanded, expanded, kernel, stride=stride, padding=pad, dilation=dilation,
                             groups=expanded, bias=False), nn.BatchNorm2d(expanded), act()]
        if se:
            layers.append(SqueezeExcitation(expanded, max(8, expanded // 4)))
        layers += [nn.Conv2d(expanded, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.block(x)
        return x + y if self.residual else y


class LRASPPSmall(nn.Module):
    """A MobileNetV3-Small-like backbone (output stride 16, last stage dilated) with the
    LR-ASPP head of Howard et al. 2019, plus a dilated 3x3 branch on the high-level features."""

    def __init__(self, classes=5):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16),
                                  nn.Hardswish())
        #                  cin exp cout k  s  d  se     hswish
        self.low_stage = nn.Sequential(
            InvertedResidual(16, 16, 16, 3, 1, 1, True, False),
            InvertedResidual(16, 64, 24, 3, 2, 1, False, False),
            InvertedResidual(24, 72, 24, 3, 1, 1, False, False),
            InvertedResidual(24, 72, 32, 5, 2, 1, True, False),
            InvertedResidual(32, 96, 32, 5, 1, 1, True, True),
        )
        self.high_stage = nn.Sequential(
            InvertedResidual(32, 96, 48, 3, 2, 1, True, True),
            InvertedResidual(48, 144, 48, 3, 1, 2, True, True),
            InvertedResidual(48, 144, 48, 5, 1, 2, True, True),
            nn.Conv2d(48, 96, 1, bias=False), nn.BatchNorm2d(96), nn.Hardswish(),
        )
        self.cbr = nn.Sequential(nn.Conv2d(96, 32, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True))
        self.dilated = nn.Sequential(nn.Conv2d(96, 32, 3, padding=3, dilation=3, bias=False), nn.BatchNorm2d(32),
                                     nn.ReLU(inplace=True))
        self.scale = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(96, 32, 1, bias=False), nn.Sigmoid())
        self.low_classifier = nn.Conv2d(32, classes, 1)
        self.high_classifier = nn.Conv2d(32, classes, 1)

    def forward(self, x):
        size = x.shape[-2:]
        low = self.low_stage(self.stem(x))
        high = self.high_stage(low)
        y = self.cbr(high) * self.scale(high) + self.dilated(high)
        y = F.interpolate(y, size=low.shape[-2:], mode="bilinear", align_corners=False)
        y = self.low_classifier(low) + self.high_classifier(y)
        return F.interpolate(y, size=size, mode="bilinear", align_corners=False)


# ------------------------------------------------------------------ torchvision models

class OutOnly(nn.Module):
    """torchvision's segmentation models return {"out": ...}; export the tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


def torchvision_model(name):
    from torchvision.models import segmentation
    model = getattr(segmentation, name)(weights=None, weights_backbone=None, aux_loss=False, num_classes=21)
    return OutOnly(model)


# ---------------------------------------------------------------------- the catalogue

# name: (constructor, side of the test input)
SMALL = {
    "unet_small": (lambda: UNet(width=8, levels=3, classes=4), 64),
    "lraspp_small": (lambda: LRASPPSmall(classes=5), 96),
}
BIG = {
    "fcn_resnet50": (lambda: torchvision_model("fcn_resnet50"), 224),
    "deeplabv3_resnet50": (lambda: torchvision_model("deeplabv3_resnet50"), 224),
    "deeplabv3_mobilenet_v3_large": (lambda: torchvision_model("deeplabv3_mobilenet_v3_large"), 224),
    "lraspp_mobilenet_v3_large": (lambda: torchvision_model("lraspp_mobilenet_v3_large"), 224),
    "unet_full": (lambda: UNet(width=64, levels=5, classes=4), 224),
}
# Height and width of every exported model are symbolic and must be multiples of this
# (the U-Nets pool four times; the others need multiples of 8 or 16 for their strides).
SIDE_MULTIPLE = 16


def build(name, seed):
    """The network `name`, initialised from `seed`, BatchNorm calibrated, class scores scaled
    to a standard deviation of one, in eval mode."""
    constructor, _ = {**SMALL, **BIG}[name]
    torch.manual_seed(seed)
    model = constructor()
    calibrate_batchnorm(model, seed)
    normalise_scores(model, seed)
    return model.eval()


def residual_branch_ends(model):
    """The BatchNorms that end a residual branch (ResNet's bn3, the projection of MobileNetV3
    blocks with a skip). Their scale is drawn small, as in trained networks and in
    torchvision's zero_init_residual: a random batch-normalised network of fifty layers at
    full scale amplifies float32 rounding a thousandfold (PyTorch in float32 and in float64
    then differ by 5e-4 on scores of order one), and no two correct implementations could
    agree to the tests' 1e-4."""
    from torchvision.models import mobilenetv3, resnet
    ends = []
    for m in model.modules():
        if isinstance(m, resnet.Bottleneck):
            ends.append(m.bn3)
        elif isinstance(m, mobilenetv3.InvertedResidual) and m.use_res_connect:
            ends.append(m.block[-1][1])
        elif isinstance(m, InvertedResidual) and m.residual:
            ends.append(m.block[-1])
    return ends


def normalise_scores(model, seed):
    """Scales the classifier convolutions (those with one output channel per class; the
    scores are linear in them) so that the class scores have a standard deviation of one on
    seeded textures like the test input. Random ResNet-50 heads give scores of +-80, where float32 rounding
    alone differs between correct implementations by more than the 1e-4 the tests allow;
    real trained networks give scores of order one to ten."""
    rng = np.random.default_rng(seed + 2)
    with torch.no_grad():
        scores = model.eval()(calibration_batch(rng))
        classes = scores.shape[1]
        scale = 1.0 / float(scores.std())
        heads = [m for m in model.modules() if isinstance(m, nn.Conv2d) and m.out_channels == classes]
        assert heads, "no classifier convolution found"
        for conv in heads:
            conv.weight.mul_(scale)
            if conv.bias is not None:
                conv.bias.mul_(scale)


def calibrate_batchnorm(model, seed, batches=3):
    """Random BatchNorm affine parameters, and running statistics measured in train mode on
    seeded textures like the test input (momentum None: the plain average over the batches).
    White noise would not do: a random 7x7 convolution answers a smooth image a hundred times
    more strongly than noise, and the scores of the test input would reach +-200."""
    generator = torch.Generator().manual_seed(seed + 1)
    rng = np.random.default_rng(seed + 1)
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    damped = set(map(id, residual_branch_ends(model)))
    with torch.no_grad():
        for bn in norms:
            low, high = (0.1, 0.3) if id(bn) in damped else (0.6, 1.4)
            bn.weight.copy_(torch.empty_like(bn.weight).uniform_(low, high, generator=generator))
            bn.bias.copy_(torch.empty_like(bn.bias).normal_(0.0, 0.2, generator=generator))
            bn.reset_running_stats()
            bn.momentum = None
        model.train()
        for _ in range(batches):
            model(calibration_batch(rng))
        for bn in norms:
            bn.momentum = 0.1
    model.eval()


def texture(height, width, rng, phase=(0.0, 0.0), scale=1.0):
    """A smooth colour texture (like a normalised photograph) with a little noise from `rng`,
    1x3xheight x width float64."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = []
    for c in range(3):
        fx, fy = x / (13 * scale) + c + phase[0], y / (11 * scale) - c + phase[1]
        smooth = 1.2 * np.sin(fx) * np.cos(fy) + 0.8 * np.sin((fx + 2 * fy) / 5)
        planes.append(smooth + 0.1 * rng.standard_normal((height, width)))
    return np.stack(planes)[None]


def fixed_input(side, width=None, seed=0):
    """The test input: `texture` at phase 0 and scale 1, 1x3xside x width float32 (width
    defaults to side)."""
    return texture(side, width or side, np.random.default_rng(seed)).astype(np.float32)


def calibration_batch(rng, side=128, count=2):
    """Textures of the test input's family at random phases and scales, float32 tensor."""
    batch = [texture(side, side, rng, phase=tuple(rng.uniform(0, 2 * np.pi, 2)), scale=rng.uniform(0.5, 2.0))
             for _ in range(count)]
    return torch.from_numpy(np.concatenate(batch).astype(np.float32))


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
