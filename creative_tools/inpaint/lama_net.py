"""The big-lama generator: a Fast Fourier Convolution (FFC) ResNet, in plain PyTorch.

Written from the LaMa paper (Suvorov et al., WACV 2022, "Resolution-robust Large Mask
Inpainting with Fourier Convolutions") and the published big-lama configuration, so that
the generator entries of the official checkpoint load with ``strict=True`` once their
``generator.`` prefix is removed. Module and attribute names therefore follow the
checkpoint's key layout (``model.5.conv1.ffc.convg2g.fu.conv_layer.weight`` ...); the
layout and the forward computation are checked against ``shared/vectors/lama_ffc_big``.

Architecture (big-lama: 4 input channels, 3 output, ngf 64, 3 downsamplings,
18 residual blocks, global ratio 0.75 inside the blocks, no LFU, sigmoid output)::

    model.0   ReflectionPad2d(3)
    model.1   FFC 4 -> 64, 7x7            (all local)        + BN + ReLU
    model.2   FFC 64 -> 128, 3x3 stride 2 (reflect padding)  + BN + ReLU
    model.3   FFC 128 -> 256, 3x3 stride 2
    model.4   FFC 256 -> 512, 3x3 stride 2, output split 128 local / 384 global
    model.5-22  18 FFC residual blocks on (128 local, 384 global) at 1/8 resolution
    model.23  concatenate (local, global) -> 512 channels
    model.24-32 3 x (ConvTranspose2d stride 2 + BN + ReLU): 512 -> 256 -> 128 -> 64
    model.33  ReflectionPad2d(3)
    model.34  Conv2d 64 -> 3, 7x7
    model.35  Sigmoid

This module imports torch at import time; :mod:`creative_tools.inpaint.lama` imports it
only when a LaMa backend is built.
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = [
    "FourierUnit",
    "SpectralTransform",
    "FFC",
    "FFCBlock",
    "FFCResnetBlock",
    "JoinLocalGlobal",
    "FFCResNetGenerator",
    "big_lama",
]


class FourierUnit(nn.Module):
    """A 1x1 convolution applied in the 2-D Fourier domain (the global receptive field).

    ``rfft2`` (orthonormal) of the input; the real and imaginary parts of each channel
    become two interleaved real channels (``2c`` = real, ``2c+1`` = imaginary); 1x1 conv,
    BatchNorm, ReLU; back to complex and ``irfft2`` to the input's height and width.

    The transform always runs in float32 with autocast disabled: ``torch.fft`` rejects
    bfloat16, and half-precision FFTs on CUDA only accept power-of-two sizes, while
    inpainting crops are only multiples of 8. The result is cast back to the input dtype.

    Parameters
    ----------
    channels : int
        Input and output channels (the conv works on ``2 * channels``).
    """

    def __init__(self, channels: int):
        super().__init__()
        self.conv_layer = nn.Conv2d(2 * channels, 2 * channels, kernel_size=1, bias=False)
        self.bn = nn.BatchNorm2d(2 * channels)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dtype = x.dtype
        with torch.autocast(device_type=x.device.type, enabled=False):
            x = x.float()
            n, c, h, w = x.shape
            spec = torch.fft.rfftn(x, dim=(-2, -1), norm="ortho")  # (n, c, h, w//2+1) complex
            spec = torch.stack((spec.real, spec.imag), dim=2)  # (n, c, 2, h, wf)
            spec = spec.reshape(n, 2 * c, h, spec.shape[-1])
            spec = self.relu(self.bn(self.conv_layer(spec.to(self.conv_layer.weight.dtype))))
            spec = spec.float().reshape(n, -1, 2, h, spec.shape[-1])
            spec = torch.complex(spec[:, :, 0], spec[:, :, 1])
            out = torch.fft.irfftn(spec, s=(h, w), dim=(-2, -1), norm="ortho")
        return out.to(dtype)


class SpectralTransform(nn.Module):
    """The global-to-global branch of an FFC: 1x1 reduce, Fourier unit, residual, 1x1 expand.

    Parameters
    ----------
    in_channels, out_channels : int
    stride : {1, 2}
        2 averages 2x2 blocks first.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        hidden = out_channels // 2
        self.downsample = nn.AvgPool2d(kernel_size=2, stride=2) if stride == 2 else nn.Identity()
        self.conv1 = nn.Sequential(
            nn.Conv2d(in_channels, hidden, kernel_size=1, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
        )
        self.fu = FourierUnit(hidden)
        self.conv2 = nn.Conv2d(hidden, out_channels, kernel_size=1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(self.downsample(x))
        return self.conv2(x + self.fu(x))


def _split(channels: int, ratio: float) -> tuple[int, int]:
    """(local, global) channel counts; the global share is rounded down, as in LaMa."""
    g = int(channels * ratio)
    return channels - g, g


class FFC(nn.Module):
    """Fast Fourier Convolution on a (local, global) pair of feature maps.

    ``out_local = convl2l(local) + convg2l(global)`` and
    ``out_global = convl2g(local) + convg2g(global)``, where ``convg2g`` is a
    :class:`SpectralTransform` and the other three are ordinary convolutions. Branches
    whose input or output has no channels are absent (``None``) and contribute nothing.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size, stride, padding, dilation :
        Of the three spatial convolutions.
    ratio_gin, ratio_gout : float
        Share of global channels in the input and the output.
    padding_mode : str
        Padding of the spatial convolutions (big-lama: ``"reflect"``).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, *,
                 ratio_gin: float, ratio_gout: float, stride: int = 1, padding: int = 0,
                 dilation: int = 1, padding_mode: str = "reflect"):
        super().__init__()
        if stride not in (1, 2):
            raise ValueError(f"stride must be 1 or 2, got {stride}")
        in_l, in_g = _split(in_channels, ratio_gin)
        out_l, out_g = _split(out_channels, ratio_gout)
        self.out_l, self.out_g = out_l, out_g

        def conv(cin, cout):
            if cin == 0 or cout == 0:
                return None
            return nn.Conv2d(cin, cout, kernel_size, stride, padding, dilation, bias=False,
                             padding_mode=padding_mode)

        # Registration order fixes the state_dict order: l2l, l2g, g2l, g2g.
        self.convl2l = conv(in_l, out_l)
        self.convl2g = conv(in_l, out_g)
        self.convg2l = conv(in_g, out_l)
        self.convg2g = SpectralTransform(in_g, out_g, stride) if in_g and out_g else None

    @staticmethod
    def _sum(*terms):
        terms = [t for t in terms if t is not None]
        if not terms:
            return None
        out = terms[0]
        for t in terms[1:]:
            out = out + t
        return out

    def forward(self, x):
        x_l, x_g = x
        out_l = out_g = None
        if self.out_l:
            out_l = self._sum(
                self.convl2l(x_l) if self.convl2l is not None else None,
                self.convg2l(x_g) if self.convg2l is not None else None,
            )
        if self.out_g:
            out_g = self._sum(
                self.convl2g(x_l) if self.convl2g is not None else None,
                self.convg2g(x_g) if self.convg2g is not None else None,
            )
        return out_l, out_g


class FFCBlock(nn.Module):
    """:class:`FFC` followed by BatchNorm and ReLU on each non-empty branch.

    Takes and returns a ``(local, global)`` pair; an empty branch is ``None``.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, *,
                 ratio_gin: float, ratio_gout: float, stride: int = 1, padding: int = 0,
                 dilation: int = 1, padding_mode: str = "reflect"):
        super().__init__()
        self.ffc = FFC(in_channels, out_channels, kernel_size, ratio_gin=ratio_gin,
                       ratio_gout=ratio_gout, stride=stride, padding=padding,
                       dilation=dilation, padding_mode=padding_mode)
        out_l, out_g = _split(out_channels, ratio_gout)
        self.bn_l = nn.BatchNorm2d(out_l) if out_l else None
        self.bn_g = nn.BatchNorm2d(out_g) if out_g else None
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        x_l, x_g = self.ffc(x)
        if x_l is not None:
            x_l = self.act(self.bn_l(x_l))
        if x_g is not None:
            x_g = self.act(self.bn_g(x_g))
        return x_l, x_g


class FFCResnetBlock(nn.Module):
    """Two 3x3 :class:`FFCBlock` s with an identity shortcut on both branches."""

    def __init__(self, channels: int, *, ratio: float, padding_mode: str = "reflect"):
        super().__init__()
        kw = dict(ratio_gin=ratio, ratio_gout=ratio, padding=1, padding_mode=padding_mode)
        self.conv1 = FFCBlock(channels, channels, 3, **kw)
        self.conv2 = FFCBlock(channels, channels, 3, **kw)

    def forward(self, x):
        x_l, x_g = x
        y_l, y_g = self.conv2(self.conv1((x_l, x_g)))
        return x_l + y_l, x_g + y_g


class JoinLocalGlobal(nn.Module):
    """``cat([local, global], dim=1)`` (just ``local`` when there is no global branch)."""

    def forward(self, x):
        x_l, x_g = x
        return x_l if x_g is None else torch.cat((x_l, x_g), dim=1)


class _ToPair(nn.Module):
    """Start the (local, global) pair: an all-local tensor has no global branch."""

    def forward(self, x):
        return x if isinstance(x, tuple) else (x, None)


class FFCResNetGenerator(nn.Module):
    """LaMa's FFC ResNet generator.

    Parameters
    ----------
    input_nc, output_nc : int
        Input channels (RGB + mask = 4) and output channels (3).
    ngf : int
        Channels after the first convolution.
    n_downsampling : int
        Stride-2 FFC layers (and as many transposed convolutions back up).
    n_blocks : int
        FFC residual blocks at the bottleneck.
    ratio_g : float
        Global share of the channels from the last downsampling on.
    max_features : int
        Cap on the channel count.

    Forward
    -------
    x : (N, input_nc, H, W) float tensor, H and W multiples of ``2 ** n_downsampling``
    returns (N, output_nc, H, W) in [0, 1] (sigmoid).
    """

    def __init__(self, input_nc: int = 4, output_nc: int = 3, *, ngf: int = 64,
                 n_downsampling: int = 3, n_blocks: int = 18, ratio_g: float = 0.75,
                 max_features: int = 1024):
        super().__init__()
        self.downscale = 2 ** n_downsampling
        self.to_pair = _ToPair()

        def ch(c):
            return min(max_features, int(c))

        layers: list[nn.Module] = [
            nn.ReflectionPad2d(3),
            FFCBlock(input_nc, ngf, 7, ratio_gin=0, ratio_gout=0, padding=0),
        ]
        for i in range(n_downsampling):
            last = i == n_downsampling - 1
            layers.append(FFCBlock(ch(ngf * 2 ** i), ch(ngf * 2 ** (i + 1)), 3, stride=2, padding=1,
                                   ratio_gin=0, ratio_gout=ratio_g if last else 0))
        width = ch(ngf * 2 ** n_downsampling)
        layers += [FFCResnetBlock(width, ratio=ratio_g) for _ in range(n_blocks)]
        layers.append(JoinLocalGlobal())
        for i in range(n_downsampling):
            cin, cout = ch(ngf * 2 ** (n_downsampling - i)), ch(ngf * 2 ** (n_downsampling - i) / 2)
            layers += [
                nn.ConvTranspose2d(cin, cout, kernel_size=3, stride=2, padding=1, output_padding=1),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
            ]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, output_nc, kernel_size=7), nn.Sigmoid()]
        self.model = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        if h % self.downscale or w % self.downscale:
            raise ValueError(
                f"input height and width must be multiples of {self.downscale}, got {h}x{w}"
            )
        out = self.model[0](x)
        out = self.model[1](self.to_pair(out))
        for layer in self.model[2:]:
            out = layer(out)
        return out


def big_lama() -> FFCResNetGenerator:
    """The big-lama generator, randomly initialised, in ``eval()`` mode.

    Its ``state_dict()`` has the keys, shapes and order of the generator entries of
    ``big-lama/models/best.ckpt`` (without their ``generator.`` prefix).
    """
    return FFCResNetGenerator(4, 3, ngf=64, n_downsampling=3, n_blocks=18, ratio_g=0.75).eval()
