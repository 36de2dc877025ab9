"""Person backends built on torchvision's semantic-segmentation models.

Three networks trained by torchvision on the COCO images that hold the 20 Pascal VOC
categories (21 classes with the background; ``person`` is class 15):

==============================  =========  ====================  ===============
backend / weights record        params     COCO-val mIoU (VOC)   file
==============================  =========  ====================  ===============
``fcn_resnet50``                35.3 M     60.5                  135 MB
``deeplabv3_resnet50``          42.0 M     66.4                  161 MB
``deeplabv3_mobilenet_v3_large``  11.0 M   60.3                  42 MB
==============================  =========  ====================  ===============

The network is built with ``weights=None`` (torchvision downloads nothing) and our own
resolver finds the checkpoint (:func:`creative_tools.weights.resolve`): an explicit
``weights=`` path, else torch hub's ``checkpoints`` folder (so a file torchvision
already downloaded is reused), else a download. Every file is checked against the
sha256 prefix torchvision puts in its name before ``torch.load(weights_only=True)``.

Preprocessing is the weights' own (torchvision's ``SemanticSegmentation`` transform):
RGB in [0, 1], resized keeping the aspect ratio so the *short* side is 520 (bilinear,
antialiased), ImageNet mean/std. The person probability is the softmax over the 21
classes, channel 15, upsampled bilinearly to the input's full size.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import weights as W
from ..errors import BackendUnavailableError, ContractError, WeightsError
from ..registry import register
from ..weight_files import CATALOGUE
from .base import PersonSegmenter

__all__ = ["TorchvisionPerson", "ARCHITECTURES", "PERSON_CLASS", "working_size"]

PERSON_CLASS = 15  # index of "person" in the weights' 21 VOC categories
NUM_CLASSES = 21

# The weight records (URLs, hashes, preprocessing) are in creative_tools.weight_files.
ARCHITECTURES: dict[str, dict] = {
    "fcn_resnet50": {
        "builder": "fcn_resnet50",
        "description": "torchvision FCN-ResNet50 (COCO, VOC labels), person = class 15",
    },
    "deeplabv3_resnet50": {
        "builder": "deeplabv3_resnet50",
        "description": "torchvision DeepLabV3-ResNet50 (COCO, VOC labels), person = class 15",
    },
    "deeplabv3_mobilenet_v3_large": {
        "builder": "deeplabv3_mobilenet_v3_large",
        "description": "torchvision DeepLabV3-MobileNetV3-Large (COCO, VOC labels), "
                       "person = class 15; the fastest",
    },
}


#: arch -> its weight record (:mod:`creative_tools.weight_files`).
WEIGHTS = {name: CATALOGUE[name] for name in ARCHITECTURES}


def working_size(height: int, width: int, *, short_side: int | None = 520) -> tuple[int, int]:
    """Size ``(h, w)`` the network sees: short side ``short_side``, aspect ratio kept.

    The same rule as torchvision's ``resize(img, [short_side])``: the long side is
    ``int(short_side * long / short)`` (rounded down). ``short_side=None`` keeps the size.

    Examples
    --------
    >>> working_size(1080, 1920)
    (520, 924)
    >>> working_size(1200, 628, short_side=520)
    (993, 520)
    >>> working_size(300, 300, short_side=None)
    (300, 300)
    """
    if short_side is None:
        return int(height), int(width)
    if height <= width:
        return int(short_side), int(short_side * width / height)
    return int(short_side * height / width), int(short_side)


_DTYPES = ("float32", "float16", "bfloat16")


class TorchvisionPerson(PersonSegmenter):
    """A loaded torchvision VOC-label segmentation network used as a person segmenter.

    Parameters
    ----------
    arch : {"fcn_resnet50", "deeplabv3_resnet50", "deeplabv3_mobilenet_v3_large"}
        Network, also the name of its weights record.
    threshold : float
        Probability above which a pixel is "person" (default 0.5).
    device : str or torch.device
        Torch device (default ``"cpu"``), e.g. ``"cuda"`` or ``"cuda:1"``.
    half : bool
        Run the network in float16 (CUDA only). Same as ``dtype="float16"``.
    dtype : {None, "float32", "float16", "bfloat16"} or torch.dtype
        Network precision; None means float32 (or float16 when ``half``). Softmax and
        upsampling always run in float32. float16 needs a CUDA device.
    resize : int or None
        Short side the image is resized to before the network (aspect ratio kept;
        default 520, what the weights were trained and evaluated at). None feeds the
        image at its own size.
    weights : path-like, optional
        An explicit checkpoint file; by default the resolver finds (or downloads) the
        published one. Either way its sha256 must match the published file's.
    batch_size : int
        Largest number of same-size images sent through the network at once.

    Raises
    ------
    WeightsNotFoundError
        No checkpoint given, cached or downloadable (offline); the message names the
        file, the folder it looked in and the URL.
    WeightsHashMismatch
        The checkpoint is not the published file (it is left in place).
    WeightsError
        The file is not a state dict of this network.
    BackendUnavailableError
        ``device`` is a CUDA device and none is available.
    ContractError
        An option is out of range or two options conflict.

    Examples
    --------
    >>> seg = TorchvisionPerson("deeplabv3_mobilenet_v3_large")  # doctest: +SKIP
    >>> seg.probability(image).shape == image.shape[:2]  # doctest: +SKIP
    True
    """

    def __init__(
        self,
        arch: str,
        *,
        threshold: float = 0.5,
        device="cpu",
        half: bool = False,
        dtype=None,
        resize: int | None = 520,
        weights=None,
        batch_size: int = 8,
    ):
        super().__init__(threshold=threshold)
        if arch not in ARCHITECTURES:
            raise ContractError(f"arch must be one of {sorted(ARCHITECTURES)}, got {arch!r}")
        import torch

        self._torch = torch
        self.name = arch
        self.device = self._check_device(device)
        self.dtype = self._check_dtype(half, dtype, self.device)
        if resize is not None and (isinstance(resize, bool) or not isinstance(resize, (int, np.integer))
                                   or resize < 1):
            raise ContractError(f"resize must be a positive int or None, got {resize!r}")
        self.resize = None if resize is None else int(resize)
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ContractError(f"batch_size must be a positive int, got {batch_size!r}")
        self.batch_size = int(batch_size)

        self.weights_path = W.resolve(arch, path=weights)
        self.model = self._build(arch, self.weights_path)
        pre = WEIGHTS[arch].preprocessing
        self._mean = torch.tensor(pre["mean"], device=self.device).view(1, 3, 1, 1)
        self._std = torch.tensor(pre["std"], device=self.device).view(1, 3, 1, 1)

    # -- options ----------------------------------------------------------------------
    def _check_device(self, device):
        torch = self._torch
        try:
            dev = torch.device(device)
        except (RuntimeError, TypeError) as e:
            raise ContractError(f"device must be a torch device such as 'cpu' or 'cuda', got {device!r}") from e
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise BackendUnavailableError(f"device {device!r} asked for, but torch sees no CUDA device")
        return dev

    def _check_dtype(self, half, dtype, device):
        torch = self._torch
        if dtype is None:
            dt = torch.float16 if half else torch.float32
        else:
            names = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
            if isinstance(dtype, str):
                if dtype not in names:
                    raise ContractError(f"dtype must be one of {list(_DTYPES)}, got {dtype!r}")
                dt = names[dtype]
            elif dtype in names.values():
                dt = dtype
            else:
                raise ContractError(f"dtype must be one of {list(_DTYPES)}, got {dtype!r}")
            if half and dt != torch.float16:
                raise ContractError(f"half=True asks for float16 but dtype={dtype!r}; give only one of them")
        if dt == torch.float16 and device.type != "cuda":
            raise ContractError(
                f"float16 (half=True) runs on CUDA devices only, got device {str(device)!r}; "
                "use dtype='bfloat16' or float32 on the CPU"
            )
        return dt

    # -- model ------------------------------------------------------------------------
    def _build(self, arch: str, path):
        torch = self._torch
        from torchvision.models import segmentation

        try:
            state = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as e:  # pickle/zip errors have many types
            raise WeightsError(f"{path}: cannot be read as a {arch} checkpoint ({type(e).__name__}: {e})") from e
        if not isinstance(state, dict):
            raise WeightsError(f"{path}: expected a state dict for {arch}, got {type(state).__name__}")
        # The published checkpoints carry the auxiliary (training-only) head; build it
        # so the strict load checks every key, then drop it: inference never uses it.
        aux = any(k.startswith("aux_classifier.") for k in state)
        builder = getattr(segmentation, ARCHITECTURES[arch]["builder"])
        model = builder(weights=None, weights_backbone=None, num_classes=NUM_CLASSES, aux_loss=aux)
        try:
            model.load_state_dict(state, strict=True)
        except RuntimeError as e:
            raise WeightsError(f"{path}: not a {arch} state dict with {NUM_CLASSES} classes: {e}") from e
        model.aux_classifier = None
        return model.eval().to(device=self.device, dtype=self.dtype)

    # -- inference --------------------------------------------------------------------
    def _predict(self, images: Sequence[np.ndarray]) -> list[np.ndarray]:
        # Same-size images share a forward pass; other sizes go one group at a time.
        groups: dict[tuple[int, int], list[int]] = {}
        for i, im in enumerate(images):
            groups.setdefault(im.shape[:2], []).append(i)
        out: list[np.ndarray | None] = [None] * len(images)
        for idx in groups.values():
            for s in range(0, len(idx), self.batch_size):
                chunk = idx[s:s + self.batch_size]
                probs = self._forward(np.stack([images[i] for i in chunk]))
                for i, p in zip(chunk, probs):
                    out[i] = p
        return out  # type: ignore[return-value]

    def _forward(self, batch: np.ndarray) -> np.ndarray:
        """``(N, H, W, 3) uint8`` RGB -> ``(N, H, W) float32`` person probabilities."""
        torch = self._torch
        F = torch.nn.functional
        n, h, w = batch.shape[:3]
        with torch.inference_mode():
            x = torch.from_numpy(np.ascontiguousarray(batch)).to(self.device)
            x = x.permute(0, 3, 1, 2).float().div_(255.0)
            size = working_size(h, w, short_side=self.resize)
            if size != (h, w):
                x = F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=True)
            x = (x - self._mean) / self._std
            logits = self.model(x.to(self.dtype))["out"].float()
            prob = logits.softmax(dim=1)[:, PERSON_CLASS:PERSON_CLASS + 1]
            if prob.shape[-2:] != (h, w):
                prob = F.interpolate(prob, size=(h, w), mode="bilinear", align_corners=False)
            prob = prob[:, 0].clamp_(0.0, 1.0)
            return prob.cpu().numpy().astype(np.float32, copy=False)

    def __repr__(self) -> str:
        return (f"<TorchvisionPerson {self.name!r} device={str(self.device)!r} "
                f"dtype={str(self.dtype).replace('torch.', '')} resize={self.resize} "
                f"threshold={self.threshold}>")


def _make_factory(arch: str):
    def factory(*, threshold: float = 0.5, device="cpu", half: bool = False, dtype=None,
                resize: int | None = 520, weights=None, batch_size: int = 8) -> TorchvisionPerson:
        return TorchvisionPerson(arch, threshold=threshold, device=device, half=half, dtype=dtype,
                                 resize=resize, weights=weights, batch_size=batch_size)

    factory.__name__ = factory.__qualname__ = f"load_{arch}"
    factory.__doc__ = (f"Load the ``{arch}`` person backend; options as in "
                       ":class:`TorchvisionPerson`.")
    return factory


for _arch, _a in ARCHITECTURES.items():
    register(
        "person",
        _arch,
        description=_a["description"],
        requires=("torch", "torchvision"),
        weights=(_arch,),
        accepts_device=True,
    )(_make_factory(_arch))
