"""LaMa (big-lama): learned inpainting of large holes with Fast Fourier Convolutions.

Suvorov et al., "Resolution-robust Large Mask Inpainting with Fourier Convolutions",
WACV 2022 (https://github.com/advimman/lama, Apache-2.0). The network is this package's
own re-implementation (:mod:`creative_tools.inpaint.lama_net`), checked against
``shared/vectors/lama_ffc_big``; it loads either of two published files:

* ``big-lama``: the authors' PyTorch Lightning checkpoint ``big-lama/models/best.ckpt``
  from ``big-lama.zip``. Its ``state_dict`` holds the generator under ``generator.``;
  those entries are loaded **strictly** (the discriminator, losses, etc. are ignored).
* ``big-lama-torchscript``: ``big-lama.pt``, the TorchScript export that IOPaint /
  lama-cleaner and simple-lama-inpainting download. It is run as is, with their calling
  convention ``model(image, mask)``: image (N, 3, H, W) float in [0, 1] RGB, mask
  (N, 1, H, W) in {0, 1}; it returns (N, 3, H, W) in [0, 1] RGB, already blended.

The pipeline is LaMa's ``bin/predict.py``: RGB / 255, mask > 0, pad bottom/right to a
multiple of 8 with NumPy ``'symmetric'`` (done by :class:`~.base.Inpainter`), network
input ``cat(image * (1 - mask), mask)``, sigmoid output blended as
``mask * output + (1 - mask) * image``, times 255, clipped and truncated to uint8
(as LaMa does). Unmasked pixels are returned bit for bit. The result is RGB, never BGR.
"""

from __future__ import annotations

import pickle
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Sequence

import numpy as np

from ..contract import check_image, check_mask
from ..errors import BackendUnavailableError, ContractError, WeightsError
from ..registry import register
from ..weight_files import BIG_LAMA, BIG_LAMA_TORCHSCRIPT
from ..weights import check_state_dict, find, resolve
from .base import Inpainter, _pad_to

__all__ = ["BIG_LAMA", "BIG_LAMA_TORCHSCRIPT", "LamaInpainter", "load_generator_state", "is_torchscript"]

_FORMATS = ("auto", "checkpoint", "torchscript")
_PREFIX = "generator."


def is_torchscript(path: str | Path) -> bool:
    """True when ``path`` is a TorchScript archive (a zip with ``code/`` or ``constants.pkl``).

    A ``torch.save`` checkpoint is a zip too, but holds only ``data.pkl``, ``data/``,
    ``version`` and ``byteorder``.
    """
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return any(n.split("/", 1)[-1].startswith("code/") or n.endswith("constants.pkl") for n in names)


class _Inert:
    """Stands in for a class pickled in a checkpoint that we do not need (and never run)."""

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        self.args = args

    def __setstate__(self, state):
        self.state = state


def _torch_load(path: Path):
    """``torch.load(weights_only=True)``; unknown pickled classes become inert stubs.

    Lightning checkpoints pickle more than tensors (callback classes as dict keys,
    OmegaConf configs, ...), which ``weights_only=True`` refuses. Those names are read
    statically from the pickle and allow-listed as :class:`_Inert` stand-ins, so the
    safe unpickler still runs and no code from the file is ever imported or called.
    """
    import torch

    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        first = e
    try:
        names = torch.serialization.get_unsafe_globals_in_checkpoint(path)
    except Exception:
        raise first from None
    if not names:
        raise first
    stubs = [(type(n.rsplit(".", 1)[-1], (_Inert,), {"__qualname__": n}), n) for n in names]
    with torch.serialization.safe_globals(stubs):
        return torch.load(path, map_location="cpu", weights_only=True)


def load_generator_state(path: str | Path) -> dict:
    """Read the big-lama generator's state_dict from a checkpoint file.

    Parameters
    ----------
    path : path-like
        A Lightning checkpoint (``{'state_dict': {'generator.<key>': tensor, ...}}``),
        or a plain generator state_dict (keys without the prefix).

    Returns
    -------
    dict of str to torch.Tensor
        Keys without the ``generator.`` prefix; entries of other sub-modules dropped.

    Raises
    ------
    WeightsError
        The file cannot be read (truncated, corrupted, not a PyTorch file) or holds no
        state_dict; the message names the file.
    """
    path = Path(path)
    try:
        obj = _torch_load(path)
    except Exception as e:
        raise WeightsError(
            f"{path}: cannot be read as a LaMa checkpoint ({type(e).__name__}: {e}). "
            "The file may be incomplete or corrupted: download it again."
        ) from e
    sd = obj.get("state_dict", obj) if isinstance(obj, Mapping) else None
    if not isinstance(sd, Mapping) or not sd:
        raise WeightsError(f"{path}: holds no state_dict (got {type(obj).__name__})")
    if any(isinstance(k, str) and k.startswith(_PREFIX) for k in sd):
        sd = {k[len(_PREFIX):]: v for k, v in sd.items() if isinstance(k, str) and k.startswith(_PREFIX)}
    return dict(sd)


def _load_strict(net, sd: Mapping, path: Path) -> None:
    check_state_dict(sd, net.state_dict(), path, "a big-lama generator")
    net.load_state_dict(sd, strict=True)


class LamaInpainter(Inpainter):
    """big-lama inpainting (FFC ResNet generator), from a checkpoint or TorchScript file.

    Parameters
    ----------
    weights : path-like, optional
        A Lightning ``.ckpt`` (or its model folder, holding ``models/best.ckpt``), a
        plain generator state_dict, or a TorchScript ``.pt``. None: the cached
        ``big-lama`` file (downloaded unless offline), or the cached
        ``big-lama-torchscript`` file when only that one is present.
    format : {"auto", "checkpoint", "torchscript"}
        How to read ``weights``; ``auto`` looks at the file's content.
    device : str
        Torch device, e.g. ``"cpu"`` (default), ``"cuda"``, ``"cuda:1"``.
    half : bool
        Run the convolutions in float16 under CUDA autocast (about 2x faster, half the
        memory). The Fourier units still run in float32: ``torch.fft`` rejects
        bfloat16, and float16 FFTs on CUDA only accept power-of-two sizes. If the half
        result is not finite, a warning is issued and the batch is redone in float32.
        Needs a CUDA device and the checkpoint format.
    batch_size : int
        Most crops of equal padded size sent through the network together.
    **kwargs
        Strategy options of :class:`~creative_tools.inpaint.base.Inpainter`
        (``strategy``, ``working_size`` (default 512), ``margin_ratio``, ``min_margin``).

    Raises
    ------
    WeightsNotFoundError
        No file given, none cached and no download possible (offline).
    WeightsError
        The file is corrupted or is not a big-lama generator.
    ContractError
        Bad option values (unknown format or device, ``half`` without CUDA).
    BackendUnavailableError
        A CUDA device was asked for but none is available.
    """

    name = "lama"
    pad_modulo = 8
    default_working_size = 512

    def __init__(self, *, weights: str | Path | None = None, format: str = "auto",
                 device: str = "cpu", half: bool = False, batch_size: int = 4, **kwargs):
        super().__init__(**kwargs)
        if format not in _FORMATS:
            raise ContractError(f"format must be one of {list(_FORMATS)}, got {format!r}")
        if int(batch_size) < 1:
            raise ContractError(f"batch_size must be >= 1, got {batch_size}")
        self.batch_size = int(batch_size)

        import torch

        self._torch = torch
        try:
            self.device = torch.device(device)
        except (RuntimeError, TypeError) as e:
            raise ContractError(f"device must be a torch device name like 'cpu' or 'cuda:0', got {device!r}") from e
        if self.device.type == "cuda" and not torch.cuda.is_available():
            raise BackendUnavailableError(f"device {device!r} asked for, but CUDA is not available here")
        self.half = bool(half)
        if self.half and self.device.type != "cuda":
            raise ContractError(f"half=True needs a CUDA device, got device={device!r}")
        self.path, self.format = self._find_weights(weights, format)
        if self.half and self.format == "torchscript":
            raise ContractError("half=True is supported for the checkpoint format only, "
                                f"not for the TorchScript file {self.path}")

        self._net = self._jit = None
        if self.format == "torchscript":
            try:
                with warnings.catch_warnings():
                    # torch >= 2.10 deprecates TorchScript; the published file is one.
                    warnings.filterwarnings("ignore", category=FutureWarning, message=".*torch.jit")
                    self._jit = torch.jit.load(str(self.path), map_location=self.device).eval()
            except Exception as e:
                raise WeightsError(
                    f"{self.path}: cannot be loaded as TorchScript ({type(e).__name__}: {e}). "
                    "The file may be incomplete or corrupted: download it again."
                ) from e
        else:
            from .lama_net import big_lama

            net = big_lama()
            _load_strict(net, load_generator_state(self.path), self.path)
            self._net = net.to(self.device).eval()

    @staticmethod
    def _find_weights(weights, format: str) -> tuple[Path, str]:
        if weights is None:
            if format == "torchscript" or (format == "auto" and find(BIG_LAMA.name) is None
                                           and find(BIG_LAMA_TORCHSCRIPT.name) is not None):
                return resolve(BIG_LAMA_TORCHSCRIPT.name), "torchscript"
            return resolve(BIG_LAMA.name), "checkpoint"
        p = Path(weights).expanduser()
        if p.is_dir() and (p / "models" / "best.ckpt").is_file():
            p = p / "models" / "best.ckpt"  # LaMa's model folder, as predict.py takes it
        if format == "auto":
            format = "torchscript" if p.is_file() and is_torchscript(p) else "checkpoint"
        record = BIG_LAMA_TORCHSCRIPT if format == "torchscript" else BIG_LAMA
        return resolve(record.name, p), format  # raises WeightsNotFoundError for a bad path

    # -- the forward step ------------------------------------------------------------
    def _forward(self, img, mask):
        """(N,3,H,W) [0,1] float32 and (N,1,H,W) {0,1} float32 -> (N,3,H,W) [0,1] float32."""
        torch = self._torch
        if self._jit is not None:
            out = self._jit(img, mask)
            if not (isinstance(out, torch.Tensor) and out.shape == img.shape):
                raise WeightsError(
                    f"{self.path}: the TorchScript module returned "
                    f"{getattr(out, 'shape', type(out).__name__)}, expected {tuple(img.shape)}"
                )
            return out.float()
        x = torch.cat([img * (1 - mask), mask], dim=1)
        if self.half:
            with torch.autocast(device_type="cuda", dtype=torch.float16):
                pred = self._net(x).float()
            if torch.isfinite(pred).all():
                return pred
            warnings.warn("LaMa: float16 run gave non-finite values; redoing this batch in float32",
                          RuntimeWarning, stacklevel=3)
        return self._net(x).float()

    def _run(self, images: np.ndarray, masks: np.ndarray) -> np.ndarray:
        """(N,H,W,3) uint8 and (N,H,W) bool, H and W multiples of 8 -> (N,H,W,3) uint8."""
        torch = self._torch
        with torch.inference_mode():
            img = torch.from_numpy(images).to(self.device).permute(0, 3, 1, 2).float().div_(255)
            m = torch.from_numpy(masks).to(self.device)[:, None].float()
            pred = self._forward(img, m)
            out = m * pred + (1 - m) * img
            # LaMa's own conversion: * 255, clip, truncate to uint8.
            out = (out * 255).clamp_(0, 255).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
        # Unmasked pixels exactly as given (the float round trip can be off by one).
        return np.where(masks[..., None], out, images)

    def _inpaint(self, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Fill ``mask`` in ``image`` at its size.

        Parameters
        ----------
        image : (H, W, 3) uint8 RGB
        mask : (H, W) bool, True = hole

        Returns
        -------
        (H, W, 3) uint8 RGB
        """
        check_image(image)
        check_mask(mask, like=image)
        h, w = mask.shape
        out = self._run(_pad_to(image, self.pad_modulo)[None], _pad_to(mask, self.pad_modulo)[None])
        return np.ascontiguousarray(out[0, :h, :w])

    def _inpaint_many(self, items: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """Fill several crops; crops of equal size go through the network together."""
        if self._jit is not None:
            # The export was traced and is only known to work one image at a time.
            return [self._inpaint(im, m) for im, m in items]
        results: list[np.ndarray | None] = [None] * len(items)
        groups: dict[tuple[int, int], list[int]] = {}
        for i, (im, m) in enumerate(items):
            check_image(im, f"items[{i}] image")
            check_mask(m, f"items[{i}] mask", like=im, like_name=f"items[{i}] image")
            groups.setdefault(m.shape, []).append(i)
        for (h, w), idx in groups.items():
            for s in range(0, len(idx), self.batch_size):
                chunk = idx[s:s + self.batch_size]
                ims = np.stack([_pad_to(items[i][0], self.pad_modulo) for i in chunk])
                ms = np.stack([_pad_to(items[i][1], self.pad_modulo) for i in chunk])
                out = self._run(ims, ms)
                for j, i in enumerate(chunk):
                    results[i] = np.ascontiguousarray(out[j, :h, :w])
        return results

    def __repr__(self) -> str:
        return (f"<LamaInpainter {self.format} {self.path.name} device={self.device} half={self.half} "
                f"strategy={self.strategy} working_size={self.working_size}>")


@register("inpaint", "lama",
          description="LaMa big-lama (Fourier convolutions): best for large holes (torch; 51M-parameter generator)",
          requires=("torch",), weights=(BIG_LAMA.name,), accepts_device=True)
def _lama(**options) -> LamaInpainter:
    return LamaInpainter(**options)
