"""The click and the objects source's evidence: shadows fitted on the object, proposals that enclose it."""

import numpy as np

import creative_tools.objects.click as C


def _box_with_reflection():
    # a flat box on a gradient floor, its faded mirror image below its base (alpha 0.5 -> 0)
    yy, xx = np.mgrid[0:240, 0:320].astype(np.float32)
    img = np.stack([200 - 0.1 * yy, 190 - 0.05 * xx, 170 + 0.05 * yy], -1)
    box = np.zeros((240, 320), bool)
    box[60:140, 100:220] = True
    img[box] = (40, 90, 200)
    for k in range(40):
        a = 0.5 * (1 - k / 40)
        img[140 + k, 100:220] = a * np.array((40, 90, 200)) + (1 - a) * img[140 + k, 100:220]
    return np.clip(img, 0, 255).round().astype(np.uint8), box


def test_contact_shadow_is_fitted_under_the_object_not_under_its_reflection(monkeypatch):
    # failure class: wrong order. The click merged the floor reflection first and fitted the
    # contact shadow under the merged mask, i.e. 40 rows too low, below the reflection's end
    img, box = _box_with_reflection()
    seen = []
    fit = C._contact_shadow

    def spy(small, shape, **kw):
        seen.append(shape.copy())
        return fit(small, shape, **kw)

    monkeypatch.setattr(C, "_contact_shadow", spy)
    m = C.ClickSegmenter(img, saliency=False).segment([(160, 100)])
    assert m[box].all() and m[150:170, 120:200].all()  # the reflection is taken
    assert len(seen) == 1 and np.nonzero(seen[0].any(1))[0].max() <= 141  # the box's own base (row 139)
