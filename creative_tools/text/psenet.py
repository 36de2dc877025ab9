"""``psenet``: PSENet (FPN-ResNet50) text detector with the published weights.

The network (:mod:`creative_tools.text.psenet_net`), the progressive scale expansion
(:mod:`creative_tools.text.pse`) and the pre/post-processing re-implement
``psenet_text_detector`` 0.1.1 (``predict.get_prediction``), and its weight file
``psenet_best.pth`` loads unchanged:

* RGB image, resized with one factor so that its long side is ``long_side`` (1280;
  ``cv2.resize`` bilinear, small images are upscaled too), scaled to [0, 1] and
  normalised with the record's mean/std (unusual constants, but the package's);
* 7 logit maps at the resized size; a pixel of map i is on when its logit is
  > ``binary_th`` (1.0, on logits: sigmoid > 0.731); maps 0..``kernel_num``-1 are
  intersected with map 0 and expanded by PSE from the smallest
  (``min_kernel_area`` = 10 drops small seeds);
* instances with fewer than ``min_area`` (300) pixels or a mean sigmoid(map 0) below
  ``min_score`` (0.93) are dropped; each remaining one becomes the 4 corners of its
  ``cv2.minAreaRect``, scaled back to the original image and truncated to integers
  as the package does.

The probability map is sigmoid(map 0) resized to the image; the mask comes from the
shared :func:`~creative_tools.text.glyphs.text_mask`. torch is imported only when a
model is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..errors import BackendUnavailableError, WeightsError
from ..registry import register
from ..weight_files import PSENET_R50
from ..weights import check_state_dict, resolve
from .base import TextDetector
from .pse import pse

__all__ = ["PSENET_R50", "PSENetText", "load_psenet", "boxes_from_labels"]

def _describe_keys(keys: Sequence[str], n: int = 3) -> str:
    keys = list(keys)
    more = f", ... ({len(keys)} in all)" if len(keys) > n else ""
    return ", ".join(repr(k) for k in keys[:n]) + more


def load_psenet(path: str | Path):
    """Build the FPN-ResNet50 PSENet and load a checkpoint strictly (CPU, float32, eval).

    Parameters
    ----------
    path : path-like
        A ``psenet_best.pth``-style file: ``{'state_dict': {...}}`` or a bare state
        dict, keys optionally prefixed with ``module.``.

    Returns
    -------
    torch.nn.Module
        :class:`~creative_tools.text.psenet_net.PSENetFPN` in eval mode.

    Raises
    ------
    WeightsError
        If the file cannot be read by ``torch.load(weights_only=True)`` or its keys or
        shapes are not the PSENet FPN-ResNet50 layout; the message names the file.
    """
    import torch

    from .psenet_net import psenet_fpn_r50

    path = Path(path)
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:
        try:
            with open(path, "rb") as f:
                head = f.read(512).lstrip().lower()
        except OSError:
            head = b""
        hint = ""
        if head.startswith((b"<!doctype html", b"<html")):
            hint = (" It is an HTML page (Google Drive serves one instead of large files "
                    "to plain HTTP clients): delete it and download the file in a browser"
                    f" from {PSENET_R50.urls[-1]}.")
        raise WeightsError(
            f"{path}: not a readable PyTorch checkpoint ({type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else e!r}).{hint}"
        ) from e
    sd = ckpt.get("state_dict", ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(sd, dict) or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        raise WeightsError(
            f"{path}: expected a dict with a 'state_dict' of tensors (or a bare state dict), "
            f"got {type(ckpt).__name__}"
            + (f" with keys {_describe_keys(map(str, ckpt))}" if isinstance(ckpt, dict) else "")
        )
    sd = {(k[len("module."):] if k.startswith("module.") else k): v for k, v in sd.items()}
    with torch.device("meta"):
        net = psenet_fpn_r50()
    check_state_dict(sd, net.state_dict(), path, "a PSENet FPN-ResNet50 (7 maps) checkpoint")
    # assign=True keeps the loaded tensors (no second 115 MB copy, no random init).
    net.load_state_dict(sd, strict=True, assign=True)
    return net.float().eval()


def _clockwise_from_top_left(box: np.ndarray) -> np.ndarray:
    # Positive shoelace area in (x, y-down) coordinates = clockwise on screen.
    x, y = box[:, 0], box[:, 1]
    if float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) < 0:
        box = box[::-1]
    return np.roll(box, -int(np.argmin(box.sum(1))), axis=0)


def boxes_from_labels(labels: np.ndarray, score: np.ndarray, *, size: tuple[int, int],
                      min_area: float = 300, min_score: float = 0.93):
    """Boxes of PSE instances, filtered as ``psenet_text_detector`` does.

    Parameters
    ----------
    labels : (h, w) int32
        PSE output at network resolution.
    score : (h, w) float32
        sigmoid(map 0) at network resolution.
    size : (W, H)
        Original image size; boxes are scaled by ``(W / w, H / h)``.
    min_area : float, default 300
        Instances with fewer pixels (at network resolution) are dropped.
    min_score : float, default 0.93
        Instances whose mean score is below this are dropped.

    Returns
    -------
    polygons : list of (4, 2) float32
        ``cv2.minAreaRect`` corners in original pixels, truncated to integers like the
        package, clockwise from the top-left.
    scores : (n,) float32
        Mean score of each kept instance.

    Examples
    --------
    >>> lab = np.zeros((40, 60), np.int32); lab[10:30, 5:45] = 2
    >>> polys, scores = boxes_from_labels(lab, np.full((40, 60), 0.95, np.float32),
    ...                                   size=(120, 80))
    >>> polys[0].tolist(), [round(float(s), 2) for s in scores]
    ([[10.0, 20.0], [88.0, 20.0], [88.0, 58.0], [10.0, 58.0]], [0.95])
    """
    h, w = labels.shape
    sx, sy = size[0] / w, size[1] / h
    flat = labels.ravel()
    n = int(flat.max(initial=0)) + 1
    area = np.bincount(flat, minlength=n)
    mean = np.bincount(flat, weights=score.ravel().astype(np.float64), minlength=n) / np.maximum(area, 1)
    keep = [i for i in range(1, n) if area[i] >= min_area and mean[i] >= min_score]
    polys, scores = [], []
    if keep:
        order = np.argsort(flat, kind="stable")
        starts = np.concatenate([[0], np.cumsum(area)])
        for i in keep:
            idx = order[starts[i]:starts[i + 1]]
            pts = np.stack([idx % w, idx // w], 1).astype(np.float32)  # (x, y)
            box = cv2.boxPoints(cv2.minAreaRect(pts)) * np.array([sx, sy])  # float64, as the package
            polys.append(_clockwise_from_top_left(box.astype(np.int32).astype(np.float32)))
            scores.append(mean[i])
    return polys, np.asarray(scores, np.float32)


class PSENetText(TextDetector):
    """PSENet FPN-ResNet50 text detector (published ``psenet_best.pth``).

    Parameters
    ----------
    weights : path-like, optional
        An explicit checkpoint; default: the ``psenet_r50`` record resolved from the
        cache (downloaded when allowed).
    device : str, default "cpu"
        torch device, e.g. ``"cuda"``.
    half : bool, default False
        Run the network in float16 (CUDA only).
    long_side : int, default 1280
        The image is resized so that its long side has this many pixels.
    binary_th : float, default 1.0
        Threshold on the **logits** (not probabilities) that turns maps into kernels.
    kernel_num : int, default 3
        How many maps (0..kernel_num-1) PSE expands; map kernel_num-1 gives the seeds.
    min_kernel_area : float, default 10
        Seeds with fewer pixels (at network resolution) are dropped.
    min_area : float, default 300
        Instances with fewer pixels (at network resolution) are dropped.
    min_score : float, default 0.93
        Instances whose mean sigmoid(map 0) is lower are dropped.
    max_batch : int, default 4
        Most same-size images run in one forward pass.
    tight : bool, default True
        Mask the glyphs inside the boxes (False: fill the boxes).
    ground : bool, default True
        The glyph masks' two-layer model (``ground`` of
        :func:`~creative_tools.text.glyphs.text_mask`).
    blobs : float, default 0.0
        Drop a glyph-mask piece that is a flat convex blob, not strokes (``blobs`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0 = off; 0.3 opt-in).
    rim_alpha : float, default 0.0
        Add the glyphs' antialiased rim by a two-colour mixing test (``rim_alpha`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0 = off; 0.05 opt-in).
    piece_contrast : float, default 0.0
        Drop a small glyph-mask piece that stands out from its surroundings far less than
        its box's letters (``piece_contrast`` of :func:`~creative_tools.text.glyphs.text_mask`;
        0 = off; 0.3 opt-in).
    box_letters : float, default 0.0
        Replace a filled fallback box by its letters grown by ``box_letters`` x the text
        height where they are found with confidence (``box_letters`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0 = off).
    blend : float, default 0.0
        Take a piece's glyphs as a translucent ink blended over a textured ground where the
        smooth ground decides nothing (``blend`` of :func:`~creative_tools.text.glyphs.text_mask`;
        0 = off).
    blend_colours : int, default 1
        With ``blend``, the ring's colours cut into this many ground colours, each its own
        density (``blend_colours`` of :func:`~creative_tools.text.glyphs.text_mask`; 1 = one
        density, the default).
    blend_thin : float, default 0.0
        With ``blend``, strokes too thin for its smoothing judged at their own width
        (``blend_thin`` of :func:`~creative_tools.text.glyphs.text_mask`; 0 = off).
    blend_thin_after : bool, default False
        With ``blend_thin``, the thin strokes joined only once every guard of ``blend`` has
        passed (``blend_thin_after`` of :func:`~creative_tools.text.glyphs.text_mask`; False,
        the default, joins them before the guards).
    blend_refit : float, default 0.0
        With ``blend``, the ink fitted again per word-long run of a piece once its guards
        have passed (``blend_refit`` of :func:`~creative_tools.text.glyphs.text_mask`; 0 = off,
        the default).
    drop_shadow : float, default 0.1
        Each line's drop shadow added: its letters shifted by one offset of at most
        ``drop_shadow`` x the text height, in a second ink (``drop_shadow`` of
        :func:`~creative_tools.text.glyphs.text_mask`; 0.1, the default since session 36; 0 = off).

    Raises
    ------
    WeightsNotFoundError
        When no file is given or cached and none can be downloaded.
    WeightsError
        When the file is not a PSENet FPN-ResNet50 checkpoint.
    BackendUnavailableError
        For a CUDA device that is not there.
    ValueError
        For out-of-range options, or ``half=True`` on a CPU device.
    """

    name = "psenet"
    weight_record = PSENET_R50

    def __init__(
        self,
        *,
        weights: str | Path | None = None,
        device: str = "cpu",
        half: bool = False,
        long_side: int = 1280,
        binary_th: float = 1.0,
        kernel_num: int = 3,
        min_kernel_area: float = 10,
        min_area: float = 300,
        min_score: float = 0.93,
        max_batch: int = 4,
        tight: bool = True,
        ground: bool = True,
        blobs: float = 0.0,
        rim_alpha: float = 0.0,
        piece_contrast: float = 0.0,
        box_letters: float = 0.0,
        blend: float = 0.0,
        blend_colours: int = 1,
        blend_thin: float = 0.0,
        blend_thin_after: bool = False,
        blend_refit: float = 0.0,
        drop_shadow: float = 0.1,
    ):
        super().__init__(tight=tight, ground=ground, blobs=blobs, rim_alpha=rim_alpha,
                         piece_contrast=piece_contrast, box_letters=box_letters, blend=blend,
                         blend_colours=blend_colours, blend_thin=blend_thin,
                         blend_thin_after=blend_thin_after, blend_refit=blend_refit, drop_shadow=drop_shadow)
        if not 1 <= int(kernel_num) <= 7:
            raise ValueError(f"kernel_num must be in 1..7 (the network has 7 maps), got {kernel_num}")
        if int(long_side) < 32:
            raise ValueError(f"long_side must be >= 32, got {long_side}")
        if int(max_batch) < 1:
            raise ValueError(f"max_batch must be >= 1, got {max_batch}")
        self.long_side = int(long_side)
        self.binary_th = float(binary_th)
        self.kernel_num = int(kernel_num)
        self.min_kernel_area = float(min_kernel_area)
        self.min_area = float(min_area)
        self.min_score = float(min_score)
        self.max_batch = int(max_batch)
        # Resolve first: a missing file is reported before torch is even imported.
        self.weights_path = resolve(PSENET_R50.name, weights)

        import torch

        dev = torch.device(device)
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise BackendUnavailableError(f"text backend 'psenet': device {device!r} requested but CUDA is not available")
        if half and dev.type != "cuda":
            raise ValueError(f"half=True needs a CUDA device, got device={device!r}")
        self.device = dev
        self.dtype = torch.float16 if half else torch.float32
        self.net = load_psenet(self.weights_path).to(dev, self.dtype)
        p = PSENET_R50.preprocessing
        self._mean = torch.tensor(p["mean"], dtype=torch.float32, device=dev).view(1, 3, 1, 1)
        self._std = torch.tensor(p["std"], dtype=torch.float32, device=dev).view(1, 3, 1, 1)

    # -- network ---------------------------------------------------------------------
    def _resized(self, image: np.ndarray) -> np.ndarray:
        h, w = image.shape[:2]
        s = self.long_side / max(h, w)
        # the package's call: fx/fy, OpenCV rounds the size
        return cv2.resize(image, dsize=None, fx=s, fy=s)

    def logits(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """Raw network output for same-size RGB images.

        Parameters
        ----------
        images : sequence of (H, W, 3) uint8
            Already resized images, all of one size.

        Returns
        -------
        (N, 7, H, W) float32
            Logit maps; map 0 is the text region.
        """
        import torch

        x = torch.from_numpy(np.ascontiguousarray(np.stack(images)))
        x = x.to(self.device).permute(0, 3, 1, 2).float().div_(255.0)
        x = ((x - self._mean) / self._std).to(self.dtype)
        with torch.inference_mode():
            return self.net(x).float().cpu().numpy()

    def _post(self, out: np.ndarray, size: tuple[int, int]):
        """``(prob, polygons, scores)`` from one image's ``(7, h, w)`` logits."""
        text = out[0] > self.binary_th
        kernels = (out[: self.kernel_num] > self.binary_th) & text
        labels = pse(kernels, min_area=self.min_kernel_area)
        score = (1.0 / (1.0 + np.exp(-out[0].astype(np.float64)))).astype(np.float32)
        polys, scores = boxes_from_labels(labels, score, size=size, min_area=self.min_area,
                                          min_score=self.min_score)
        prob = cv2.resize(score, size, interpolation=cv2.INTER_LINEAR)
        return np.clip(prob, 0.0, 1.0, out=prob), polys, scores

    def _detect(self, images):
        resized = [self._resized(im) for im in images]
        results: list = [None] * len(images)
        groups: dict[tuple, list[int]] = {}
        for i, r in enumerate(resized):
            groups.setdefault(r.shape, []).append(i)
        for idx in groups.values():
            for j in range(0, len(idx), self.max_batch):
                chunk = idx[j:j + self.max_batch]
                out = self.logits([resized[i] for i in chunk])
                for i, o in zip(chunk, out):
                    h, w = images[i].shape[:2]
                    results[i] = self._post(o, (w, h))
        return results

    def __repr__(self) -> str:
        return (f"<PSENetText {str(self.weights_path)!r} device={self.device} "
                f"dtype={str(self.dtype).replace('torch.', '')} long_side={self.long_side} "
                f"tight={self.tight} ground={self.ground} blobs={self.blobs} rim_alpha={self.rim_alpha} "
                f"piece_contrast={self.piece_contrast} box_letters={self.box_letters}>")


@register(
    "text",
    "psenet",
    description="PSENet FPN-ResNet50 text detector (torch; published psenet_best.pth)",
    requires=("torch",), accepts_device=True,
    weights=("psenet_r50",),
)
def _factory(**options) -> PSENetText:
    return PSENetText(**options)
