"""``silhouette_track`` (session 23, on by default): a slider's knob clicked takes the track it
sits on, a bar leaving it on two opposite sides, that the silhouette's thick-body test
refused (the track, 8 px, is thick for the 7 px opening of a 12 px knob). A card under
the knob, or a bar that ends at it, is still refused. Small synthetic arrays, saliency off."""

import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.objects.click import ClickSegmenter

YY, XX = np.mgrid[:160, :320]
KNOB = np.hypot(XX - 160, YY - 80) <= 12


def _slider(*, left=True, right=True, card=False):
    """A white knob (r 12) on an 8 px track (red filled part, grey rest) on a purple plate."""
    img = np.full((160, 320, 3), (120, 60, 160), np.uint8)
    if left:
        img[76:84, 40:160] = (200, 20, 50)
    if right:
        img[76:84, 160:280] = (90, 90, 90)
    if card:
        img[80:140, 100:220] = (240, 200, 40)
    img[KNOB] = 255
    return img


def _bar(left: bool, right: bool) -> np.ndarray:
    m = np.zeros((160, 320), bool)
    if left:
        m[76:84, 40:160] = True
    if right:
        m[76:84, 160:280] = True
    return m & ~KNOB


def test_the_knob_takes_its_track():
    img = _slider()
    off = ClickSegmenter(img, saliency=False, silhouette_track=False)
    assert off._silhouette(KNOB) is None  # the thick-body test
    g = ClickSegmenter(img, saliency=False)._silhouette(KNOB)  # (on by default)
    assert g is not None
    assert g[KNOB].all() and g[76:84, 40:280].all()
    assert not g[:60].any() and not g[100:].any()


def test_a_card_under_the_knob_or_a_bar_ending_at_it_is_refused():
    for img in (_slider(left=False, right=False, card=True), _slider(right=False)):
        assert ClickSegmenter(img, saliency=False, silhouette_track=True)._silhouette(KNOB) is None


def test_track_through_counts_the_arcs():
    seg = ClickSegmenter(_slider(), saliency=False, silhouette_track=True)
    ring = np.zeros((160, 320), bool)
    d = np.hypot(XX - 160, YY - 80)
    ring[(d > 15) & (d <= 18)] = True
    both, one = _bar(True, True), _bar(True, False)
    assert seg._track_through(both, both, KNOB, ring) == 2
    assert seg._track_through(one, one, KNOB, ring) == 1
    # a body along the knob (a card below it, meeting it on a 90-degree arc): no track
    card = np.zeros((160, 320), bool)
    card[88:140, 100:220] = True
    card &= ~KNOB
    assert seg._track_through(card, card, KNOB, ring) == 0
    # a bar as thick as the knob is another artifact, not its track
    thick = np.zeros((160, 320), bool)
    thick[68:92, 20:300] = True
    thick &= ~KNOB
    assert seg._track_through(thick, thick, KNOB, ring) == 0
    # two bars at a corner (90 degrees apart) are not one track through it
    corner = _bar(True, False).copy()
    corner[20:76, 156:164] = True
    corner &= ~KNOB
    assert seg._track_through(corner, corner, KNOB, ring) == 0


def test_silhouette_track_is_checked():
    img = _slider()
    for bad in (1, 0, "yes", None):
        with pytest.raises(ContractError, match="silhouette_track"):
            ClickSegmenter(img, saliency=False, silhouette_track=bad)
    assert ClickSegmenter(img, saliency=False).silhouette_track is True
