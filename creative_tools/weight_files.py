"""The published weight files this package knows: records only, no code that runs.

Each :class:`WeightFile` says once what a file is (name, URLs, hash, licence) and what the
network expects (``preprocessing``). Backends take their record from here and
:mod:`creative_tools.weights` resolves it to a path; this module imports nothing from the
package, so neither the resolver nor the registry has to import a backend to learn the
catalogue (no import circle).

Add a file: write its record below (``_record(WeightFile(...))``) and name it in the
backend's ``register(..., weights=(name,))``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

__all__ = ["WeightFile", "CATALOGUE", "FCN_RESNET50", "DEEPLABV3_RESNET50", "DEEPLABV3_MOBILENET_V3_LARGE",
           "PSENET_R50", "BIG_LAMA", "BIG_LAMA_TORCHSCRIPT"]


@dataclass(frozen=True)
class WeightFile:
    """A published weight file.

    Attributes
    ----------
    name : str
        Key used by backends and the CLI (``weights download NAME``).
    filename : str
        File name on disk.
    urls : tuple of str
        Where the publisher serves it, tried in order.
    sha256 : str or None
        Full hex digest, or a prefix of it (torchvision names files with the first
        8-10 hex digits); None when the publisher gives none.
    md5 : str or None
        What the publisher gives when it gives no sha256 (recorded, checked on download).
    size : int or None
        Size in bytes, when known.
    license : str
        The weights' licence.
    preprocessing : mapping
        What the network expects (mean/std, working size, channel order...).
    archive_member : str or None
        When the URL serves a zip, the member to extract as ``filename``.
    cache : {"creative_tools", "torch_hub"}
        Which cache folder holds it.
    note : str
        Anything a user should know (e.g. "publisher gives no hash").
    """

    name: str
    filename: str
    urls: tuple[str, ...]
    sha256: str | None = None
    md5: str | None = None
    size: int | None = None
    license: str = "unknown"
    preprocessing: Mapping = field(default_factory=dict)
    archive_member: str | None = None
    cache: str = "creative_tools"
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "urls", tuple(self.urls))
        object.__setattr__(self, "preprocessing", MappingProxyType(dict(self.preprocessing)))
        if self.cache not in ("creative_tools", "torch_hub"):
            raise ValueError(f"cache must be 'creative_tools' or 'torch_hub', got {self.cache!r}")

    @property
    def hash_status(self) -> str:
        """How the file's identity is checked, in words for ``weights list``."""
        if self.sha256 and len(self.sha256) == 64:
            return "sha256"
        if self.sha256:
            return f"sha256 prefix {self.sha256}"
        if self.md5:
            return "md5 only (publisher gives no sha256)"
        return "no hash published"


#: name -> record, in declaration order.
CATALOGUE: dict[str, WeightFile] = {}


def _record(w: WeightFile) -> WeightFile:
    if w.name in CATALOGUE:
        raise ValueError(f"weights {w.name!r} are declared twice")
    CATALOGUE[w.name] = w
    return w


# -- person: torchvision semantic segmentation (COCO with VOC labels) -------------------------
# torchvision's `SemanticSegmentation(resize_size=520)` transform, written as data so
# nothing here hand-codes normalisation. Values are those of the torchvision 0.29 enums
# (`*_Weights.COCO_WITH_VOC_LABELS_V1.transforms()`); tests check them against it.
_TORCHVISION_PREPROCESSING = {
    "channel_order": "RGB",
    "value_range": (0.0, 1.0),
    "mean": (0.485, 0.456, 0.406),
    "std": (0.229, 0.224, 0.225),
    "resize_short_side": 520,
    "interpolation": "bilinear",
    "antialias": True,
    "num_classes": 21,
    "person_class": 15,  # "person" among the 21 VOC categories
    "output": "logits (N, 21, h, w) under key 'out'; softmax over classes",
}

_TORCHVISION_LICENSE = (
    "BSD-3-Clause (torchvision); trained on COCO images (Flickr terms, annotations "
    "CC BY 4.0): check the dataset's terms for your use"
)

# torchvision's `<Builder>_Weights.COCO_WITH_VOC_LABELS_V1`; the URLs are literals so that nothing
# here imports torch (tests/person/test_torchvision_seg.py checks them against the enums).
FCN_RESNET50 = _record(WeightFile(
    name="fcn_resnet50",
    filename="fcn_resnet50_coco-1167a1af.pth",
    urls=("https://download.pytorch.org/models/fcn_resnet50_coco-1167a1af.pth",),
    sha256="1167a1af",
    license=_TORCHVISION_LICENSE,
    preprocessing=_TORCHVISION_PREPROCESSING,
    cache="torch_hub",
    note="published by torchvision; the sha256 is the prefix in the file name",
))

DEEPLABV3_RESNET50 = _record(WeightFile(
    name="deeplabv3_resnet50",
    filename="deeplabv3_resnet50_coco-cd0a2569.pth",
    urls=("https://download.pytorch.org/models/deeplabv3_resnet50_coco-cd0a2569.pth",),
    sha256="cd0a2569",
    license=_TORCHVISION_LICENSE,
    preprocessing=_TORCHVISION_PREPROCESSING,
    cache="torch_hub",
    note="published by torchvision; the sha256 is the prefix in the file name",
))

DEEPLABV3_MOBILENET_V3_LARGE = _record(WeightFile(
    name="deeplabv3_mobilenet_v3_large",
    filename="deeplabv3_mobilenet_v3_large-fc3c493d.pth",
    urls=("https://download.pytorch.org/models/deeplabv3_mobilenet_v3_large-fc3c493d.pth",),
    sha256="fc3c493d",
    license=_TORCHVISION_LICENSE,
    preprocessing=_TORCHVISION_PREPROCESSING,
    cache="torch_hub",
    note="published by torchvision; the sha256 is the prefix in the file name",
))


# -- text: PSENet ------------------------------------------------------------------------------
_DRIVE_ID = "1w2IgRkQXX49AbOARitO5xCr8-N93JHDd"
_PACKAGE_URL = f"https://drive.google.com/uc?id={_DRIVE_ID}"  # psenet_text_detector 0.1.1

PSENET_R50 = _record(
    WeightFile(
        name="psenet_r50",
        filename="psenet_best.pth",
        urls=(
            # Google Drive's direct-download endpoint for the package's file id first: the
            # package's own link (second, fetched by gdown there) serves plain HTTP
            # clients an HTML "cannot scan for viruses" page instead of large files.
            f"https://drive.usercontent.google.com/download?id={_DRIVE_ID}&export=download&confirm=t",
            _PACKAGE_URL,
        ),
        sha256=None,
        license=(
            "Apache-2.0 (LICENSE file of psenet_text_detector and of the original PSENet "
            "code; the package metadata says MIT; no separate licence for the weights)"
        ),
        preprocessing={
            "channel_order": "RGB",
            "long_side": 1280,
            "resize": "cv2.resize bilinear, one factor for both axes, upscaling too",
            "scale": "uint8 / 255",
            "mean": (0.0618, 0.1206, 0.2677),
            "std": (1.0214, 1.0212, 1.0242),
            "padding": None,
            "output": "7 logit maps at the input size; map 0 = text region",
        },
        note=(
            "Published on Google Drive by psenet_text_detector 0.1.1 (fcakyon), which "
            "gives no hash: check the file and pin it with "
            "`python -m creative_tools weights verify --pin psenet_r50`. It is a "
            "DataParallel checkpoint: {'state_dict': {'module.<key>': tensor}}."
        ),
    )
)


# -- inpaint: LaMa -----------------------------------------------------------------------------
_LAMA_PREPROCESSING = {
    "channels": "RGB",
    "image": "float32 in [0, 1] (uint8 / 255), NCHW",
    "mask": "binary, 1 = hole",
    "pad_modulo": 8,
    "padding": "bottom/right, numpy 'symmetric'",
    "working_size": 512,
}

BIG_LAMA = _record(WeightFile(
    name="big-lama",
    filename="big-lama-best.ckpt",
    urls=("https://huggingface.co/smartywu/big-lama/resolve/main/big-lama.zip",),
    sha256=None,
    license="Apache-2.0 (advimman/lama)",
    preprocessing={**_LAMA_PREPROCESSING,
                   "network_input": "cat(image * (1 - mask), mask): 4 channels",
                   "output": "sigmoid in [0, 1]; blended mask * out + (1 - mask) * image"},
    archive_member="big-lama/models/best.ckpt",
    note=("The authors' big-lama.zip (LaMa README: the Hugging Face URL above, also their "
          "folders https://drive.google.com/drive/folders/1B2x7eQDgecTL0oh3LSIBDGj0fTxs6Ips "
          "and https://disk.yandex.ru/d/ouP6l8VJ0HpMZg, which are web pages, not direct "
          "downloads). The publisher gives no sha256 and no md5: check the file and pin it "
          "(`python -m creative_tools weights verify --pin`). A PyTorch Lightning checkpoint; "
          "only its `generator.` entries are used. The model folder (with config.yaml and "
          "models/best.ckpt) can also be passed as `weights=`."),
))

BIG_LAMA_TORCHSCRIPT = _record(WeightFile(
    name="big-lama-torchscript",
    filename="big-lama.pt",
    urls=("https://github.com/Sanster/models/releases/download/add_big_lama/big-lama.pt",),
    sha256=None,
    md5="e3aa4aaa15225a33ec84f9f4bc47e500",
    license="Apache-2.0 (advimman/lama; export by Sanster for lama-cleaner / IOPaint)",
    preprocessing={**_LAMA_PREPROCESSING,
                   "call": "model(image (N,3,H,W) [0,1], mask (N,1,H,W) {0,1}) -> (N,3,H,W) [0,1]"},
    note=("Third-party TorchScript export of big-lama used by IOPaint / lama-cleaner "
          "(md5 published in their source, no sha256). Runs as a scripted module; "
          "fp16 is not supported for it."),
))
