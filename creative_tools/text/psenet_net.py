"""The PSENet network: a ResNet-50 body with a feature pyramid and a 7-map head.

The layout (parameter names, shapes, registration order) is the one of the published
``psenet_best.pth`` checkpoint used by ``psenet_text_detector`` 0.1.1, so that file
loads here with ``strict=True`` once its ``module.`` prefix is stripped. The forward
computation is checked against ``../shared/vectors/psenet_fpn_r50.npz``.

This module imports torch; :mod:`creative_tools.text.psenet` imports it lazily.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["Bottleneck", "PSENetFPN", "psenet_fpn_r50"]


class Bottleneck(nn.Module):
    """ResNet bottleneck (1x1, 3x3 with the stride, 1x1 x4) with a projection shortcut.

    Parameters
    ----------
    inplanes : int
        Input channels.
    planes : int
        Width of the 3x3 conv; the block outputs ``4 * planes`` channels.
    stride : int
        Stride of the 3x3 conv (and of the projection shortcut).
    """

    expansion = 4

    def __init__(self, inplanes: int, planes: int, stride: int = 1):
        super().__init__()
        out = planes * self.expansion
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inplanes != out:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, out, 1, stride=stride, bias=False), nn.BatchNorm2d(out)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.relu(y + shortcut)


def _conv_bn(name: str, module: nn.Module, cin: int, cout: int, k: int) -> None:
    # The checkpoint names these pairs "<name>" and "<name>_bn" at the top level.
    setattr(module, name, nn.Conv2d(cin, cout, k, padding=k // 2))
    setattr(module, f"{name}_bn", nn.BatchNorm2d(cout))


class PSENetFPN(nn.Module):
    """PSENet with an FPN over a ResNet body (Bottleneck blocks).

    Parameters
    ----------
    layers : tuple of 4 int
        Blocks per stage; (3, 4, 6, 3) is ResNet-50.
    num_maps : int
        Output maps: map 0 is the full text region, higher indices are smaller kernels.
    scale : int
        The output is ``1 / scale`` of the input size (1 for the published model).

    Notes
    -----
    ``forward`` takes a ``(N, 3, H, W)`` float tensor (RGB, normalised with the
    record's mean/std) and returns ``(N, num_maps, H // scale, W // scale)`` logits.
    The head runs at 1/4 resolution and is upsampled bilinearly with
    ``align_corners=True``, as the original.
    """

    def __init__(self, layers: tuple[int, int, int, int] = (3, 4, 6, 3), *, num_maps: int = 7,
                 scale: int = 1):
        super().__init__()
        self.scale = int(scale)
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu1 = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        cin = 64
        for i, (planes, n) in enumerate(zip((64, 128, 256, 512), layers)):
            blocks = []
            for j in range(n):
                blocks.append(Bottleneck(cin, planes, stride=2 if (i > 0 and j == 0) else 1))
                cin = planes * Bottleneck.expansion
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        # Registration order decides state_dict order: top, smooth 1-3, lateral 1-3, head.
        _conv_bn("toplayer", self, 2048, 256, 1)
        for i in (1, 2, 3):
            _conv_bn(f"smooth{i}", self, 256, 256, 3)
        for i, c in zip((1, 2, 3), (1024, 512, 256)):
            _conv_bn(f"latlayer{i}", self, c, 256, 1)
        self.conv2 = nn.Conv2d(1024, 256, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(256)
        self.conv3 = nn.Conv2d(256, num_maps, 1)

    def _cbr(self, name: str, x: torch.Tensor) -> torch.Tensor:
        return F.relu(getattr(self, f"{name}_bn")(getattr(self, name)(x)))

    @staticmethod
    def _resize(x: torch.Tensor, size) -> torch.Tensor:
        return F.interpolate(x, size=tuple(size), mode="bilinear", align_corners=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        y = self.maxpool(self.relu1(self.bn1(self.conv1(x))))
        c2 = self.layer1(y)
        c3 = self.layer2(c2)
        c4 = self.layer3(c3)
        c5 = self.layer4(c4)

        p5 = self._cbr("toplayer", c5)
        p4 = self._cbr("smooth1", self._resize(p5, c4.shape[-2:]) + self._cbr("latlayer1", c4))
        p3 = self._cbr("smooth2", self._resize(p4, c3.shape[-2:]) + self._cbr("latlayer2", c3))
        p2 = self._cbr("smooth3", self._resize(p3, c2.shape[-2:]) + self._cbr("latlayer3", c2))

        size = p2.shape[-2:]
        fused = torch.cat([p2, self._resize(p3, size), self._resize(p4, size), self._resize(p5, size)], 1)
        out = self.conv3(F.relu(self.bn2(self.conv2(fused))))
        return self._resize(out, (h // self.scale, w // self.scale))


def psenet_fpn_r50(*, num_maps: int = 7, scale: int = 1) -> PSENetFPN:
    """The published configuration: FPN-ResNet50, 7 maps, full-size output.

    Examples
    --------
    >>> with torch.device("meta"):
    ...     net = psenet_fpn_r50()
    >>> len(net.state_dict())
    376
    """
    return PSENetFPN((3, 4, 6, 3), num_maps=num_maps, scale=scale)
