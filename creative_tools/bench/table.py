"""The quality table: every metric's definition and one row of results.

A leaf module: ``bench quality`` and its object (artifact) metrics both build
:class:`Row` records, and the metric definitions live here once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["METRICS", "OBJECT_METRICS", "Row"]

#: artifact metric -> (better, definition); computed in :mod:`creative_tools.bench.objects`
OBJECT_METRICS = {
    "artifacts_removed_90": ("higher", "share of artifacts with >= 90% of their pixels in the fill mask"),
    "artifact_px_removed": ("higher", "|fill & artifacts| / |artifacts|, pooled"),
    "fill_precision": ("higher", "|fill & truth grown by the largest dilation| / |fill|, pooled"),
    "fill_precision_strict": ("higher", "|fill & truth| / |fill|, pooled (no dilation allowance)"),
    "object_precision": ("higher", "|objects mask & truth grown by the largest dilation| / |objects mask|, pooled "
                                   "(the objects source's own pixels; person/text pixels are not its own)"),
    "psnr_artifacts": ("higher", "PSNR (dB) of the background inside the artifact pixels, of the mean MSE"),
    "click_iou": ("higher", "IoU of segment_at with one click at each artifact's most interior pixel, mean"),
    "click_seconds": ("lower", "seconds per click (per-image analysis included), median"),
    "click_cpu_seconds": ("lower", "CPU seconds of this process per click (per-image analysis included), median"),
    "click_iou_random": ("higher", "IoU of segment_at with one click at each of 3 random interior pixels "
                                   "(>= 2 px inside) per artifact, mean"),
    "click_further_seconds": ("lower", "seconds per further click on the same image (ClickSegmenter kept), median"),
    "false_object_frac": ("lower", "objects-source pixels outside any truth / image pixels, mean over images"),
    "false_object_max": ("lower", "false_object_frac of the worst image"),
}

#: metric -> (better, definition)
METRICS = {
    "person_iou": ("higher", "IoU of the person mask, mean over images with people (void ignored)"),
    "person_false_px": ("lower", "person pixels predicted on images without people (sum)"),
    "person_false_frac": ("lower", "person_false_px / pixels of those images"),
    "glyph_recall": ("higher", "|text mask & true glyphs| / |true glyphs|, mean"),
    "glyph_precision": ("higher", "|text mask & true glyphs| / |text mask|, mean"),
    "word_precision": ("higher", "ICDAR15 word precision (IoU >= 0.5, ### don't care), pooled"),
    "word_recall": ("higher", "ICDAR15 word recall, pooled"),
    "word_f": ("higher", "ICDAR15 word F-measure, pooled"),
    "word_coverage": ("higher", "|text mask & non-### quads| / |non-### quads|, mean"),
    "mask_inside_words": ("higher", "|text mask & dilated quads| / |text mask|, mean"),
    "removed_word_coverage": ("higher", "word_coverage of the text part of the fill mask "
                                        "(text mask after the pipeline's text dilation), mean"),
    "removed_inside_words": ("higher", "mask_inside_words of the text part of the fill mask, mean"),
    "removal_iou": ("higher", "IoU of the fill mask with the true removal region, mean"),
    "removal_recall": ("higher", "|fill mask & removal region| / |removal region|, mean"),
    "psnr_removed": ("higher", "PSNR (dB) of the background inside the true removal region, of the mean MSE"),
    "ssim_removed": ("higher", "SSIM of the background averaged over the true removal region, mean"),
    "psnr_image": ("higher", "PSNR (dB) of the background over the whole image, of the mean MSE"),
    "ssim_image": ("higher", "SSIM of the background over the whole image, mean"),
    "changed_outside": ("lower", "share of pixels outside the fill mask that changed, mean"),
    "residual_text": ("lower", "words still legible in the background / words legible in the input "
                               "(recogniser read, normalised edit distance <= 0.2; bench.residual), pooled"),
    "legible_words": ("higher", "labelled words legible in the input (the residual_text denominator), sum"),
    "seconds": ("lower", "wall time per image of the stages run (s), mean"),
}

METRICS.update(OBJECT_METRICS)


@dataclass
class Row:
    """One line of the quality table."""

    dataset: str
    person: str
    text: str
    inpaint: str
    metric: str
    n: int
    pipeline: float
    baseline: float = float("nan")

    @property
    def ratio(self) -> float:
        b = self.baseline
        if b is None or math.isnan(b) or b == 0 or math.isnan(self.pipeline):
            return float("nan")
        return self.pipeline / b

    @property
    def better(self) -> str:
        return METRICS.get(self.metric, ("", ""))[0]

    def as_dict(self) -> dict:
        return {"dataset": self.dataset, "person": self.person, "text": self.text, "inpaint": self.inpaint,
                "metric": self.metric, "n": self.n, "pipeline": self.pipeline, "baseline": self.baseline,
                "ratio": self.ratio, "better": self.better}
