"""Graphic elements: shapes with sharp borders laid over the picture.

Badges, buttons and logo marks are drawn, not photographed: their fill is one colour, a few,
or a smooth shading (gradient, gloss), and their border is a step, not a soft photographic
edge. The rule, at a working size of at most ``work_side`` px:

1. *edges*: a pixel is an edge when the largest colour step to a neighbour exceeds
   ``edge_step``; the rest splits into 4-connected *regions* (a smooth gradient has no such
   step, so it stays one region);
2. a region is a *candidate* when it does not touch the frame (a plate's own flat areas
   and gradients run off the edges; a shape *laid on the edge*, a corner ribbon or a
   full-width strip, is the exception: up to ``edge_laid`` of the image, straight-sided,
   carrying words, in colours of its own and without look-alikes, :func:`_laid_on_edge`),
   covers between ``min_area`` and ``max_area`` of the
   image, is thick (its widest inscribed circle has a radius of at least ``min_radius`` of
   the long side: glyph strokes and hairlines are not), differs from the ring beyond it by
   at least ``min_contrast``, and is either

   * *flat*: standard deviation <= ``max_std`` and most pixels of a 2 px ring around it
     are strong steps (``min_sharp``; from ``weak_sharp`` it is kept only when a wordmark
     joins it, step 4), or
   * *smooth*: shaded, but without texture (mean deviation from the 5x5 box mean inside
     it <= ``max_rough``; a photographed surface keeps its grain) and framed by a step all
     around (``smooth_sharp`` of the 1 px ring have a step within ``smooth_reach`` px,
     a drawn step being anti-aliased over 2 px): gradient and glossy buttons, shaded
     products; a fill shaded across one axis only (a cylinder lit from one side, a narrow
     soft highlight) is smooth when it is even along the other (its texture along rows or
     along columns under ``axis_rough`` x ``max_rough``, :func:`_axis_roughness`); smooth
     pieces framed only in part (from ``split_framed`` x ``smooth_sharp``: a bottle's body
     halved by its highlight stripe, cut by its label) are candidates when, with the pieces
     and candidates beside them, they share one framed outline (:func:`_split_silhouettes`;
     off by default, 0: measured, it moved no held-out split; 0.7 to try it);
   and it does not look like several other regions of the image (same colour, similar
   area: the tiles, dots and rings of a pattern, :func:`_drop_repeats`);
   flat, sharply framed regions from ``min_part`` up to ``min_area`` are the parts of a mark
   drawn in pieces (bars, chevrons, petals): parts lying close together are one candidate
   when together they cover ``min_area``, kept only with a wordmark beside it
   (:func:`_mark_parts`); a flat shape with a faint border (from ``row_sharp``) is kept
   only as a member of a row of like shapes, two of them sharp (a row of payment badges,
   :func:`_rows`), where a weak one needs no wordmark (off by default, 0: measured, it moved
   no held-out split; 0.3 to try it);
3. a candidate's holes are filled (the text and inner rings of a badge), its anti-aliased
   rim is added and so is an outline or drop shadow around it (flat pieces of one colour
   wholly within ``band`` of it); when the plate is the same inside and out, the candidate
   is the inside of a *closed line* (an outline-only button): the line and what it
   encloses other than plate are taken, and only when there is text or content inside;
   candidates that are mostly text or person (what the other sources remove) are dropped;
   so is a candidate whose outline is mostly a person's (over ``max_cut`` of the 2 px ring
   around it: a piece of the plate seen beside or between a person's limbs, its border
   drawn by the person; text is not counted, as a badge's own text may run over its edge);
4. text polygons from the detector inside a candidate join it; a text polygon right beside
   a compact mark, on its line, joins it too (a wordmark: the proposal becomes a logo);
   when the detector found none, letters in the mark's own colour chained beside it on its
   line do (``wordmark_colour``; with ``wordmark_inside``, also when the detector boxed the
   mark itself as a letter; with ``colour_bare``, off by default, a wordmark found by
   colour alone does not spare its mark from the confetti rule below: on a patterned
   plate, pieces of the plate in a mark's colour, grout slivers between tiles, a shaded
   band of a lit tile, leaves of one green, chain beside it like letters. Measured in
   session 18 with it: the negatives ``neg_extra`` (48) 0.64 % false object pixels on
   average, 11.1 % at worst -> 0.07 %, 2.6 %, held-out negatives 0.07 %, 2.4 % ->
   0.02 %, 1.2 %, the other artifact splits unchanged, yet ``busy_extra`` lost two real
   logos on busy plates (artifacts >= 90 % removed 0.800 -> 0.771): it stays off; with
   ``wordmark_row`` > 0, off by default, the chained pieces must also be a *row of letters*:
   at least 3 pieces of a letter's height standing on one baseline (their bottoms within
   ``wordmark_row`` mark heights), :func:`_letter_row`; a plate's pieces lie at any height.
   Measured in session 19 with 0.06 (``scripts/eval_objects.py``, mean / worst false object
   pixels): ``neg_extra`` (48, tune) 0.64 % / 11.1 % -> 0.07 % / 2.57 % (left: a detected
   line beside a grout piece), ``neg_heldout`` (48) 0.07 % / 2.39 % -> 0.02 % / 1.15 %; the
   share of artifacts >= 90 % removed unchanged on ``tuned``, ``extra``, ``heldout``,
   ``busy_tuned``, ``busy_heldout``, the five ``artcheck*_heldout``, four of the five tune
   halves and the fresh set, their pixel shares within 0.014 (artcheck3 held-out 0.759 ->
   0.746, object precision 0.887 -> 0.916); ``artcheck3_tune`` 0.455 -> 0.436 (a tilted,
   distressed stamp that its own fragments, chained as letters, had covered); the public photos unchanged,
   the real ads 2.13 % / 13.6 % -> 2.03 % / 12.7 %; yet ``busy_extra`` 0.800 -> 0.771: the
   marks it strips of a false wordmark become bare and the confetti rule below then also
   drops two real bare marks beside their words (a dots logo, a gradient circle), so it is
   off. ``confetti_text`` (off) spares a bare mark with a detected line beside it on its line
   from that rule: with both, ``busy_extra`` 0.786 (the dots logo, found dot by dot, is still
   lost), ``neg_extra`` 0.09 % / 2.57 %, the held-out figures as with ``wordmark_row`` alone).
   Mended in session 20 (both options): like parts of one mark near each other (a dots logo)
   are judged together for the line beside them (:func:`_parts_beside`), and once a row is
   found the chain's other pieces that the mark and its row enclose, within one letter
   height, are the lockup's ink too (a distressed stamp's broken frame, :func:`_row_ink`):
   ``busy_extra`` 0.786 -> 0.800 (the dots logo; defaults 0.800), ``artcheck3_tune`` 0.436 ->
   0.455 (the stamp; defaults 0.455), ``neg_extra`` unchanged (tune sets; held-out figures in
   ``docs/results.md``, session 20).
   A wordmark adds ``wordmark_bonus`` to the mark's score and a
   detected text box inside the shape adds ``text_bonus`` (a plate carrying a line of text
   is a second piece of evidence: a semi-transparent glass plate's fill keeps the photo's
   grain and its flatness alone leaves it under the backend's cut-off);
5. a faded mirror image right below a proposal (a packshot's floor reflection, up to
   ``reflection`` of its height; :func:`_reflection`) joins it: each row below is the row
   as far above blended over the plate beside it, at an opacity that falls; so do a soft
   drop shadow (``soft_shadow``, :func:`_soft_shadow`) and the contact shadow of a thing
   standing on a floor (``contact_shadow``, :func:`_contact_shadow`: a blurred flat
   ellipse under its base darkening the plate, fitted in closed form; with ``cast_shadow``,
   where that fails on a floor darkened under the base, the long shadow a side light casts
   beside it).

On a busy plate (stones, leaves, camouflage, terrazzo) the plate's own pieces are flat or
shaded shapes with sharp borders as well; what sets a laid-on artifact apart is its colours
(:func:`colour_overlap`: the plate's colour density at the shape's pixels over its density
at the plate's own pixels, in an annulus around it). A shaded candidate whose overlap is
over ``smooth_overlap`` is a piece of the plate (a stone lit from one side), unless it
touches a kept shape and, that shape taken out of the plate around it, its colours are not
the plate's (``shaded_parts``: a part of a drawn object, a bottle's dark side beside its
highlight stripe, has its own object around it), or it holds a detected line of text
(``held_text``: a button fused with the tile it touches across an anti-aliased step reads as
shaded in the tiles' colours; a stone of a wall holds no line of its own), and a
candidate with many look-alikes of its size and shape in other colours (the mosaic rule of
:func:`_drop_repeats`) survives only with an overlap of at most ``repeat_overlap``.
``max_overlap`` (off by default: measured, it cost removal on the tuning splits for little
precision) would drop any candidate over it before parts are joined.

A surface that is no fill at all (a disc of stripes in two colours, a photo print or a
die-cut sticker: a photo inside a white border, a glowing line round its words) breaks into
many regions, none of them a candidate. With ``compound`` > 0 (off by default, 0: on
artcheck3's tune half it took artifacts >= 90 % removed from 0.455 to 0.709, yet three
photos of ICDAR 2015 got 1.7 - 5.8 % false pixels: a sign, a train window, a wall device;
0.35 to try it) the plate is taken as the regions that run off the frame, and what is not
plate, in connected pieces with holes filled, is a *compound* candidate when it is a compact
shape (:func:`_compounds`: at least ``compound_area`` of the image, solid, not one of many
look-alike pieces) in colours of its own (:func:`colour_overlap` with the plate around it
at most ``compound``, its colours not those of the pieces strewn elsewhere); with
``compound_reach`` the steps between two of the plate's own stripes are plate too (a
second pass), so that a shape on a striped plate is not tied to the frame by them.
A plain flat badge is found both as a candidate and as a compound: proposals that overlap
count as one mark below; compounds are sought even where no ordinary region qualifies (a
borderless photo sticker alone on a plain plate). Measured in session 17, what the option
takes on the public photos (an ICDAR sign, a train window, a wall device) is not told
from artcheck3's stickers by interior noise against the plate's (Immerkaer's estimate:
in/out 0.98 - 1.30 at plate noise 0.25 - 0.47 there, 0.94 - 1.09 for play discs and candy
badges on photo plates) nor by the outline's step profile: it stays off.

A die-cut sticker (a photo cut along an irregular outline, inside a white border of even
width, with a soft shadow) is neither: at the working size its border is 2-5 px wide, half
of it anti-aliased step, so no region holds it, and the photo breaks into many. With
``diecut`` > 0 (0 here, the click's; 0.6 in the ``auto`` backend since session 26) the white border is its own evidence
(:func:`_diecuts`): near-white pixels, bridged by a 3x3 closing, in a piece off the frame
that *encloses* at least its own area, with one inside (a table's white grid encloses
many cells), its white pixels far from that inside left out (a white piece of the plate
the line touches: the line is of even width), is a compact shape, not one of several
look-alike bands, and with what it encloses is in colours of its own (:func:`colour_overlap` with the
plate around it at most ``diecut``) is a candidate; like a compound it stays apart from the
candidates inside it. Measured in session 21 (``scripts/eval_objects.py``, artifacts >= 90 %
removed, defaults -> ``diecut=0.6``; 0.6 chosen on the tune halves, where 0.35 lost one small
die-cut): tune ``artcheck3_tune`` 0.455 -> 0.618 (die-cuts 1 -> 10 of 11), ``artcheck4_tune``
0.672 -> 0.705 (two translucent play discs in a light rim), ``artcheck5_tune`` 0.517 -> 0.552
(two shields by their white rim line), ``artcheck_tune`` 0.856 -> 0.864, ``artcheck2_tune``,
``ruled_tune``, ``busy_extra``, ``tuned``, ``extra``, ``busy_tuned`` unchanged; false object
pixels on ``neg_extra`` (48) unchanged. Held-out: ``artcheck3_heldout`` 0.600 -> 0.640, artifact
pixels up on six held-out sets (``busy_heldout`` 0.883 -> 0.896), ``neg_heldout``, the public
photos, the real ads and the fresh split unchanged, but fill precision ``ruled_heldout``
0.5891 -> 0.5879, ``heldout`` 0.9143 -> 0.9138, ``busy_heldout`` 0.8791 -> 0.8786,
``artcheck_heldout`` 0.9642 -> 0.9640 (the cause not seen on any tune creative once the white
piece of the plate is left out): off (``docs/results.md``, session 21). A blind draw (creatives
24..47 of the held-out halves no one had run; ``eval_objects.py --start``) kept the gain
(``artcheck3_heldout`` 0.574 -> 0.639, ``artcheck4_heldout`` 0.730 -> 0.762) with fill precision
down at most 0.0005 (``ruled_heldout`` 32..55); the cost is outlined buttons' own white line
(the rim now 1 px: ``busy_heldout`` 0.8791 -> 0.8793, ``heldout`` -> 0.9141, ``artcheck_heldout``
-> 0.9642) and an outlined button joined to a barcode's white (``ruled_heldout`` -0.0012, not
mended): still off. Session 22: ``diecut_even`` (on by default; it acts only with ``diecut`` > 0)
measures the line's depth along its inside's edge (:func:`_line_depth`: each white pixel belongs
to the inside's edge pixel nearest it; the median over the edge pixels) instead of over the white
pixels, so a barcode's white box joined to one side of a 2 px line no longer passes for the line.
With ``diecut=0.6`` (``scripts/eval_objects.py``, 0..23 of each held-out half and a blind draw,
48..71 / 56..79 / 66..89 / 64..87): ``ruled_heldout`` 0..23 fill precision 0.5529 -> 0.5552 (off:
0.5543), on the blind ``artcheck_heldout`` 66..89 0.8737 -> 0.8748 (off: 0.8743), every other
figure on the tune halves, the held-out halves, the blind draw, the negatives, the public photos
and the real ads the same as without it (within 0.0002 of artifact pixels on the tune halves).
``diecut`` itself stays off: outlined buttons' own white line still costs ``artcheck_heldout``
and ``heldout`` 0.0002 of fill precision (0..23) and strict fill precision (no growth) 0.0005 ..
0.0012 on five held-out halves 0..23 and two blind ones (``docs/results.md``, session 22).
With ``diecut_nested`` (off by default; session 22) a cut that another candidate encloses (a
seal's inner white ring) is a part of that candidate and gets no shadow or reflection of its
own (the ring's 'drop shadow' was read off the seal's body and beyond: ``artcheck_tune_019``,
643 px off the grown truth -> 0). With ``diecut=0.6``, off -> on: ``artcheck_heldout`` 0..23 fill
precision 0.9842 -> 0.9844, ``artcheck_tune`` 0.9316 -> 0.9318, but artifact pixels
``artcheck_tune`` 0.9419 -> 0.9415, ``artcheck3_heldout`` 0.7940 -> 0.7938 (shadows that lay in
the truth go too); the other tune, held-out and blind halves the same: off. Session 26: the
die-cuts were the largest class of the tune halves' misses (17 of 182 artifacts < 90 % removed on
the six tune halves 0..47: 8 never proposed, 6 proposed under ``min_score``, the photo inside
scoring them low), and the losses that kept the rule off (0.0002 - 0.0012 of fill precision) sit
under the project's noise bar (~0.003). Turned on as it stood, it took a photographed cup's lit
white inner wall round the coffee as a cut line (ruled_tune_038, a creative without artifacts:
20 % of it); with ``diecut_depth`` > 0 a white band deeper than that (the :func:`_line_depth`
median, exact distance) is no cut line, counted in px of a ``work_side`` long side and, on a
smaller working image, with the band's width in proportion (:func:`_depth_at`; session 26
omends: in fixed px the cup was taken again at 0.5x input). The ``auto`` backend turns on
``diecut`` = 0.6, ``diecut_nested`` and ``diecut_depth`` = 4.0
(``AUTO_DIECUT``, ``AUTO_DIECUT_NESTED``, ``AUTO_DIECUT_DEPTH``; figures there and in
``docs/results.md``, "Session 26, objects"). Here all three stay off, so the click is unchanged.

A line drawing in one ink (a line logo: mountains in a circle, waves, a leaf; strokes a
few pixels wide) is all anti-aliased step, no region: with ``line_marks`` > 0 (0.9 by
default since session 17: artcheck4 tune 0.607 -> 0.672 of artifacts >= 90 % removed,
held-out 0.727 -> 0.818, artcheck held-out 0.803 -> 0.811, the others and the false
object pixels on the public photos, real ads and negatives unchanged within 0.05 points;
0 = off) (:func:`_line_marks`) what stands off the plate colour nearest it by more than
``line_tol`` in thin strokes (a half-width, the largest inscribed radius, of at most a
candidate's ``min_radius``: strokes up to twice it wide), each a blend of
the plate and one ink (at least ``line_marks`` of its pixels; the ink ``line_ink`` or more
from the plate), in compact figures, not one of a repeated print, is a ``logo`` when a
detected line of text within one figure height has glyphs in the same ink (the lockup).

A smooth fill (a gradient mark, a glossy or frosted pill, a glowing plate) whose colour
passes through the plate's on one side has a step all round but there: its region runs into
the plate's, and no candidate holds it. With ``smooth_fit`` > 0 (0 here, on in ``auto``; session
23) the steps over ``smooth_fine`` (a fine step, under ``edge_step``: a drawn gradient's own
slope is 2-5 levels a pixel at the working size) seal it again (:func:`_closed_smooth`): a
region of that finer map lying where the ordinary map has no candidate is one when a
quadratic in each channel fits its inside to an RMS of at most ``smooth_fit`` levels
(:func:`_quad_residual`; a photographed surface keeps texture the fit cannot explain), at
least ``smooth_fit_framed`` of its 1 px ring has an ordinary step (over 1.5 ``edge_step``)
within ``smooth_reach`` px, it is thick, mostly not text or person, in colours of its own
(:func:`colour_overlap` at most ``smooth_overlap``) and not one of a pattern's look-alike
cells; it then goes through the same joins, text, kind and score steps as the others.
Such a fill joins no piece it touches (a photo's smooth surfaces, sealed piece by piece, chained
through their shared edges: ``artcheck2_tune_024``), chains no letters by its colour (a peeled
curl took a map's contour lines: ``artcheck4_tune_005``) and must fill ``SMOOTH_FIT_SOLIDITY``
of its hull (a sky sealed between buildings is ragged: ``ruled_tune_043``). Measured in session
23 (``scripts/eval_objects.py``, 0 -> 4.0, artifacts >= 90 % removed / pixels / fill precision):
tune ``artcheck2_tune`` 0..47 0.747 -> 0.761, ``artcheck3_tune`` 0.557 -> 0.565,
``artcheck4_tune`` 0.707 -> 0.715, pixels and fill precision up or equal on the six tune halves;
held-out ``artcheck4_heldout`` 0..23 0.818 -> 0.855 (0.9476 -> 0.9485), blind
``artcheck3_heldout`` 72..95 0.500 -> 0.517, ``artcheck_heldout`` 90..113 0.838 -> 0.853; the
other held-out and blind halves, the negatives, the public photos, the real ads and the fresh set
unchanged (``artcheck5_heldout`` 0..23 pixels 0.643 -> 0.653, strict fill precision 0.7828 ->
0.7816). The ``auto`` backend turns it on (``AUTO_SMOOTH_FIT`` = 4.0); here it stays 0, so the
click's own parameters are unchanged.

A drawn thing found only in part (a shield's inner field without its rim, a flag's cloth
without its pole, a candy disc's band without its striped halves: session 24's tune misses,
9 + 12 + 7 of them 'partly' removed) runs on to the plate: with ``plate_grow`` > 0 (0 here,
the click's; 2 in the ``auto`` backend since session 25) the label map's regions under
``PLATE_GROW_RATIO`` times a proposal's area, in colours of their own (``PLATE_GROW_TOL`` from
every plate pixel near it), off the text and person masks, and the edge pixels beside them,
connected to the shape, are added to its mask (after its reflection and shadows are read off
its own outline) when the plate encloses them within one shape size, they add at most ``plate_grow`` times its area
and the plate round it is plain (at most ``PLATE_GROW_EDGES`` of that window edge pixels: a
photo's enclosed pieces are the photo's) and no two of the pieces are a ruler's look-alikes
(:func:`_aligned_pieces`: boxes side by side in a row or a column, or a line's two halves
through the shape: a table's cells, a barcode's bars, a slider's rule; session 24, omends)
(:func:`_grow_to_plate`). Measured in session 24
(``scripts/eval_objects.py``, ``{}`` -> ``plate_grow=2``, artifacts >= 90 % removed / fill
precision): tune ``artcheck3_tune`` 0..47 0.565 -> 0.629, ``artcheck2_tune`` 0.761 -> 0.789,
``artcheck_tune`` 0.854 -> 0.868, but ``ruled_tune`` fill precision 0.7484 -> 0.7207 (a
button on a table's header row takes the header cells, a label on a barcode the bars, a
knob the rule it sits on); held-out ``artcheck5_heldout`` 0..23 0.468 -> 0.645, blind
``artcheck5_heldout`` 96..119 0.557 -> 0.721 and ``artcheck3_heldout`` 96..119 0.552 -> 0.655,
but held-out ``ruled_heldout`` 0..23 fill precision 0.5543 -> 0.5261 and ``artcheck3_heldout``
0..23 0.7617 -> 0.7576. With the look-alike guard (omends): ``ruled_tune`` 0.7484 -> 0.7479,
``ruled_heldout`` 0..23 0.5543 -> 0.5527 (share 0.792 -> 0.833 kept), ``artcheck5_heldout``
0..23 0.468 -> 0.613 and blind 96..119 0.557 -> 0.705, but ``artcheck3_heldout`` 0..23 still
0.7617 -> 0.7577 (not a ruler's piece; not looked into, it is held out). A review found that a
thin piece in its own colour touching a shape on a plain plate was taken as a pole whatever it
is (a lamp post beside a badge: 180 -> 1,125 px outside the badge): since session 25 a piece
that runs past the shape at both ends along one axis by over ``PLATE_GROW_PAST`` of its size
there, without wrapping it, is left out (:func:`_runs_past`; it fires on no tune piece), and the
edge pixels under the text and person masks are theirs too. artcheck3_heldout 0..23's loss is
one growth over a photo plate (a brush logo beside an extruded badge, 12,284 px of the photo),
a class the tune halves show only where the edge share already refuses it. Here it stays 0 (the
click's parameters); the ``auto`` backend turns it on at the end of session 25
(``AUTO_PLATE_GROW`` = 2: the held-out and blind shares above against that one half's fill
precision; docs/results.md, "End of session 25").

An outline button whose line is no one colour (a gradient stroke, a neon glow) round its
words, the plate showing through, has no region of its own either: with ``framed_text``
> 0 (off by default, 0; 1.5 to try it) each detected line of text enclosed by a closed
line within ``framed_text`` text heights above and below (four times that to the sides),
the inside in the plate's colours and the line not (nor a blend of two of them), is a
proposal (:func:`_framed_texts`). Measured in session 18 with 1.5: artcheck3 tune 0.455
-> 0.509 of artifacts >= 90 % removed (neon pills 0 -> 3/8), held-out 0.600 -> 0.700;
artcheck4 tune 0.672 -> 0.721 (gradient rings 3 -> 6/11), held-out 0.818 unchanged; the
tuned split and the tune-side negatives (48 + 48), issue 8's hard set and the public
photos unchanged, yet a held-out negative plate got 15 % false object pixels (1.2 % once
the rim is compared with 120 of the plate's colours, not 40; 0.04 % without the option)
and one real ad 0.1 -> 1.9 %: it stays off. That held-out plate informed the 40 -> 120
change, so its 1.2 % is no held-out figure any more; the option needs an untouched negative
set before it could be a default. The reach is at most ``FRAMED_TEXT_MAX`` (4) text heights;
a second line inside a frame already found adds no copy of it. With ``framed_hollow``
(session 27, off) the plate seen through the line is left out of the proposal's mask (the
line, its glow and the words stay): at session 27's auto, ``framed_text=1.5`` with it lifts
artcheck3 tune / held-out 0.758 / 0.717 -> 0.823 / 0.800 and artcheck4 tune 0.756 -> 0.789
with fill precision level (artcheck3_tune 0.9069 -> 0.9072; 0.9024 without ``framed_hollow``),
but ruled held-out's fill precision falls 0.558 -> 0.458 (its no-artifact creatives 0.31 % ->
4.41 % false object pixels): both stay off (``docs/results.md``, "Session 27, objects").
With ``framed_alone`` (session 27, ruled; off) a frame whose own line runs on beyond it in
more than two places (:func:`_runs_off`: a table's row or cell round a button's words, seen on
ruled_tune_085 and _145) is skipped: on ruled tune 48..239 and the blind ruled draw 200..223
it gives back the fill precision ``framed_hollow`` cost (0.6109 -> 0.6154, 0.678 -> 0.734, as
off) and keeps every artcheck gain, but ruled held-out 0..23 stays at 0.461 (4.41 % false on
its no-artifact creatives): another cause, not seen on 240 ruled tune creatives; still off.
With ``framed_mixed`` as well (session 28, objects; off) a line of any colour that runs along the
frame as one of its sides counts (:func:`_runs_off`): a chart's cell, closed by an axis, a grid
line and the data line, has a median rim colour that is none of them (ruled_tune_238's plate
with a headline laid on it). Every tune, artcheck and photo figure stays ``framed_alone``'s, and
ruled held-out 0..23 stays at 0.461 too: not its cause; still off.
With ``framed_tall`` (session 28, ruled2; 0 = off) a text line taller than that share of the
picture's short side is skipped: the text detector boxes a chart's zig-zag data line as one
tilted line of text (ruled tune: up to 0.62 of the picture; real lines on the artcheck tune sets
at most 0.22). At 0.25 every tune, held-out and blind figure stays ``framed_mixed``'s, ruled
held-out 0..23 at 0.461: not its cause either; still off.

Two ways a drawn object is left in part (session 19, seen on ``artcheck5_tune``), each off by
default and measured below:

* a badge whose body runs on beyond a thin inner rim line (a shield: body, rim line, body
  again) keeps only the inside: at the working size the rim line is all anti-aliased step,
  the outer band starts beyond the 2 px :func:`_outline` looks at, and it is shaded as the
  body is, not one colour. With ``outline_layers`` = 2 the grown shape is grown again, by
  the *guarded* rule only: the edge pixels chained to the shape count as its side and a
  band shaded linearly across the shape (the median deviation from a plane in x and y
  within a third of the flat rule's limit) is an outline too. ``outline_shaded`` lets the
  first layer try the guarded rule where the flat rule adds nothing; the layers after it
  always use it, so ``outline_shaded`` changes the first layer only. Its drop shadow is
  then fitted to the whole outline;
* a thin straight bar ending on a drawn shape (a flag's pole, the track a slider's knob
  sits on) is thinner than any candidate: with ``bars`` a region within 3 px of a proposal's
  shape that is straight, thin, even along its length (a cylinder's shading across it
  allowed), mostly framed by steps (70 % of the 1 px ring round it) and off the plate's
  colour joins it when it *ends* on the shape (one of its ends within 2 drawn widths of the
  pixels touching it, at most 5 times the shape's largest side long: a rule or a table's
  edge a button sits on runs on past both its sides) and is no stripe of a pattern (3 or
  more parallel bars of one colour ending on the shape, or one with a stripe of its colour
  and direction beside it beyond the shape's reach, refuse) nor a line the shape hides a
  piece of (session 20: its line goes on beyond the shape in its colour and the whole runs
  over 2 times the shape's largest side; it and its parallel kin of that colour refuse)
  (:func:`_bars`). A bar that would carry the proposal over ``max_area`` is left out.

Measured in session 19 (``scripts/eval_objects.py``; artifacts >= 90 % removed, defaults ->
``outline_layers=2, outline_shaded=True`` / ``bars=True`` / both): tuned on ``artcheck5_tune``
only, 0.517 -> 0.552 (shields 4 -> 6 of 7) / 0.552 (two flags' poles; a slider whose knob
was found gets its track: 0.58 -> 1.00) / 0.586. Held-out: ``artcheck5_heldout`` 0.468 ->
0.468 / 0.484 / 0.484; ``artcheck3_heldout`` 0.600 -> 0.600 / 0.680 / 0.680;
``artcheck_heldout`` 0.811 -> 0.811 / 0.818 / 0.818; ``artcheck2_heldout`` (0.776),
``artcheck4_heldout`` (0.818), ``heldout`` (0.986), ``busy_extra`` (0.800), ``tuned`` (0.960)
and ``extra`` (0.877) unchanged. What ``bars`` costs: fill precision ``busy_extra`` 0.667 ->
0.665, ``extra`` 0.873 -> 0.872, ``heldout`` 0.914 -> 0.914, ``artcheck4_heldout`` 0.948 ->
0.947; false object pixels unchanged on the public photos (0.02 %, worst 0.42 %) and the
held-out negatives ``neg_heldout`` (48: 0.07 %, worst 2.4 %), ``neg_extra`` (48) 0.64 %,
worst 11.1 % unchanged (one plate 6.65 -> 6.79 %). Both stay off: ``bars`` for a lead's
decision on its small precision cost on busy plates, the outline rule because it moved no
held-out split. An unguarded first version of the outline rule (a second flat layer, no
all-round / one-piece / plate-beyond tests) took ``artcheck5_heldout`` to 0.532 but cost
``heldout``'s fill precision 0.914 -> 0.893 and ``neg_extra`` worst 11.1 -> 13.1 %; the
guards were chosen on ``neg_extra`` and ``artcheck5_tune``, after that held-out look.

Mended after review (session 19): a bar must end on the shape and be no stripe of a panel
running on past it (above); a button on a divider rule, a sticker on a table's front edge,
two buttons on one rule and a badge on a striped panel joined their rule, edge or stripes
before. Re-measured with ``eval_objects.py`` (``bars=True`` / ``bars`` with
``outline_layers=2, outline_shaded=True``, before the mends -> after; defaults unchanged):
tune ``artcheck5_tune`` (defaults 0.517) 0.552 -> 0.552 / 0.586 -> 0.586 (the reach was first
3 shape sides; it lost the tune slider's track, 4.4 sides, so 5). Held-out:
``artcheck3_heldout`` (0.600) 0.680 -> 0.680 / 0.680 -> 0.680 (pixels removed 0.793 -> 0.789
/ 0.794 -> 0.790); ``artcheck_heldout`` (0.811) 0.818 -> 0.818 / 0.818 -> 0.818;
``artcheck5_heldout`` (0.468) 0.484 -> 0.484 / 0.484 -> 0.484; ``busy_extra`` 0.800
unchanged, its fill precision 0.667 -> 0.665 with ``bars`` as before. Negatives
(``--count 48``): ``neg_extra`` 0.64 %, worst 11.1 % and ``neg_heldout`` 0.07 %, worst
2.4 %, unchanged by either (one ``neg_extra`` plate 6.65 -> 6.79 % with ``bars``, as before).
A first mend refusing any 3 parallel bars of one colour lost ``artcheck3_tune``'s 3 candy
badges (their own stripes end on their band: 0.524 -> 0.476 with ``bars``; a tune split,
not this area's) and, seen before the rule was changed, ``artcheck3_heldout``'s gain (0.680
-> 0.600). Default masks identical to main's, image for image, on ``artcheck5_tune``,
``artcheck5_heldout``, ``heldout``, ``busy_extra`` (24 each), ``public`` and ``neg_extra``
(48). ``bars`` stays off.

Session 20: a negative set nobody tuned on, ``scripts/samples_ruled.py`` (artifacts on
divider rules, tables, underlines, stripes, awnings, blinds, fences, barcodes, frames,
progress bars, charts, poles and cables; a quarter with no artifact; an eighth whose bar is
its own). Untuned, ``bars`` cost ``ruled_tune`` / ``ruled_heldout`` fill precision 0.752 ->
0.729 / 0.589 -> 0.548 (rules and progress tracks through a button, a barcode's bars, a
striped panel's stripes). Mended on ``ruled_tune`` and ``busy_extra`` only: a bar whose line
goes on beyond the shape in its own colour, the whole over ``through_len`` = 2 of the
shape's largest sides, is refused with its parallel kin (:func:`_continues_beyond`):
``ruled_tune`` 0.729 -> 0.744 (defaults 0.752), ``ruled_heldout`` 0.548 -> 0.588 (defaults
0.589; pixels removed 0.907 -> 0.910, artifacts >= 90 % 0.781 either way); the held-out gains
above kept (``artcheck3_heldout`` 0.680, ``artcheck_heldout`` 0.818, ``artcheck5_heldout``
0.484). A first version without the length (any line going on) lost ``artcheck3_heldout``'s
whole gain (0.680 -> 0.600): the 2x was added after that held-out look. Left: a progress
track whose filled part ends under a button (a slider to the eye), a barcode's bars under a
button, ``busy_extra``'s leaves (an evenness test of their width could not part leaves,
0.55-0.88, from the tune flags' poles, 0.57-0.98). ``bars`` stays off: ``busy_extra`` fill
precision 0.667 -> 0.665 and the no-artifact creatives of ``ruled_heldout`` 0.23 % -> 0.24 %
false object pixels.

More than ``max_marks`` bare marks (no text inside or beside them; with ``colour_bare``
a wordmark found by colour alone is none; with ``confetti_text`` a mark with a detected line
on its line, 0.2 to 1.5 mark heights tall, centres within 0.6 mark heights, starting at most
one mark height away or half a mark height over it, is not bare, :func:`_line_beside`, and
neither are like parts of one mark, a dots logo, whose common box has such a line beside it,
:func:`_parts_beside`) in one picture are a
decoration of the plate
(confetti, a printed fabric, an icon wallpaper) and are dropped; so
is a shape with a closed step running parallel to its outline just beyond it (one of a
series of rings round a centre, :func:`_nested`). A drawn artifact carries one message: a proposal holding more than ``max_texts`` separate
text boxes (a device's control panel, a sign, a screen in the photo: a grid of labels) is
part of the picture and is dropped. A proposal that ends up larger than ``max_area`` of the image (holes filled, parts
joined) is the picture's subject or plate, not an artifact laid over it, and is dropped; so is
a *line* rather than a shape: a mark whose widest inscribed circle has a radius under
``min_thickness`` times the square root of its area (a bar about 17 times longer than wide;
a disc gives 0.56, a 4:1 pill 0.25), such as the rim of a drawn subject cut open by a person.
Each proposal's score is the mean of its border sharpness and its flatness; its kind comes
from :func:`creative_tools.objects.kinds.classify`.

With ``sliders`` (session 28; False here, on in ``--objects auto``) a UI slider, a round knob on a thin straight track running from
it both ways with the value bubble round the words beside it, is one more ``button`` proposal
(:func:`slider_proposals`; the other proposals are computed as without it).

With ``loop_line`` (session 31; False here, on in ``--objects auto`` since session 32) a closed line drawn
round a spot of the plate (a marker loop) is the line alone: the plate its holes show (the holes at
least :data:`LOOP_MIN_HOLE` of its filled shape; the plate's colour just outside the line and a band
beyond it) is taken out of every proposal, but for solid bodies off the plate's colour inside (a
product the loop rings), drawings inside in colours the plate round the loop does not hold (a line
icon in a ring, a circled number, session 32: :func:`_loop_drawn`) and where a proposal holds the
ring beyond the loop (:func:`_loop_hole`).

With ``prints`` (session 29; False here and in ``--objects auto``: opt-in) a photo print laid on the plate
(a snapshot held by tape), a rectangle of four straight sharp sides with a busy inside that hides the plate,
is one more ``other`` proposal with the strips and the shadow round it (:func:`print_proposals`).
With ``prints_mend`` too (session 29, prints2; False, opt-in) its busy test counts only pixels off the
text / person masks, and round it only what differs from the plate further out and from every colour
held by :data:`PRINT_SIDE_PLATE` of the band beside the same side is taken.
With ``prints_sharp`` too (session 30; False, opt-in) round the print only what the plate cannot reach
without crossing a sharp step is taken (a strip has its own sharp outline, a blurred photo plate has
none), besides a shadow: a darkening within :data:`PRINT_SHADOW` of the print's short side.
With ``prints_run`` too (session 31; False, opt-in; read with ``prints_sharp``) a piece taken round the
print whose outline lies mostly on the plate's own lines, lines of steps running on beyond the reach, is
plate (a sharp photo plate's band beside a polaroid: :func:`_runs_on`). With ``prints_margin`` (session 31;
False, opt-in) a side's flat margin up to a straight step grows the print (a polaroid's lower band:
:func:`_print_margin`). With ``prints_shade`` too (session 31, objects3; False, opt-in; read with
``prints_sharp``) what is taken only as a shadow is drawn in by the pipeline's objects dilation
(:func:`_rim_px`) and the rectangle's rim the plate reaches is cut (a card's rounded corners:
:func:`_plate_rim`). With ``prints_tip`` (session 32, prints4; False, opt-in) a piece taken past the
shadow band whose one-colour tip runs on out of the print's window is plate (a cup's rim or a spoon
beside a polaroid: :func:`_tip_runs_on`).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, replace
from typing import Sequence

import cv2
import numpy as np
from scipy import ndimage as ndi

from ..contract import check_image
from ..errors import ContractError
from .base import ObjectProposal, box_of
from .codec import noise_floor as codec_floor
from .kinds import classify

__all__ = ["PRINT_SCORE", "SLIDER_SCORE", "GraphicParams", "colour_overlap", "edge_map", "graphic_proposals",
           "print_proposals", "slider_proposals"]

#: Line-art pieces (see :func:`_line_marks`) past which the picture is a pattern (a print of
#: rings, a line texture), not a creative with a line logo: no line marks are proposed, and the
#: look-alike test (n x n arrays over the pieces) never sees thousands of them.
MAX_LINE_PIECES = 400

#: ``loop_line`` (session 31): the least share of a region's filled shape its holes take for it to
#: be read as a closed drawn line (:func:`_loop_hole`). Marker loops on artcheck5 tune: 0.84 - 0.88.
LOOP_MIN_HOLE = 0.6

#: ``loop_line`` (session 32): a piece off the plate's colour inside a loop, of at least
#: :data:`LOOP_SPECKLE` working px, whose colour (its median) holds under this share of the plate
#: round the loop (within ``min_contrast``), is a drawing inside it (a line icon in a ring, a circled
#: number, a star), not the plate's own texture (dots, a brick's mortar, facets, which the plate
#: outside holds too), and stays (:func:`_loop_drawn`).
LOOP_PLATE_SHARE = 0.01

#: ``loop_line`` (session 32): the least size (working px) of a piece inside a loop judged by
#: :data:`LOOP_PLATE_SHARE`; smaller ones (noise, a grain) go with the plate.
LOOP_SPECKLE = 10

#: The largest ``framed_text`` reach (text heights): each line's window grows with it (four
#: times that to the sides), so an unbounded value scans the whole picture once per line.
FRAMED_TEXT_MAX = 4.0

#: The least solidity (share of its convex hull filled) of a ``smooth_fit`` candidate: a drawn
#: smooth fill is a drop, a disc, a pill or a plate; a photo's sky or surface sealed by the fine
#: step between its buildings or parts is ragged (ruled_tune_043's sky, session 23).
SMOOTH_FIT_SOLIDITY = 0.9

#: A region of the label map at least this many times a shape's area is the plate around it
#: (``plate_grow``): a drawn mark's own pieces (a shield's rim, a flag's pole, a candy disc's
#: stripes) are smaller than the shape they hang on.
PLATE_GROW_RATIO = 4.0

#: A smaller region whose mean colour is within this L1 distance of a plate pixel's (in the
#: window round the shape) is the plate's too (``plate_grow``).
PLATE_GROW_TOL = 60.0

#: The most edge pixels in the window round a shape (outside it) for ``plate_grow`` to look
#: there: a drawn plate (flat, gradient, low-poly, sunburst, stripes) is 0.01 - 0.11 edges round
#: the tune creatives' shields, flags and candy discs; a photo 0.21 - 0.72 round
#: artcheck_tune's badges on a garage and a coin tray, whose enclosed pieces (a motorbike's
#: tank) the first version took (artcheck_tune fill precision 0.9383 -> 0.9325).
PLATE_GROW_EDGES = 0.15

#: At most about this many plate pixels of the window are compared with each piece (``plate_grow``).
PLATE_GROW_SAMPLES = 2000

#: ``plate_grow`` takes nothing where two of its pieces of at least this many px, each filling
#: at least ``PLATE_ALIGN_FILL`` of its box, are boxes side by side (:func:`_aligned_pieces`).
PLATE_ALIGN_MIN_AREA = 8
PLATE_ALIGN_FILL = 0.6

#: A ``plate_grow`` piece that runs past the shape's box at both ends along one axis by more
#: than this share of the shape's size there (and at least 3 px), without wrapping it across
#: the other, is something the shape sits beside or over (a lamp post, a rail), not its part
#: (:func:`_runs_past`). On the six tune halves (0..47, 559 pieces) the pieces that do not wrap
#: reach at most 0.25 past both ends (a candy disc's striped part beyond its narrow band,
#: artcheck3_tune_004); the flags' poles 0.06 - 0.16 (a finial above the cloth, artcheck5_tune);
#: session 24's review lamp post 0.67 at both. So a real pole that runs past its cloth at both
#: ends by over a third of the cloth's size there is dropped too (the cloth alone: the same as
#: ``plate_grow`` off). A piece joined to the post by a grown rim is judged off the rim's band
#: (:func:`_runs_past_off_rim`).
PLATE_GROW_PAST = 1 / 3

#: The largest ``plate_grow`` (added area over the shape's). (The window round the shape does
#: not grow with it: one shape size, ``max(w, h)`` of its box, on every side.)
PLATE_GROW_MAX = 4.0

#: The largest ``noise_floor`` / ``noise_rough`` (multiples of the codec's block noise): past it a
#: photograph's own texture would be taken off as the codec's.
NOISE_FLOOR_MAX = 8.0

#: The most outline layers (``outline_layers``): each widens the crop round a candidate by one band.
OUTLINE_LAYERS_MAX = 3


@dataclass(frozen=True)
class GraphicParams:
    """Thresholds of :func:`graphic_proposals` (see the module docstring)."""

    work_side: int = 768
    edge_step: int = 14
    min_area: float = 0.0006
    min_part: float = 0.00015
    max_area: float = 0.25
    max_std: float = 5.0
    min_radius: float = 0.006
    min_sharp: float = 0.7
    min_contrast: float = 40.0
    max_other: float = 0.5
    max_repeats: int = 4
    max_rough: float = 0.85
    smooth_sharp: float = 0.85
    smooth_reach: int = 2
    shaded_parts: bool = True
    weak_sharp: float = 0.5
    band: float = 0.012
    wordmark_colour: float = 45.0
    colour_bare: bool = False
    wordmark_row: float = 0.0
    confetti_text: bool = False
    wordmark_bonus: float = 0.1
    text_bonus: float = 0.1
    max_texts: int = 8
    max_marks: int = 5
    smooth_overlap: float = 0.3
    repeat_overlap: float = 0.05
    max_overlap: float = 1e9
    min_thickness: float = 0.12
    max_cut: float = 0.3
    wordmark_inside: bool = False
    reflection: float = 0.6
    reflection_fade: bool = True
    soft_shadow: bool = True
    edge_laid: float = 0.15
    held_text: bool = True
    contact_shadow: bool = True
    axis_rough: float = 0.5
    cast_shadow: bool = True
    split_framed: float = 0.0
    row_sharp: float = 0.0
    compound: float = 0.0
    compound_area: float = 0.004
    compound_reach: int = 0
    line_marks: float = 0.9
    line_ink: float = 80.0
    line_tol: float = 40.0
    framed_text: float = 0.0
    framed_hollow: bool = False
    framed_alone: bool = False
    framed_mixed: bool = False
    framed_tall: float = 0.0
    outline_layers: int = 1
    outline_shaded: bool = False
    bars: bool = False
    diecut: float = 0.0
    diecut_even: bool = True
    diecut_nested: bool = False
    diecut_depth: float = 0.0
    smooth_fit: float = 0.0
    smooth_fine: float = 6.0
    smooth_fit_framed: float = 0.5
    plate_grow: float = 0.0
    sliders: bool = False
    prints: bool = False
    prints_mend: bool = False
    prints_sharp: bool = False
    prints_run: bool = False
    prints_margin: bool = False
    prints_shade: bool = False
    prints_tip: bool = False
    loop_line: bool = False
    neon: bool = False  # (session 32: read by the auto backend, creative_tools/objects/neon.py)
    neon_cut: bool = False  # (session 34: read by neon_proposals, creative_tools/objects/neon.py)
    neon_follow: bool = False  # (session 35: read by neon_proposals, creative_tools/objects/neon.py)
    stamp: bool = False  # (session 33: read by the auto backend, creative_tools/objects/stamp.py)
    mark_row: bool = False  # (session 33: read by the auto backend, creative_tools/objects/marks.py)
    line_emblem: bool = False  # (session 34: read by the auto backend, creative_tools/objects/emblem.py)
    lone_mark: bool = False  # (session 34: read by the auto backend, creative_tools/objects/marks.py)
    emblem_left: bool = False  # (session 35: read by line_emblem_proposals, creative_tools/objects/emblem.py)
    #: (session 35, objmiss) a shaded fill whose region ends short of its outline, at its own steep shading
    #: (a lit sphere's dark limb: steps over ``edge_step`` but under 1.5x it, so its 1 px ring is not framed),
    #: grown through such soft steps by up to this share of its inscribed radius and judged again; 0: off
    limb: float = 0.0
    lone_scale: bool = False  # (session 35: read by lone_mark_proposals, creative_tools/objects/marks.py)
    jpeg_level: bool = False  # (session 35: read by the auto backend, creative_tools/objects/codec.py)
    #: (session 36, jpeg) the codec's noise floor (:func:`creative_tools.objects.codec.noise_floor`, 0 for an
    #: image that shows no 8x8 blocks: a PNG reads as before) times this is taken off a region's std (in
    #: quadrature: ``sqrt(std^2 - floor^2)``) before ``max_std`` and the flatness score read it; 0: off.
    #: Measured (docs/results.md, "Session 36, jpeg"), 3: artcheck3 tune q70 0.397 -> 0.444, artcheck4 identical,
    #: but JPEG'd negatives / photos gain false plates (neg_extra@q70 worst 0.25 -> 1.84 %): left off
    noise_floor: float = 0.0
    #: (session 36, jpeg) the same floor times this, taken off a smooth fill's roughness (and its even-axis
    #: roughness) in quadrature before ``max_rough`` reads it; 0: off. Measured with ``noise_floor`` 3, 1: artcheck4
    #: tune q70 0.361 -> 0.393, but a grainy JPEG'd plate reads smooth (neg_extra@q70 worst 0.25 -> 8.01 %): left off
    noise_rough: float = 0.0
    #: (session 36, jpeg) where ``noise_floor`` times the codec's floor is over 0, a shape's sharp share reads
    #: the largest step within 1 px of each ring pixel (the codec's ringing inside a fill moves the region's border in by
    #: a pixel or two, off the drawn step: a flat q70 disc's share 0.88 -> 0.52 - 0.59, read so 0.85 - 0.89); it
    #: frames pieces of patterned plates too (neg_extra@q70: 4 negatives at 2.3 - 4.7 %, off <= 0.25 %): left off
    noise_ring: bool = False
    links: bool = False  # (session 36: read by the auto backend, creative_tools/objects/links.py)
    #: (session 36, linkguard; read by :func:`creative_tools.objects.links.link_proposals`) a link's mark must have its
    #: vertical middle between the glyphs' top and their baseline (the lowest row of the x-height band), not only on
    #: their height: a street light's star sitting below a headline's baseline (logobars held-out 008) is refused
    links_band: bool = False
    #: (session 36, linkguard) a taken piece with :data:`~creative_tools.objects.links.LINK_REPEAT` or more pieces of
    #: its ink and size round it is a pattern's, not a link's (neg_extra 013: a plate of rings)
    links_repeat: bool = False

    def __post_init__(self):
        """The compound, line-mark and wordmark-row fields, checked by name (the older fields are read as given)."""
        if not isinstance(self.confetti_text, (bool, np.bool_)):
            raise ContractError(f"confetti_text must be True or False, got {self.confetti_text!r}")
        if not 0 <= self.compound <= 1:  # a share of colour overlap; nan fails too
            raise ContractError(f"compound must be in [0, 1] (0: off), got {self.compound!r}")
        if not 0 < self.compound_area <= self.max_area:
            raise ContractError(f"compound_area must be in (0, max_area={self.max_area}], got {self.compound_area!r}")
        if isinstance(self.compound_reach, bool) or not isinstance(self.compound_reach, numbers.Integral) \
                or self.compound_reach < 0:
            raise ContractError(f"compound_reach must be an integer >= 0, got {self.compound_reach!r}")
        # each outline layer widens the crop round a candidate by one band: bounded
        if isinstance(self.outline_layers, bool) or not isinstance(self.outline_layers, numbers.Integral) \
                or not 1 <= self.outline_layers <= OUTLINE_LAYERS_MAX:
            raise ContractError(f"outline_layers must be an integer in [1, {OUTLINE_LAYERS_MAX}], "
                                f"got {self.outline_layers!r}")
        # the fine step seals a smooth fill's frame where it fades into the plate: under the
        # ordinary step (a gradient's own slope stays below it), over 0 (noise would seal all)
        if isinstance(self.smooth_fine, bool) or not isinstance(self.smooth_fine, numbers.Real) \
                or not 0 < self.smooth_fine < self.edge_step:
            raise ContractError(f"smooth_fine must be in (0, edge_step={self.edge_step}), got {self.smooth_fine!r}")
        for name in ("outline_shaded", "bars", "diecut_even", "diecut_nested", "framed_hollow",
                     "framed_alone", "framed_mixed", "sliders", "prints", "prints_mend", "prints_sharp",
                     "prints_run", "prints_margin", "prints_shade", "prints_tip", "neon", "neon_cut", "neon_follow",
                     "stamp", "mark_row", "line_emblem", "lone_mark", "emblem_left", "lone_scale",
                     "jpeg_level", "noise_ring", "links", "links_band", "links_repeat"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise ContractError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if not isinstance(self.loop_line, (bool, np.bool_)):
            raise ContractError(f"loop_line must be True or False, got {self.loop_line!r}")
        # framed_text's window grows with it (4x to the sides): bounded, not a frame-wide scan per line
        tops = (("line_marks", 1.0), ("line_ink", np.inf), ("line_tol", np.inf),
                ("framed_text", FRAMED_TEXT_MAX), ("framed_tall", 1.0), ("wordmark_row", 0.5), ("diecut", 1.0),
                ("smooth_fit", np.inf), ("plate_grow", PLATE_GROW_MAX), ("diecut_depth", np.inf), ("limb", 0.5),
                ("noise_floor", NOISE_FLOOR_MAX), ("noise_rough", NOISE_FLOOR_MAX))
        for name, top in tops:
            v = getattr(self, name)
            # a number (not a bool, not a string); nan fails the comparisons
            # inf would switch a test off rather than loosen it (smooth_fit: every residual
            # under it; line_ink / line_tol: no ink far enough from the plate)
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0 <= v <= top or not np.isfinite(v):
                want = f"in [0, {top:g}]" if np.isfinite(top) else "a finite number >= 0"
                raise ContractError(f"{name} must be {want} (0: off), got {v!r}")
        # a share of the ring, not a switch: 0 asks no real step of it (smooth_fit turns the search off)
        v = self.smooth_fit_framed
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0 <= v <= 1:
            raise ContractError(f"smooth_fit_framed must be in [0, 1] (the least share of a smooth fill's 1 px "
                                f"ring with a real step near it; 0 asks none), got {v!r}")


def edge_map(image: np.ndarray, step: int) -> np.ndarray:
    """``(H, W) bool``: the largest channel step to the right or lower neighbour > ``step``."""
    im = image.astype(np.int16)
    g = np.zeros(im.shape[:2], np.int16)
    dx = np.abs(np.diff(im, axis=1)).max(-1)
    dy = np.abs(np.diff(im, axis=0)).max(-1)
    g[:, :-1] = np.maximum(g[:, :-1], dx)
    g[:, 1:] = np.maximum(g[:, 1:], dx)
    g[:-1] = np.maximum(g[:-1], dy)
    g[1:] = np.maximum(g[1:], dy)
    return g > step, g


def _resize_mask(m: np.ndarray, shape) -> np.ndarray:
    if m.shape == tuple(shape):
        return m
    return cv2.resize(m.astype(np.float32), (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR) > 0.5


def _poly_mask(shape, poly) -> np.ndarray:
    m = np.zeros(shape, np.uint8)
    cv2.fillPoly(m, [np.round(np.asarray(poly)).astype(np.int32).reshape(-1, 1, 2)], 1)
    return m.astype(bool)


def roughness(image: np.ndarray) -> np.ndarray:
    """``(H, W) float32``: the largest channel deviation from the 5x5 box mean (texture)."""
    f = image.astype(np.float32)
    return np.abs(f - cv2.blur(f, (5, 5))).max(-1)


def _axis_roughness(crop: np.ndarray, inner: np.ndarray) -> float:
    """Texture along the smoother of the two axes: the mean over ``inner`` of the largest
    channel deviation from the 5 px mean along rows, or along columns, whichever is lower.

    A fill shaded across one axis only (a cylinder lit from one side, a narrow soft
    highlight, a linear gradient) is even along the other: about 0 there, where
    :func:`roughness` reads the shading's curvature as texture; grain reads the same
    both ways (about 0.9 of :func:`roughness` on white noise).
    """
    f = crop.astype(np.float32)
    dh = np.abs(f - cv2.blur(f, (5, 1))).max(-1)[inner].mean()
    dv = np.abs(f - cv2.blur(f, (1, 5))).max(-1)[inner].mean()
    return float(min(dh, dv))


def _drop_repeats(cands: list, max_repeats: int, colours: np.ndarray, areas: np.ndarray,
                  boxes: np.ndarray, *, overlap: float = -1.0) -> list:
    """Drop candidates that look like many regions of the image: textures repeat, badges not.

    Every flat region of the image is compared, not only the candidates: the tiles, dots
    and rings of a pattern are often rejected one by one by other tests (they touch the
    frame, a text box cuts them), yet they still show that the one kept is a texture
    element. A region looks like a candidate when their colours differ by < 30 (L1 over
    RGB), their boxes have about the same shape (aspect within a factor 1.6, box filled to
    within 0.15: a dot is not a letter of its wordmark in the same colour) and its area is
    within a factor 2 of the candidate's; for a candidate partly
    hidden by a person or text (``occluded``; its area is not its own) any region at
    least half its area counts. A candidate with ``max_repeats - 1`` or more look-alikes
    is dropped.

    Parameters
    ----------
    cands : list of dict
        With ``id`` (its label), ``colour``, ``reg_area`` and ``occluded``.
    max_repeats : int
    colours : (n, 3) float
        Mean colour of every label.
    areas : (n,) float
        Pixel count of every label (label 0, the edges, is never a look-alike).
    boxes : (n, 2) float
        Width and height of every label's box.
    """
    if not cands:
        return cands
    bw, bh = np.maximum(boxes[:, 0], 1), np.maximum(boxes[:, 1], 1)
    aspect, extent = np.log(bw / bh), areas / (bw * bh)
    keep = []
    for c in cands:
        i = c["id"]
        near = np.abs(colours - np.asarray(c["colour"])).sum(-1) < 30
        big = areas >= 0.5 * c["reg_area"]
        if not c["occluded"]:  # an occluded one's box is not its own either
            big &= (areas <= 2.0 * c["reg_area"]) & (np.abs(aspect - aspect[i]) < np.log(1.6))
            big &= np.abs(extent - extent[i]) < 0.15
        same = near & big
        same[0] = False
        same[c["id"]] = False
        # tiles of a mosaic differ in colour but share their shape: many regions of the
        # same size and box shape, whatever their colour, are a texture too
        twin = ((np.abs(np.log(np.maximum(areas, 1) / c["reg_area"])) < np.log(1.3))
                & (np.abs(aspect - aspect[i]) < np.log(1.25)) & (np.abs(extent - extent[i]) < 0.08))
        twin[0] = twin[i] = False
        if int(same.sum()) < max_repeats - 1 and (c["occluded"] or int(twin.sum()) < 2 * max_repeats - 2):
            keep.append(c)
        elif int(same.sum()) < max_repeats - 1 and overlap >= 0:
            # many regions of its size and shape in other colours (a mosaic, a wall of
            # stones, leaves): a texture element, unless its colours are not the plate's
            if c["overlap"] is None:
                c["overlap"] = c["overlap_of"](c["shape"])
            if c["overlap"] <= overlap:
                keep.append(c)
    return keep


def colour_overlap(image: np.ndarray, shape: np.ndarray, *, gap: int, exclude: np.ndarray | None = None,
                   tol: float = 40.0, samples: int = 200, seed: int = 0) -> float:
    """How much ``shape``'s colours are the colours of the plate around it (0 = none, ~1 = the plate's own).

    A drawn artifact is laid over the plate in colours of its own; a piece of the plate (a
    stone of a wall, a leaf, a patch of camouflage, a tile) shares its colours with the
    plate around it, whatever the plate's contrast. In an annulus from ``gap`` px beyond
    the shape out to about twice its equivalent radius, the plate's colour density at the
    shape's pixels (the share of annulus pixels within ``tol``, L1 over RGB, of each) is
    compared with the density at the plate's own pixels (the same share, for annulus
    pixels): their ratio. A black-and-white checker gives a pale green bottle ~0 (no plate
    pixel near its colours), a wall gives one of its stones ~1, a flat plate gives a
    badge in another colour 0. Pixels are sampled (``samples`` of each, a fixed seed).

    Parameters
    ----------
    image : (H, W, 3) uint8
    shape : (H, W) bool
        The candidate, same size as ``image``.
    gap : int
        Pixels skipped beyond the shape (its rim, outline and shadow).
    exclude : (H, W) bool, optional
        Pixels that are not plate (text, people).
    tol : float
    samples : int
    seed : int

    Returns
    -------
    float
        0 when fewer than 8 plate pixels are left in the annulus (nothing to compare with).

    >>> im = np.full((60, 60, 3), 200, np.uint8); im[20:40, 20:40] = (200, 30, 30)
    >>> m = np.zeros((60, 60), bool); m[20:40, 20:40] = True
    >>> colour_overlap(im, m, gap=2), colour_overlap(np.full_like(im, 200), m, gap=2)
    (0.0, 1.0)
    """
    ys, xs = np.nonzero(shape)
    if not len(ys):
        return 0.0
    H, W = shape.shape
    r_eq = float(np.sqrt(len(ys) / np.pi))
    reach = int(gap + max(2 * gap, r_eq)) + 1
    y0, y1 = max(0, ys.min() - reach), min(H, ys.max() + reach + 1)
    x0, x1 = max(0, xs.min() - reach), min(W, xs.max() + reach + 1)
    sh = shape[y0:y1, x0:x1]
    dist = cv2.distanceTransform((~sh).view(np.uint8), cv2.DIST_L2, 3)
    ann = (dist > gap) & (dist <= reach)
    if exclude is not None:
        ann &= ~exclude[y0:y1, x0:x1]
    crop = image[y0:y1, x0:x1]
    plate, own = crop[ann].astype(np.float32), crop[sh].astype(np.float32)
    if len(plate) < 8:
        return 0.0
    rng = np.random.default_rng(seed)
    if len(plate) > samples:
        plate = plate[rng.choice(len(plate), samples, replace=False)]
    if len(own) > samples:
        own = own[rng.choice(len(own), samples, replace=False)]
    near_own = (np.abs(own[:, None] - plate[None]).sum(-1) < tol).mean()
    near_plate = (np.abs(plate[:, None] - plate[None]).sum(-1) < tol).mean()
    return float(near_own / max(near_plate, 1e-9))


def _nested(shape: np.ndarray, edges: np.ndarray, start: int) -> bool:
    """True when a closed step runs parallel to ``shape``'s outline beyond a flat band.

    Rings round a centre (a target, ripples, concentric squares) make each inner shape look
    like a framed badge; what gives them away is the next ring: a step at about one
    distance from the shape all around it (>= 45 % of the pixels 1-3 px around that
    distance from the outline are steps; a clean step marks 2 of 3), with almost no steps
    (<= 15 %) between. A badge's plate does
    not follow its outline. Distances from ``start`` (past the rim and outline) up to the
    shape's own radius are tried.

    Parameters
    ----------
    shape : (h, w) bool
        The proposal (working size, its crop with room around it).
    edges : (h, w) bool
    start : int
    """
    dist = cv2.distanceTransform((~shape).view(np.uint8), cv2.DIST_L2, 3)
    radius = cv2.distanceTransform(np.pad(shape, 1).view(np.uint8), cv2.DIST_L2, 3).max()
    top = int(min(max(start + 4, 2 * radius), dist.max() - 1))
    if top <= start + 2:
        return False
    d = np.round(dist).astype(np.int32)
    ok = (d > 0) & (d <= top)
    n = np.bincount(d[ok], minlength=top + 1).astype(np.float64)
    e = np.bincount(d[ok & edges], minlength=top + 1).astype(np.float64)
    share = e / np.maximum(n, 1)
    for k in range(start + 2, top):
        near = e[k - 1:k + 2].sum() / max(1.0, n[k - 1:k + 2].sum())  # a step 1-3 px wide
        if near >= 0.45 and share[start:k - 1].mean() <= 0.15:
            return True
    return False


def _framed(filled: np.ndarray, g: np.ndarray, P: "GraphicParams") -> tuple[float, float]:
    """A smooth fill's 1 px ring read against the steps ``g``: its framed share (a step over 1.5
    ``edge_step`` within ``smooth_reach`` px of the ring pixel) and its sharp share (over 1.5
    ``edge_step`` on it), as the region loop judges a fill that is not one colour.

    A drawn step is anti-aliased over 2 px: the ring pixel may hold only its small first part (a
    packshot's body beside its highlight stripe); a step within ``smooth_reach`` px of the fill frames
    it. The score keeps the 1 px ring: a shape framed only so (a photographed dark coat) needs a part
    with more evidence joined to it (the packshot's label) to pass the backend."""
    ring1 = cv2.dilate(filled.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~filled
    sharp = float((g[ring1] > 1.5 * P.edge_step).mean())
    framed = sharp
    if P.smooth_reach > 1:
        k = 2 * P.smooth_reach - 1
        framed = float((cv2.dilate(g, np.ones((k, k), np.uint8))[ring1] > 1.5 * P.edge_step).mean())
    return framed, sharp


def _limb(filled: np.ndarray, g: np.ndarray, P: "GraphicParams", share: float) -> np.ndarray | None:
    """``filled`` grown through the pixels whose step is at most 1.5x ``edge_step`` (its soft steps: a shaded
    fill's own slope, as a lit sphere's dark limb; and any area between steps beyond them) by up to ``share``
    of its inscribed radius, 1 px at a time, holes filled; the grown fill when its 1 px ring is then framed
    (``smooth_sharp``), else None.

    A drawn 3-D badge is shaded to its outline, and the outline is a sharp step. Known defect (session 35,
    objmiss): a brick wall's areas are joined across their soft mortar into a framed column (a public photo,
    2.45 % false); no guard tried kept the tune spheres, so ``limb`` stays off."""
    r = cv2.distanceTransform(np.pad(filled, 1).view(np.uint8), cv2.DIST_L2, 3).max()
    n = int(np.ceil(share * r))
    soft = g <= 1.5 * P.edge_step
    grown = filled
    for _ in range(n):
        nxt = cv2.dilate(grown.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & soft | grown
        if (nxt == grown).all():
            break
        grown = nxt
    if grown is filled:
        return None
    grown = ndi.binary_fill_holes(grown)
    if grown[0].any() or grown[-1].any() or grown[:, 0].any() or grown[:, -1].any():
        return None  # (ran out of the crop: no outline round it)
    framed, _ = _framed(grown, g, P)  # (grown stays off the crop's border: its ring is never empty)
    return grown if framed >= P.smooth_sharp else None


def graphic_proposals(image: np.ndarray, *, text_polygons: Sequence[np.ndarray] = (),
                      text_mask: np.ndarray | None = None, person_mask: np.ndarray | None = None,
                      params: GraphicParams = GraphicParams()) -> list[ObjectProposal]:
    """Flat, sharply framed shapes in ``image`` as :class:`ObjectProposal` (full size).

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_polygons : list of (N, 2) float arrays
        Text found by the text detector, in image pixels.
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove (used to drop proposals that are mostly those).
    params : GraphicParams

    Returns
    -------
    list of ObjectProposal
    """
    P = params
    if P.prints:  # (session 29: a pass of its own, the other proposals as without it)
        props = graphic_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                  person_mask=person_mask, params=replace(P, prints=False))
        return props + print_proposals(image, text_mask=text_mask, person_mask=person_mask, params=P)
    if P.sliders:  # (session 28: a pass of its own, the other proposals as without it)
        props = graphic_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                  person_mask=person_mask, params=replace(P, sliders=False))
        return props + slider_proposals(image, text_polygons=text_polygons, text_mask=text_mask,
                                        person_mask=person_mask, params=P)
    H, W = image.shape[:2]
    s = min(1.0, P.work_side / max(H, W))
    small = image if s == 1.0 else cv2.resize(image, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    # (session 36, noise_floor / noise_rough) the codec's noise, read on the file's own 8x8 grid, scaled
    # by s: the working image's area averaging lowers it (by s for noise independent pixel to pixel; less
    # for the codec's block-correlated noise, so the floor errs low on large images)
    floor_std = floor_rough = 0.0
    if P.noise_floor > 0 or P.noise_rough > 0:
        fl = s * codec_floor(image)
        floor_std, floor_rough = P.noise_floor * fl, P.noise_rough * fl
    edges, grad = edge_map(small, P.edge_step)
    # (noise_ring) each pixel's largest step within 1 px, for the sharp share of a codec-noisy image
    grad_near = cv2.dilate(grad, np.ones((3, 3), np.uint8)) if P.noise_ring and floor_std > 0 else None
    rough = None  # computed for the first shaded candidate (most images have none)
    n, lab, stats, _ = cv2.connectedComponentsWithStats((~edges).view(np.uint8), connectivity=4)
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    x, y, bw, bh = (stats[:, i] for i in range(4))
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    lo = min(P.min_area, P.min_part) if P.min_part > 0 else P.min_area
    # a shape laid on the frame's edge (a corner ribbon, a full-width strip) touches it as
    # the plate's own areas do: up to edge_laid of the image, judged as the others and kept
    # only with a line of text inside (below)
    edge_ok = touches & (area >= P.min_area * h * w) & (area <= P.edge_laid * h * w)
    ok = (area >= lo * h * w) & (area <= P.max_area * h * w) & (~touches | edge_ok)
    ok[0] = False  # label 0 = edges
    # (line marks and framed words start from the text boxes)
    by_text = (P.line_marks > 0 or P.framed_text > 0) and len(text_polygons)
    if not ok.any() and P.compound <= 0 and P.diecut <= 0 and P.smooth_fit <= 0 and not by_text:
        return []  # (a compound is sought all the same: a grainy sticker alone has no candidate region)
    flat = lab.ravel()
    f = small.reshape(-1, 3).astype(np.float64)
    sums = np.stack([np.bincount(flat, f[:, c], n) for c in range(3)], 1)
    sq = np.stack([np.bincount(flat, f[:, c] ** 2, n) for c in range(3)], 1)
    mean = sums / np.maximum(area, 1)[:, None]
    std = np.sqrt(np.maximum(sq / np.maximum(area, 1)[:, None] - mean ** 2, 0)).max(1)
    if floor_std > 0:  # each region judged for its spread without the codec's (noise adds in quadrature)
        std = np.sqrt(np.maximum(std ** 2 - floor_std ** 2, 0))
    # flat regions pass here; smooth ones (gradients, gloss) are tested in the loop
    flat_ok = std <= P.max_std
    # a part of a mark (a bar, a petal, a chevron) under min_area: flat ones only, judged
    # as a group of parts below (_mark_parts)
    part = area < P.min_area * h * w
    ok &= ~part | flat_ok
    tm = None if text_mask is None else _resize_mask(text_mask, (h, w))
    pm = None if person_mask is None else _resize_mask(person_mask, (h, w))
    r_min = max(1.5, P.min_radius * max(h, w))
    band_px = max(3, round(P.band * max(h, w)))
    pad = P.outline_layers * band_px + 4  # (a second outline layer reaches twice as far)
    other = _covered(tm, pm, (h, w))
    loops = []  # the plate seen through closed drawn lines, the ring beyond them, their crop (loop_line)
    # text boxes in working pixels, for shapes on the frame's edge (their evidence, below)
    edge_polys = [np.asarray(p, np.float32).reshape(-1, 2) * s for p in text_polygons] if edge_ok.any() else []
    split = []  # shaded pieces framed only in part (split_framed)
    out, held, parts, laid = [], [], [], []  # laid: on the frame's edge; held: shaded shapes in the plate's colours, unless parts of a drawn object (below)
    for i in np.flatnonzero(ok):
        x0, y0 = max(0, x[i] - pad), max(0, y[i] - pad)
        x1, y1 = min(w, x[i] + bw[i] + pad), min(h, y[i] + bh[i] + pad)
        reg = lab[y0:y1, x0:x1] == i
        filled = ndi.binary_fill_holes(reg)
        if touches[i] and not _laid_on_edge(filled, reg, [p[:, :2] - (x0, y0) for p in edge_polys]):
            continue
        # thick once filled: a badge's outer band around a ring counts, a glyph stroke not
        if (cv2.distanceTransform(np.pad(filled, 1).view(np.uint8), cv2.DIST_L2, 3).max() < r_min
                or cv2.distanceTransform(np.pad(reg, 1).view(np.uint8), cv2.DIST_L2, 3).max() < 0.5 * r_min):
            continue
        ring = cv2.dilate(filled.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~filled
        g = grad[y0:y1, x0:x1]
        sharp = float((g[ring] > 2 * P.edge_step).mean()) if ring.any() else 0.0
        if grad_near is not None and ring.any():
            sharp = float((grad_near[y0:y1, x0:x1][ring] > 2 * P.edge_step).mean())
        if touches[i]:
            # on the frame's edge a ribbon's sides run across the corner: the 5x5 ring reaches
            # 2.8 px beyond a diagonal step, past its edge pixels; a step within 2 px of the
            # 1 px ring frames it, whatever the side's direction
            ring1 = cv2.dilate(filled.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~filled
            near = cv2.dilate(g, np.ones((3, 3), np.uint8))[ring1] > 2 * P.edge_step
            sharp = float(near.mean()) if ring1.any() else 0.0
        # a flat shape with a weaker border is kept only if a wordmark joins it (below)
        weak = bool(flat_ok[i] and sharp < P.min_sharp)
        # faint: a border fainter still, kept only as a member of a row of like shapes (below)
        faint = bool(weak and sharp < P.weak_sharp)
        if weak and (part[i] or (faint and not (P.row_sharp > 0 and sharp >= P.row_sharp))):
            continue
        crop = small[y0:y1, x0:x1].astype(np.float64)
        dev = float(std[i])
        split_piece = False
        if not flat_ok[i]:
            # not one colour: a smooth fill (gradient, gloss, shading) with an even sharper
            # border still counts; photographed surfaces keep texture the fit cannot explain
            inner = cv2.erode(reg.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
            if not inner.any():
                continue
            if rough is None:
                rough = roughness(small)
            dev = float(rough[y0:y1, x0:x1][inner].mean())
            if floor_rough > 0:
                dev = float(np.sqrt(max(dev ** 2 - floor_rough ** 2, 0.0)))
            framed, sharp = _framed(filled, g, P)
            if dev > P.max_rough and P.axis_rough > 0 and framed >= P.smooth_sharp:
                # shaded along one axis only (a cylinder's light across a bottle, a linear
                # gradient, a narrow highlight stripe): along the other the fill is even,
                # under axis_rough x max_rough, where a photographed surface keeps its grain
                # both ways (a dark band of a photographed sign: 0.69 - 0.82)
                # (the score's flatness reads that even axis)
                axis = _axis_roughness(small[y0:y1, x0:x1], inner)
                if floor_rough > 0:
                    axis = float(np.sqrt(max(axis ** 2 - floor_rough ** 2, 0.0)))
                if axis <= P.axis_rough * P.max_rough:
                    dev = axis
            if P.limb > 0 and dev <= P.max_rough and framed < P.smooth_sharp:
                got = _limb(filled, g, P, P.limb)
                if got is not None:  # (session 35: the region grown to its outline through its shading)
                    reg, filled = reg | (got & ~filled), got
                    ring = cv2.dilate(filled.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~filled
                    framed, sharp = _framed(filled, g, P)
            if dev > P.max_rough or framed < P.smooth_sharp * (P.split_framed if P.split_framed > 0 else 1):
                continue
            # framed only in part: a piece of an object split by its own inner steps (a
            # bottle's body halved by its highlight stripe, cut by its label); judged with
            # the pieces it touches below (one outline against the plate)
            split_piece = framed < P.smooth_sharp
        outer = cv2.dilate(filled.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool) & ~filled & ~ring
        e = edges[y0:y1, x0:x1]
        hollow = False
        if outer.any():
            contrast = float(np.abs(np.median(crop[outer], 0) - mean[i]).sum())
            k_far = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band_px + 5, 2 * band_px + 5))
            far = cv2.dilate(filled.view(np.uint8), k_far).astype(bool)
            far &= ~cv2.dilate(filled.view(np.uint8), np.ones((2 * band_px - 1,) * 2, np.uint8)).astype(bool)
            plate_far = float(np.abs(np.median(crop[far], 0) - mean[i]).sum()) if far.any() else contrast
            if contrast < P.min_contrast or plate_far < P.min_contrast:
                # the plate inside and out: a closed line drawn on it (an outline button, a
                # frame) when the line stands out from the plate and encloses it tightly
                if weak or part[i] or touches[i]:
                    continue
                d_ring = np.abs(crop[ring] - mean[i]).sum(-1)
                if float(np.percentile(d_ring, 70)) < 2 * P.min_contrast:
                    continue
                hollow = True
        # the anti-aliased rim: edge pixels touching the fill
        rim = cv2.dilate(filled.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & e
        if hollow:
            # the line: pixels off the plate's colour within the band, connected to the shape
            k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band_px + 1, 2 * band_px + 1))
            off = cv2.dilate(filled.view(np.uint8), k).astype(bool) & ~filled
            off &= np.abs(crop - mean[i]).sum(-1) > 0.5 * P.min_contrast
            off |= rim
            _, cl = cv2.connectedComponents(off.view(np.uint8), connectivity=8)
            touch = np.unique(cl[ring & off])
            line = np.isin(cl, touch[touch > 0])
            m = (filled & ~reg) | line
            shape = filled | line
        else:
            m = _outline(filled | rim, crop, lab[y0:y1, x0:x1], e, band_px, 3 * P.max_std,
                         layers=P.outline_layers, shaded=P.outline_shaded, min_contrast=P.min_contrast)
            shape = m
        # (session 31, loop_line) a closed line drawn round a spot of the plate: the plate it
        # encloses is no part of it, nor of a candidate found inside it (the spot's own region)
        seen = beyond = None
        if P.loop_line and not hollow:
            # the plate beyond the loop, a band out (a shield's inner outline has the plate there,
            # its own body inside and just outside the line)
            k_out = np.ones((2 * band_px + 1,) * 2, np.uint8)
            beyond = cv2.dilate(cv2.dilate(filled.view(np.uint8), k_out), k_out).astype(bool)
            beyond &= ~cv2.dilate(filled.view(np.uint8), k_out).astype(bool)
            seen = _loop_hole(filled, reg, crop, outer, beyond, min_contrast=P.min_contrast,
                              other=None if other is None else other[y0:y1, x0:x1])
        covered = np.zeros_like(m)
        for src in (tm, pm):
            if src is not None:
                covered |= src[y0:y1, x0:x1]
        if covered[reg].mean() > P.max_other:
            continue
        occluded = bool(covered[ring].mean() > 0.1) if ring.any() else False
        if pm is not None and ring.any() and pm[y0:y1, x0:x1][ring].mean() > P.max_cut:
            continue  # its outline is mostly a person's: a piece of the plate the person stands in front of
        # flat: 1 at one colour, 0 at twice max_std; smooth: 0.75 at max_rough
        flatness = 1.0 - min(1.0, dev / (2 * P.max_std) if flat_ok[i] else dev / (4 * P.max_rough))
        full = np.zeros((h, w), bool)
        full[y0:y1, x0:x1] = m
        full_shape = full.copy()
        full_shape[y0:y1, x0:x1] |= shape
        z = None  # the colour overlap with the plate around: computed where a rule needs it
        if touches[i]:
            # a piece of a tiled or patterned plate cut by the frame has the plate's colours
            # around it; a ribbon or strip laid on the edge is in colours of its own
            z = colour_overlap(small, full_shape, gap=band_px, exclude=other)
            if z > P.smooth_overlap:
                continue
        if not flat_ok[i] and z is None:
            # shaded and sharply framed, like a stone of a wall lit from one side: a drawn
            # product or gradient button is in colours of its own
            z = colour_overlap(small, full_shape, gap=band_px, exclude=other)
            if z > P.smooth_overlap and not P.shaded_parts:
                continue
        if split_piece and (z is None or touches[i]):
            continue
        if seen is not None:  # (where a drawn thing holds the ring beyond, judged at the end)
            loops.append((seen, beyond, (y0, y1, x0, x1)))
        (laid if touches[i] else parts if part[i] else split if split_piece
         else held if z is not None and z > P.smooth_overlap else out).append(dict(mask=full, shape=full_shape, reg_area=float(area[i]), id=int(i), occluded=occluded, score=0.5 * (sharp + flatness), weak=weak, faint=faint, overlap=z,
                        overlap_of=lambda m, _s=small, _g=band_px, _o=other: colour_overlap(_s, m, gap=_g, exclude=_o),
                        hollow=hollow,
                        colour=mean[i], holes=float(filled.sum() - reg.sum()) / max(1.0, filled.sum()),
                        shaded=0.0 if flat_ok[i] else float(area[i])))
    out = _drop_repeats(out, P.max_repeats, mean, area, np.stack([bw, bh], 1).astype(np.float64),
                        overlap=P.repeat_overlap)
    fits = []
    if P.smooth_fit > 0:
        # smooth fills whose region leaks into the plate where their gradient meets its colour
        fits = _closed_smooth(small, edges, grad, lab, ok, area, fine=P.smooth_fine, max_fit=P.smooth_fit,
                              min_framed=P.smooth_fit_framed, step=1.5 * P.edge_step, reach=P.smooth_reach,
                              min_area=P.min_area * h * w, max_area=P.max_area * h * w, r_min=r_min, band=band_px,
                              other=other, max_other=P.max_other, max_overlap=P.smooth_overlap,
                              max_twins=P.max_repeats - 1)
    if P.row_sharp > 0:
        # rows among the single shapes, before any joins: a faint shape outside a row goes
        # here, so that it neither joins nor changes a shape it touches
        _rows(out)
        out = [d for d in out if not d["faint"] or d.get("row")]
    # a piece of a pattern cut by the frame (half a dot, a tile) has whole look-alikes in its
    # colour elsewhere, at least half its size; a strip or ribbon on the edge does not
    laid = [d for d in laid if int(((np.abs(mean - d["colour"]).sum(-1) < 30) & (area >= 0.5 * d["reg_area"]))[1:].sum())
            - 1 < P.max_repeats - 1]
    if split:
        out += _split_silhouettes(split, out, grad, step=1.5 * P.edge_step, reach=P.smooth_reach,
                                  min_framed=P.smooth_sharp, max_overlap=P.smooth_overlap,
                                  overlap=lambda m, ex: colour_overlap(small, m, gap=band_px,
                                                                              exclude=ex if other is None else ex | other))
    if parts:
        parts = _drop_repeats(parts, P.max_repeats, mean, area, np.stack([bw, bh], 1).astype(np.float64))
        out += _mark_parts(parts, min_area=P.min_area * h * w)
    compounds = []
    if P.compound > 0:
        compounds = _compounds(small, lab, touches | (area > P.max_area * h * w), other=other, gap=band_px,
                               min_area=P.compound_area * h * w, max_area=P.max_area * h * w,
                               max_overlap=P.compound, max_other=P.max_other, reach=P.compound_reach,
                               max_twins=2 * P.max_repeats - 2)
    cuts = []
    if P.diecut > 0:
        cuts = _diecuts(small, edges, other=other, gap=band_px, min_area=P.min_area * h * w,
                        max_area=P.max_area * h * w, max_overlap=P.diecut, max_other=P.max_other,
                        min_thickness=P.min_thickness, max_twins=P.max_repeats - 1, even_line=P.diecut_even,
                        max_depth=_depth_at(P.diecut_depth, max(h, w), P.work_side))
    if not out and not laid and not compounds and not cuts and not fits and not by_text:
        return []
    # merge nested proposals (an inner circle inside a badge is the badge)
    out.sort(key=lambda d: -d["mask"].sum())
    merged = []
    for d in out:
        for e in merged:
            inter = (d["mask"] & e["mask"]).sum()
            if inter >= 0.5 * d["mask"].sum():
                _join(e, d)
                break
        else:
            merged.append(d)
    if P.max_overlap < 1e9:
        # a shape whose colours the plate around it has (a stone of a wall, a leaf, a patch
        # of camouflage) is the plate; a drawn one, judged whole with its inner parts
        # (nested above), is in colours of its own. Before parts are joined: a badge that
        # touches a stone must not take the wall with it.
        for d in merged:
            if d["overlap"] is None or len(merged) > 1:
                d["overlap"] = d["overlap_of"](d["shape"])
        merged = [d for d in merged if d["overlap"] <= P.max_overlap]
    # parts of one drawn object touch across their shared border (a bottle's body and its
    # label): one proposal
    k3 = np.ones((5, 5), np.uint8)
    changed = True
    while changed:  # until no two groups touch (a label joins the body above and below it)
        changed, grouped = False, []
        for d in merged:
            near = cv2.dilate(d["shape"].view(np.uint8), k3).astype(bool)
            for e in grouped:
                if (near & e["shape"]).any():
                    _join(e, d)
                    changed = True
                    break
            else:
                grouped.append(d)
        merged = grouped
    if held and merged:
        # a shaded part of a drawn object (a bottle's dark side beside its highlight stripe)
        # can fail the colour test only because the annulus around it holds the object's
        # other parts, in its own colours: judged again with the group it touches taken out
        # of the plate, it joins when its colours are not the plate's; a stone of a wall
        # beside a badge still has the wall around it
        for d in held:
            near = cv2.dilate(d["shape"].view(np.uint8), k3).astype(bool)
            for e in merged:
                if not (near & e["shape"]).any():
                    continue
                ex = cv2.dilate(e["shape"].view(np.uint8), k3).astype(bool)
                if other is not None:
                    ex |= other
                if colour_overlap(small, d["shape"], gap=band_px, exclude=ex) <= P.smooth_overlap:
                    _join(e, d)
                    d["joined"] = True
                break
    # the text polygons in working pixels (the held plates below, the joins after)
    polys = [np.asarray(p, np.float32).reshape(-1, 2) * s for p in text_polygons]
    if held and P.held_text and text_polygons:
        # a shaded candidate in the plate's colours that holds a detected line of text (at
        # least half of its box inside, as ``n_inside`` counts below) is a drawn plate with
        # its message: a button fused with the tile it touches (two near flat colours
        # joined across an anti-aliased step) reads as shaded and shares the tiles' colours;
        # a stone of a wall holds no line of its own. Judged as the others from here.
        for d in held:
            if d.get("joined"):
                continue
            bx0, by0, bx1, by1 = box_of(d["shape"])
            for p in polys:
                if not len(p) or p[:, 0].max() < bx0 or p[:, 0].min() > bx1 or p[:, 1].max() < by0 or p[:, 1].min() > by1:
                    continue
                pm_ = _poly_mask((h, w), p)
                pa = int(pm_.sum())
                if pa and (pm_ & d["shape"]).sum() >= 0.5 * pa:
                    merged.append(d)
                    break
    # a compound stays apart from the candidates inside it (a candy badge's plain band, a
    # packshot found with its reflection): each is judged as it is, their masks add up
    merged += compounds
    # so does a smooth fill sealed by the fine step: it joins no piece it touches (a photo's
    # smooth surfaces, sealed piece by piece, would chain into one through their shared edges)
    # and chains no letters by colour (a sticker's grey peeled curl took a map plate's grey
    # contour lines as its wordmark, artcheck4_tune_005: 5,865 px off the truth)
    for d in fits:
        d["sealed"] = True
    merged += fits
    # so does a die-cut sticker (its white cut line is its evidence; what it encloses adds up)
    if P.diecut_nested:
        # a white line inside another candidate (a seal's inner ring) is a part of it: that
        # candidate judges its own shadow; the ring's would be read off the seal's body
        # (artcheck_tune_019: 643 px off the grown truth without this)
        for c in cuts:
            ca_ = c["shape"].sum()
            c["enclosed"] = any(d["shape"].sum() > ca_ and (d["shape"] & c["shape"]).sum() >= 0.9 * ca_
                                for d in merged)
    merged += cuts
    # shapes on the frame's edge stay apart: a piece of the plate cut off by the frame must
    # not join a badge beside it
    for d in laid:
        d["edge"] = True
    merged += laid
    if P.plate_grow > 0:
        # a shape found only in part (a shield's inner field without its rim, a flag's cloth
        # without its pole, a candy disc's band without its stripes) runs on to the plate
        for d in merged:
            if d.get("edge"):
                continue
            # (added to the mask after the shape's reflection and shadows are read off its own
            # outline: a pole's foot or a sliver of a packshot's reflection in the shape moved
            # the rows the reflection starts from, artcheck_tune_002: 0.90 -> 0.76 removed)
            d["grown"] = _grow_to_plate(d["shape"], small, lab, area, touches, mean, other=other,
                                        max_grow=P.plate_grow, ratio=PLATE_GROW_RATIO, tol=PLATE_GROW_TOL,
                                        max_edges=PLATE_GROW_EDGES)
    # text inside or beside joins (in working pixels); then back to full size
    props, bare, shapes = [], [], []
    lone = []  # (confetti_text) region marks without text in them or a wordmark: parts of a mark, maybe
    for d in merged:
        m = d["mask"]
        bx = box_of(d["shape"])
        n_inside = 0  # text boxes inside the shape
        wordmark = colour_word = False
        mh = bx[3] - bx[1]
        for p in polys:
            if not len(p):
                continue
            pb = (int(p[:, 0].min()), int(p[:, 1].min()), int(np.ceil(p[:, 0].max())) + 1,
                  int(np.ceil(p[:, 1].max())) + 1)
            if pb[2] < bx[0] - mh or pb[0] > bx[2] + mh or pb[3] < bx[1] or pb[1] > bx[3]:
                continue  # nowhere near
            pmk = _poly_mask((h, w), p)
            pa = pmk.sum()
            if not pa:
                continue
            glyphs = pmk if tm is None else pmk & tm  # the text source's tight mask
            if (pmk & d["shape"]).sum() >= 0.5 * pa:
                m |= glyphs
                n_inside += 1
                continue
            # a wordmark: on the mark's line, starting within one mark height of it
            cy_p, cy_m = (pb[1] + pb[3]) / 2, (bx[1] + bx[3]) / 2
            th = pb[3] - pb[1]
            gap = max(pb[0] - bx[2], bx[0] - pb[2])
            if (abs(cy_p - cy_m) <= 0.35 * mh and 0.2 * mh <= th <= 1.2 * mh and -2 <= gap <= 1.0 * mh
                    and mh <= 0.25 * h):
                if glyphs.sum() < 0.1 * pa:  # the text source kept no glyphs here: the box
                    glyphs = pmk
                m |= glyphs
                wordmark = True
        if d.get("edge"):  # its words are its line of text (_laid_on_edge): text_bonus below
            wordmark, n_inside = False, max(n_inside, 1)
        elif not wordmark and (not n_inside or P.wordmark_inside) and mh <= 0.25 * h and not d.get("sealed"):
            word = _colour_wordmark(small, m, bx, d["colour"], tol=P.wordmark_colour, row=P.wordmark_row)
            if word is not None and not word.any():
                word = None  # its colour's pieces beside it are no row of letters (wordmark_row): none
            if word is not None:
                m |= word
                wordmark = colour_word = True
        if d["hollow"] and not n_inside and d["holes"] < 0.05:
            continue  # an empty frame (a lattice, a window) is not an outline button
        if n_inside > P.max_texts:
            continue  # a panel, a sign or a screen printed in the photo: many labels, not one message
        if m.sum() > P.max_area * h * w:
            continue  # a shape over much of the picture is its subject or plate, not a laid-on artifact
        x0, y0, x1, y1 = box_of(d["shape"])
        if P.min_thickness > 0:
            # a drawn mark is a shape, not a line: its widest inscribed circle is a fair share
            # of its size (a disc 0.56, a 4:1 pill 0.25, a 10:1 bar 0.16); an arc or band
            # running across the picture (the rim of a drawn subject cut open by a person) is
            # thin for its area
            sh = np.pad(d["shape"][y0:y1, x0:x1], 1).view(np.uint8)
            if cv2.distanceTransform(sh, cv2.DIST_L2, 3).max() < P.min_thickness * np.sqrt(d["shape"].sum()):
                continue
        # (the ring test looks outside the shape: text inside or a wordmark beside does not
        # matter; it runs after the two cheap tests above, being the only costly one)
        r = max(x1 - x0, y1 - y0)
        cx0, cy0, cx1, cy1 = max(0, x0 - r), max(0, y0 - r), min(w, x1 + r), min(h, y1 + r)
        # (not for a shape on the frame's edge: a ribbon across a corner has its own far side
        # running parallel beyond its near one, and the frame cuts any rings round it)
        if not d.get("edge") and _nested(d["shape"][cy0:cy1, cx0:cx1], edges[cy0:cy1, cx0:cx1], band_px):
            continue  # one of a series of rings round a centre: the plate's pattern
        if d.get("faint") and not d.get("row"):
            continue  # a faint border: only a row's member
        if wordmark:  # a wordmark beside a mark is a second piece of evidence
            d["score"] = d["score"] + P.wordmark_bonus
        elif d["weak"] and not d.get("row"):
            continue
        if n_inside:  # so is a line of text inside a plate (a glass plate's fill keeps the photo's grain)
            d["score"] = d["score"] + P.text_bonus
        if P.bars:  # a thin straight bar ending on the shape (a flag's pole, a knob's track)
            bar = _bars(small, d["shape"], lab, touches | (area > P.max_area * h * w), edges, grad,
                        step=1.5 * P.edge_step, r_min=r_min, min_len=4 * r_min, other=other,
                        min_contrast=P.min_contrast, max_dev=P.max_std, stats=stats)
            # (re-checked with the bar: a bar must not carry a shape over the area limit)
            if bar is not None and (m | bar).sum() <= P.max_area * h * w:
                m = m | bar
        enclosed = d.get("enclosed", False)  # (diecut_nested: no shadow of its own)
        if P.reflection > 0 and not enclosed:
            refl = _reflection(small, d["shape"], max_rows=P.reflection, fade=P.reflection_fade)
            if refl is not None:
                m = m | refl
        if P.soft_shadow and not enclosed:  # a soft drop shadow under the shape belongs to it
            shadow = _soft_shadow(small, d["shape"])
            if shadow is not None:
                m = m | shadow
        if P.contact_shadow and not enclosed:  # the contact shadow of a thing standing on a floor, too
            # (or, with cast_shadow, the long shadow a light from one side casts)
            shadow = _contact_shadow(small, d["shape"], cast_too=P.cast_shadow)
            if shadow is not None:
                m = m | shadow
        grown = d.get("grown")  # (plate_grow: the rest of the thing, up to the plate)
        if grown is not None and (m | grown).sum() <= P.max_area * h * w:
            m = m | grown
        kind = classify(m, box_of(m), text_inside=n_inside > 0, wordmark=wordmark, holes=d["holes"],
                        mark_box=bx, shaded=d["shaded"] >= 0.5 * d["reg_area"])
        full = _upsample(m, (H, W))
        props.append(ObjectProposal(full, box_of(full), float(np.clip(d["score"], 0, 1)), kind, "graphic"))
        # a wordmark found by colour alone is weak evidence: a plate's own pieces in the
        # mark's colour (grout between tiles, a shaded band of a lit tile, leaves of one
        # green) chain beside it like letters; with colour_bare it counts as bare below
        weak_word = colour_word and P.colour_bare
        # a detected line on the mark's line, of a lockup's size and close by, that missed
        # the strict wordmark test above (a tilted box, a line starting over the mark): a
        # lockup, not confetti (it still gets no bonus)
        beside = P.confetti_text and not (n_inside or wordmark) and _line_beside(polys, bx)
        bare.append(not (n_inside or (wordmark and not weak_word) or beside))
        shapes.append(d["shape"])
        lone.append(P.confetti_text and (bare[-1] or beside))
    if any(lone) and any(len(p) for p in polys):
        # a mark of several like parts (a dots logo): each part alone is too small for the
        # line beside the mark, the parts together are not
        for i in _parts_beside(shapes, lone, polys):
            bare[i] = False
    if P.line_marks > 0 and any(len(p) for p in polys):
        # line drawings beside words in their ink (a line logo): what the regions cannot see
        # (no text, no lockup: the click tool's call without text boxes is unchanged)
        taken = np.zeros((h, w), bool)
        for sh in shapes:
            taken |= sh
        for m, score in _line_marks(small, lab, touches | (area > P.max_area * h * w), polys, taken=taken,
                                    gap=band_px, min_area=P.min_area * h * w, max_area=P.max_area * h * w,
                                    min_blend=P.line_marks, min_ink=P.line_ink, tol=P.line_tol, max_width=r_min,
                                    max_twins=P.max_repeats - 1):
            if other is not None and other[m].mean() > P.max_other:
                continue  # mostly what the text or person source removes (as for the candidates)
            full = _upsample(m, (H, W))
            props.append(ObjectProposal(full, box_of(full), float(np.clip(score + P.wordmark_bonus, 0, 1)), "logo",
                                        "graphic"))
            bare.append(False)  # beside its words by construction: never confetti (and zip below keeps it)
            shapes.append(m)
    if P.framed_text > 0 and any(len(p) for p in polys):
        # words inside a closed line drawn round them, the plate showing through (an
        # outline button whose stroke is no one colour: a gradient ring, a neon glow)
        taken = np.zeros((h, w), bool)
        for sh in shapes:
            taken |= sh
        for m, score in _framed_texts(small, edges, polys, taken, reach=P.framed_text,
                                      other=other, hollow=P.framed_hollow,
                                      alone=P.framed_alone, mixed=P.framed_mixed,
                                      max_height=P.framed_tall):
            full = _upsample(m, (H, W))
            bm = box_of(m)
            kind = classify(m, bm, text_inside=True, wordmark=False, holes=0.0,
                            mark_box=bm, shaded=False)
            score = float(np.clip(score + P.text_bonus, 0, 1))
            props.append(ObjectProposal(full, box_of(full), score, kind, "graphic"))
            bare.append(False)  # its words are inside by construction
            shapes.append(m)
    if sum(bare) > P.max_marks:
        # many bare marks (no text in or beside them; a wordmark chained by colour alone
        # counts as none, colour_bare) scattered over the picture: confetti,
        # a printed fabric, an icon wallpaper; a creative's own marks are few. Proposals that
        # overlap are one mark (a plain badge is found both as a candidate and as a compound;
        # a compound holds the candidates inside it): counted once
        idx = [i for i, b in enumerate(bare) if b]
        boxes = [box_of(shapes[i]) for i in idx]

        def overlap(a, b):  # compared on the boxes' common part only (none: apart)
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = boxes[a], boxes[b]
            x0, y0, x1, y1 = max(ax0, bx0), max(ay0, by0), min(ax1, bx1), min(ay1, by1)
            return x0 < x1 and y0 < y1 and bool((shapes[idx[a]][y0:y1, x0:x1] & shapes[idx[b]][y0:y1, x0:x1]).any())

        groups = _linked_groups(len(idx), overlap)
        if len(set(groups)) > P.max_marks:
            props = [p for p, b in zip(props, bare) if not b]
    if loops:
        props = _without(props, _loop_seen(loops, props, (h, w), (H, W)))
    return props


def _loop_seen(loops: list, props: list, small: tuple, full: tuple) -> np.ndarray:
    """(H, W) bool: the plate seen through the closed drawn lines ``loops`` (:func:`_loop_hole`).

    A loop whose ring beyond it (a band out) lies for more than half on a proposal's pixels is a
    line drawn inside a drawn thing (a shield's inner outline, a badge's ring): what it encloses is
    that thing's body, not the plate, and is kept."""
    taken = np.zeros(small, bool)
    for p in props:
        taken |= _resize_mask(p.mask, small)
    seen = np.zeros(small, bool)
    for hole, beyond, (y0, y1, x0, x1) in loops:
        if beyond.any() and taken[y0:y1, x0:x1][beyond].mean() > 0.5:
            continue
        seen[y0:y1, x0:x1] |= hole
    return _upsample(seen, full)


def _without(props: list, seen: np.ndarray) -> list:
    """``props`` with the pixels of ``seen`` ((H, W) bool) taken out; a proposal left empty is dropped."""
    kept = []
    for p in props:
        if not (p.mask & seen).any():
            kept.append(p)
            continue
        m = p.mask & ~seen
        if m.any():
            kept.append(ObjectProposal(m, box_of(m), p.score, p.kind, p.source))
    return kept


def _line_beside(polys: list, bx) -> bool:
    """Whether a detected line stands beside the mark boxed ``bx`` on its line, as a lockup's words do.

    The line's box is 0.2 to 1.5 mark heights tall, its centre within 0.6 mark heights of the
    mark's, and it starts at most one mark height away or half a mark height over the mark
    (``confetti_text``: a tilted box, a line starting over the mark; looser than the wordmark
    join, which also takes the line's pixels).

    Examples
    --------
    >>> word = np.array([[30, 10], [80, 10], [80, 25], [30, 25]], np.float32)
    >>> _line_beside([word], (0, 5, 24, 29)), _line_beside([word], (0, 60, 24, 84))
    (True, False)
    """
    x0, y0, x1, y1 = bx
    mh = y1 - y0
    for p in polys:
        if not len(p):
            continue
        th = p[:, 1].max() - p[:, 1].min()
        gap = max(p[:, 0].min() - x1, x0 - p[:, 0].max())
        dy = abs((p[:, 1].max() + p[:, 1].min()) / 2 - (y0 + y1) / 2)
        if dy <= 0.6 * mh and 0.2 * mh <= th <= 1.5 * mh and -0.5 * mh <= gap <= 1.0 * mh:
            return True
    return False


def _parts_beside(shapes: list, lone: list, polys: list, *, reach: float = 0.5, max_ratio: float = 2.0) -> list[int]:
    """Indices of bare marks that are parts of one mark with a detected line beside it (``confetti_text``).

    Marks flagged in ``lone`` link when their boxes lie within ``reach`` of the smaller one's
    height of each other and their areas within ``max_ratio`` of each other (the like dots
    or petals of one mark). A group of two or more whose common box has a line beside it
    (:func:`_line_beside`) is a lockup's mark: its parts are not confetti. Measured in
    session 20 (``eval_objects.py``, tune sets): ``busy_extra``'s dots logo, lost with
    ``wordmark_row`` and ``confetti_text`` (its dots 23 px each, its line taller than 1.5 of
    them), is kept again (artifacts >= 90 % removed 0.786 -> 0.800); ``neg_extra`` (48)
    unchanged (0.09 % / 2.57 %).

    Examples
    --------
    >>> dots = [np.zeros((60, 120), bool) for _ in range(3)]
    >>> dots[0][0:10, 0:10] = dots[1][12:22, 6:16] = dots[2][40:50, 100:110] = True
    >>> word = np.array([[24, 4], [70, 4], [70, 20], [24, 20]], np.float32)
    >>> _parts_beside(dots, [True, True, True], [word])
    [0, 1]
    """
    idx = [i for i, f in enumerate(lone) if f]
    boxes = [box_of(shapes[i]) for i in idx]
    areas = [float(shapes[i].sum()) for i in idx]

    def linked(a, b):
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = boxes[a], boxes[b]
        gap = max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1)
        return (gap <= reach * min(ay1 - ay0, by1 - by0)
                and max(areas[a], areas[b]) <= max_ratio * max(1.0, min(areas[a], areas[b])))

    groups = _linked_groups(len(idx), linked)
    out = []
    for g in set(groups):
        members = [k for k, gg in enumerate(groups) if gg == g]
        if len(members) < 2:
            continue
        bx = (min(boxes[k][0] for k in members), min(boxes[k][1] for k in members),
              max(boxes[k][2] for k in members), max(boxes[k][3] for k in members))
        if _line_beside(polys, bx):
            out += [idx[k] for k in members]
    return sorted(out)


def _split_silhouettes(split: list, kept: list, grad: np.ndarray, *, step: float, reach: int,
                       min_framed: float, max_overlap: float, overlap) -> list:
    """The pieces of ``split`` that, with the pieces and kept candidates they touch, share one
    outline framed against the plate.

    A drawn object's own inner steps (a highlight stripe down a bottle, the edges of its
    label) cut its fill into pieces, each framed by the plate on its outer side only. The
    union of the pieces lying within 6 px of each other (and of the kept candidates within
    6 px of them: the label, the cap), with what lies between two of them (the step lines,
    a thin highlight stripe), is the silhouette; when at least
    ``min_framed`` of its 1 px ring has a step over ``step`` within ``reach`` px (as one
    smooth candidate is framed), its pieces are candidates. A group needs two split pieces
    (one piece beside a label is the ``smooth_reach`` case, judged alone). A piece in the
    plate's colours (its ``overlap`` over ``max_overlap``) is judged again as a shaded part
    is (``shaded_parts``): its group taken out of the plate around it, ``overlap(shape,
    exclude)``; a piece of a wall's stone has the wall around it still.
    """
    items = split + kept
    n = len(items)
    k5, k7 = np.ones((5, 5), np.uint8), np.ones((7, 7), np.uint8)
    near = [cv2.dilate(d["shape"].view(np.uint8), k7).astype(bool) for d in items]
    label = _linked_groups(n, lambda a, b: a < len(split) and bool((near[a] & items[b]["shape"]).any()))
    k = 2 * reach - 1
    steps = cv2.dilate(grad, np.ones((k, k), np.uint8)) > step
    out = []
    for r in {label[a] for a in range(len(split))}:
        members = [a for a in range(n) if label[a] == r]
        pieces = [a for a in members if a < len(split)]
        if len(pieces) < 2:
            continue
        u = np.zeros(grad.shape, bool)
        cover = np.zeros(grad.shape, np.uint8)
        for a in members:
            u |= items[a]["shape"]
            cover += cv2.dilate(items[a]["shape"].view(np.uint8), k7)
        u |= cover >= 2  # the step lines and the thin stripe (up to 6 px) between two pieces
        u = cv2.morphologyEx(u.view(np.uint8), cv2.MORPH_CLOSE, k5).astype(bool)
        u = ndi.binary_fill_holes(u)
        ring1 = cv2.dilate(u.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~u
        if not ring1.any() or float(steps[ring1].mean()) < min_framed:
            continue
        ex = cv2.dilate(u.view(np.uint8), k5).astype(bool)
        took = [split[a] for a in pieces
                if split[a]["overlap"] <= max_overlap or overlap(split[a]["shape"], ex & ~split[a]["shape"]) <= max_overlap]
        if took:
            # what lies between the pieces (a highlight stripe, the step lines) is the object's
            gap = u.copy()
            for a in members:
                gap &= ~items[a]["shape"]
            took[0]["mask"] = took[0]["mask"] | gap
            took[0]["shape"] = took[0]["shape"] | gap
            out += took
    return out


def _rows(cands: list, *, min_members: int = 3) -> None:
    """Mark the members of rows of like shapes (a row of payment badges, of icons) in place.

    Two candidates are neighbours in a row when their boxes are about as tall (within 25 %:
    a faint border grows its box by its rim),
    their centres on one line (within 15 % of the height) and the gap between them is at
    most one height; a chain of ``min_members`` or more neighbours, two of them with a
    sharp border (not ``weak``), is a row. Its members get ``row`` = True (a weak or faint
    border counts there: the row is the evidence) and a score of at least the mean of its
    sharp members' scores.
    """
    live = [d for d in cands if not d.get("edge")]
    n = len(live)
    if n < min_members:
        return
    bx = np.array([box_of(d["shape"]) for d in live], np.float64)
    hh = bx[:, 3] - bx[:, 1]
    cy = (bx[:, 1] + bx[:, 3]) / 2

    def linked(a, b):
        hm = max(hh[a], hh[b])
        gap = max(bx[b, 0] - bx[a, 2], bx[a, 0] - bx[b, 2])
        return abs(hh[a] - hh[b]) <= 0.25 * hm and abs(cy[a] - cy[b]) <= 0.15 * hm and 0 <= gap <= hm

    label = _linked_groups(n, linked)
    for r in set(label):
        members = [live[a] for a in range(n) if label[a] == r]
        sharp = [d["score"] for d in members if not d["weak"]]
        if len(members) < min_members or len(sharp) < 2:
            continue
        for d in members:
            d["row"] = True
            d["score"] = max(d["score"], float(np.mean(sharp)))


def _linked_groups(n: int, linked) -> list[int]:
    """A group label per item ``0..n-1``: the connected groups of ``linked(a, b)`` (a < b).

    Examples
    --------
    >>> _linked_groups(5, lambda a, b: b == a + 1 and a != 2)
    [2, 2, 2, 4, 4]
    """
    root = list(range(n))

    def find(a):
        while root[a] != a:
            root[a] = root[root[a]]
            a = root[a]
        return a

    for a in range(n):
        for b in range(a + 1, n):
            if linked(a, b):
                root[find(a)] = find(b)
    return [find(a) for a in range(n)]


def _mark_parts(parts: list, *, min_area: float, reach: float = 0.5) -> list:
    """Groups of small flat shapes lying close together: the parts of one mark, as weak candidates.

    A logo mark drawn in several parts (three bars, two chevrons, four petals) can have every
    part under ``min_area`` while the mark is not. Parts are grouped when one lies within
    ``reach`` times the square root of its area of another (a bar's gap to the next is a
    fraction of its size; dots of a pattern are as far apart as they are wide or farther);
    a group of at least two parts covering ``min_area`` becomes one candidate. It is
    *weak*: kept only when a wordmark joins it (the text beside a mark), as a flat shape
    with a weak border is; bare, small parts are the dots and specks of a picture.

    Parameters
    ----------
    parts : list of dict
        Candidates (as built in :func:`graphic_proposals`) under ``min_area``.
    min_area : float
        In working pixels.
    reach : float

    Returns
    -------
    list of dict
    """
    n = len(parts)
    near = []
    for d in parts:
        r = max(2, int(reach * np.sqrt(d["reg_area"]) + 0.5))
        k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
        near.append(cv2.dilate(d["shape"].view(np.uint8), k).astype(bool))
    label = _linked_groups(n, lambda a, b: (near[a] & parts[b]["shape"]).any() or (near[b] & parts[a]["shape"]).any())
    groups = {}
    for a in range(n):
        groups.setdefault(label[a], []).append(parts[a])
    out = []
    for g in groups.values():
        if len(g) < 2 or sum(d["shape"].sum() for d in g) < min_area:
            continue
        e = dict(g[0], mask=g[0]["mask"].copy(), shape=g[0]["shape"].copy())
        for d in g[1:]:
            _join(e, d)
        e["weak"] = True
        out.append(e)
    return out


def _compounds(small: np.ndarray, lab: np.ndarray, plate_ids: np.ndarray, *, other: np.ndarray | None, gap: int,
               min_area: float, max_area: float, max_overlap: float, max_other: float,
               min_thickness: float = 0.2, reach: int = 0, max_twins: int = 6) -> list:
    """Shapes whose surface is no fill, told from the plate by their outline and colours.

    The plate is made of the regions (between steps) that run off the frame's edge or are
    over ``max_area`` (``plate_ids``, indexed by label of ``lab``). What is not plate, in
    8-connected pieces with its holes filled, is something laid on it or standing in
    front of it, whatever its own surface: a disc of stripes of two colours, a photo print
    or a die-cut sticker (a photo inside a white border), a glowing line round its words
    on a calm plate. A piece is a candidate when it does not touch the frame, covers
    ``min_area`` .. ``max_area`` px (a plate's own specks, stars and glints are smaller),
    is a shape and not a line (its widest inscribed circle has a radius of at least
    ``min_thickness`` times the square root of its area), is not mostly what the text
    and person sources remove (``max_other``) and is in colours of its own:
    :func:`colour_overlap` with the plate around it at most ``max_overlap`` (an object in a
    photo is framed by other objects, which run off the edge with it; a galaxy on a
    starry sky has the sky's colours).

    With ``reach`` > 0 a second pass counts a step as plate unless a region other than
    plate lies within ``reach`` px of it (the steps between the plate's own stripes), and
    the larger of two copies of one shape stays. A piece with ``max_twins`` or more
    look-alikes (area within 1.3x, like box shape) is a tile of a texture, one with a
    solidity under 0.8 a cluster of clutter, and one whose pixels are mostly (> 0.9) within
    reach of the colours of the other pieces elsewhere (confetti, the twin shapes of a
    drawing) decoration.

    Its score is ``1 - 0.15 * overlap / max_overlap``: 0.85 (the backend's cut-off) at the
    largest overlap allowed, 1 with none. Compounds are not joined to the candidates inside
    them (a packshot keeps its reflection and shadow); the masks add up.

    Returns
    -------
    list of dict
        Candidates in the form :func:`graphic_proposals` joins and judges.
    """
    h, w = lab.shape
    plate_ids = plate_ids.copy()
    plate_ids[0] = False  # label 0: the steps themselves, never plate
    stuff0 = ~plate_ids[lab]
    out = []
    for r in (0, reach) if reach > 0 else (0,):
        stuff = stuff0
        if r > 0:
            # a step belongs to what lies within r px of it other than plate: the steps between
            # two of the plate's own stripes or rays are plate, and do not tie a shape to the frame
            near = cv2.dilate((stuff & (lab > 0)).view(np.uint8), np.ones((2 * r + 1,) * 2, np.uint8)).astype(bool)
            stuff = stuff & ((lab > 0) | near)
        out += _compound_pieces(small, stuff, other=other, gap=gap, min_area=min_area, max_area=max_area,
                                max_overlap=max_overlap, max_other=max_other, min_thickness=min_thickness,
                                max_twins=max_twins)
    # the two passes find one shape twice: the larger copy stays
    out.sort(key=lambda d: -d["reg_area"])
    kept = []
    for d in out:
        if all((d["shape"] & e["shape"]).sum() < 0.5 * d["reg_area"] for e in kept):
            kept.append(d)
    return kept


def _line_marks(small: np.ndarray, lab: np.ndarray, plate_ids: np.ndarray, polys: list, *, taken: np.ndarray,
                gap: int, min_area: float, max_area: float, min_blend: float, min_ink: float, tol: float,
                max_width: float, max_side: float = 0.25, max_aspect: float = 3.0, max_fill: float = 0.5,
                max_twins: int = 3) -> list:
    """Line drawings in one ink over the plate, set beside words in the same ink (a line logo).

    A stroke a few pixels wide is all anti-aliased step: the region finder sees edges and
    no region between them, so a one-weight line mark (mountains in a circle, waves, a
    house) is never a candidate, and its look-alikes are everywhere in a photo. What is
    not plate (``plate_ids`` by label of ``lab``: the regions running off the frame or over
    ``max_area``; label 0, the edge pixels, is never plate), in 8-connected pieces with a
    half-width (largest inscribed radius) of at most ``max_width`` px, is judged as drawn
    line art when, against the
    plate colour nearest each of its pixels, its darkest-to-lightest pixels are blends of
    the plate and one *ink* (a drawn line anti-aliased over the plate: at least
    ``min_blend`` of its pixels within ``tol``, L1 over RGB, of the segment from plate to
    ink), the ink stands ``min_ink`` or more from the plate and is one colour. Pieces of one
    ink lying within ``gap`` px of each other are one figure (three wave lines, two arcs of a
    leaf), kept when it is compact (box aspect at most ``max_aspect``, side at most
    ``max_side`` of the picture, box area ``min_area`` .. ``max_area``), not mostly taken by
    another proposal (``taken``) or the text boxes, and a detected line of text within one
    figure height of it has glyphs in the same ink (a logo's lockup: mark and wordmark in one
    colour; a line drawing alone is left to the click tool). More than ``MAX_LINE_PIECES``
    pieces of line art are a pattern: nothing is returned.

    Returns
    -------
    list of (mask, score)
        Working-size stroke masks (the pieces, 1 px grown for their rim) and their scores
        (the mean of the blend share and the ink's flatness; the caller adds
        ``wordmark_bonus``, the lockup being a wordmark beside the mark).
    """
    h, w = lab.shape
    plate_ids = plate_ids.copy()
    plate_ids[0] = False  # label 0 is every edge pixel: a stroke's anti-aliased rim, never plate
    stuff = ~plate_ids[lab]
    plate = (lab > 0) & ~stuff
    if not plate.any() or not stuff.any():
        return []
    img = small.astype(np.float32)
    # the plate colour nearest each pixel; what stands off it is ink (the plate enclosed by
    # a closed line, a ring's inside, is plate again)
    _, (iy, ix) = ndi.distance_transform_edt(~plate, return_indices=True)
    bg_all = img[iy, ix]
    inked = stuff & (np.abs(img - bg_all).sum(-1) > tol)
    n, cl, st, _ = cv2.connectedComponentsWithStats(inked.view(np.uint8), connectivity=8)
    textm = np.zeros((h, w), bool)
    for p in polys:
        if len(p):
            textm |= _poly_mask((h, w), p)
    pieces = []  # (id, box, ink, blend share, ink flatness)
    k3 = np.ones((3, 3), np.uint8)
    for j in range(1, n):
        cx, cy, cw, ch, ca = st[j]
        if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h or ca < 12 or cw * ch > max_area \
                or max(cw, ch) > max_side * max(h, w):
            continue
        x0, y0, x1, y1 = max(0, cx - 3), max(0, cy - 3), min(w, cx + cw + 3), min(h, cy + ch + 3)
        core_px = cl[y0:y1, x0:x1] == j
        if textm[y0:y1, x0:x1][core_px].mean() > 0.5 or taken[y0:y1, x0:x1][core_px].mean() > 0.5:
            continue
        if cv2.distanceTransform(np.pad(core_px, 1).view(np.uint8), cv2.DIST_L2, 3).max() > max_width:
            continue  # a filled shape (a brick, a tile) is the regions' business: strokes only
        pc = cv2.dilate(core_px.view(np.uint8), k3).astype(bool) & stuff[y0:y1, x0:x1]  # with its rim
        px, bg = img[y0:y1, x0:x1][pc], bg_all[y0:y1, x0:x1][pc]
        d = np.abs(px - bg).sum(-1)
        core = d >= np.percentile(d, 70)
        ink = np.median(px[core], 0)
        inkd = np.abs(ink - bg[core]).sum(-1)
        if np.median(inkd) < min_ink:
            continue
        spread = float(np.abs(px[core] - ink).sum(-1).mean())
        v = ink - bg
        a = np.clip(((px - bg) * v).sum(-1) / np.maximum((v * v).sum(-1), 1e-6), 0, 1)
        res = np.abs(px - (bg + a[:, None] * v)).sum(-1)
        blend = float((res <= tol).mean())
        if blend < min_blend or spread > tol:
            continue
        pieces.append((j, (cx, cy, cx + cw, cy + ch), ink, blend, 1.0 - min(1.0, spread / (2 * tol))))
        if len(pieces) > MAX_LINE_PIECES:
            return []  # a pattern of line art: stop before its n x n look-alike arrays
    if not pieces:
        return []
    def linked(a, b):  # (reads pieces as they stand when called)
        (_, ba, ia, _, _), (_, bb, ib, _, _) = pieces[a], pieces[b]
        if np.abs(ia - ib).sum() > tol or ba[0] > bb[2] + gap or bb[0] > ba[2] + gap or ba[1] > bb[3] + gap \
                or bb[1] > ba[3] + gap:
            return False
        pa = cl[max(0, ba[1] - gap):ba[3] + gap, max(0, ba[0] - gap):ba[2] + gap] == pieces[a][0]
        win = cl[max(0, ba[1] - gap):ba[3] + gap, max(0, ba[0] - gap):ba[2] + gap] == pieces[b][0]
        k = np.ones((2 * gap + 1,) * 2, np.uint8)
        return bool((cv2.dilate(pa.view(np.uint8), k).astype(bool) & win).any())

    # a pattern of line figures (rings, waves, a printed fabric) repeats: a piece with
    # max_twins or more look-alikes (same ink, area within 1.5x, like box) in other figures
    # is the plate's (a sun's own rays, linked through its disc, are one figure's parts)
    fig = np.array(_linked_groups(len(pieces), linked))
    pa = np.array([st[p[0], cv2.CC_STAT_AREA] for p in pieces], np.float64)
    pb = np.array([(p[1][2] - p[1][0], p[1][3] - p[1][1]) for p in pieces], np.float64)
    inks = np.stack([p[2] for p in pieces])
    twins = ((np.abs(inks[:, None] - inks[None]).sum(-1) <= tol)
             & (np.abs(np.log(pa[:, None] / pa[None])) < np.log(1.5))
             & (np.abs(np.log(pb[:, None] / pb[None])) < np.log(1.5)).all(-1)
             & (fig[:, None] != fig[None]))
    pieces = [p for p, t in zip(pieces, twins.sum(1)) if t < max_twins]
    if not pieces:
        return []

    groups: dict = {}
    for k, g in enumerate(_linked_groups(len(pieces), linked)):
        groups.setdefault(g, []).append(pieces[k])
    out = []
    for g in groups.values():
        bx0, by0 = min(p[1][0] for p in g), min(p[1][1] for p in g)
        bx1, by1 = max(p[1][2] for p in g), max(p[1][3] for p in g)
        gw, gh = bx1 - bx0, by1 - by0
        if not (min_area <= gw * gh <= max_area) or max(gw, gh) > max_side * max(h, w) \
                or max(gw, gh) > max_aspect * min(gw, gh) \
                or sum(st[p[0], cv2.CC_STAT_AREA] for p in g) > max_fill * gw * gh:
            continue  # (a drawing of lines leaves most of its box to the plate)
        ink = np.median(np.stack([p[2] for p in g]), 0)
        lockup = False
        for p in polys:
            if not len(p):
                continue
            px0, py0, px1, py1 = p[:, 0].min(), p[:, 1].min(), p[:, 0].max(), p[:, 1].max()
            if px0 > bx1 + gh or px1 < bx0 - gh or py0 > by1 + gh or py1 < by0 - gh:
                continue  # not within one figure height
            qx0, qy0 = max(0, int(px0) - 3), max(0, int(py0) - 3)
            qx1, qy1 = min(w, int(np.ceil(px1)) + 4), min(h, int(np.ceil(py1)) + 4)
            pmk = (_poly_mask((h, w), p) & stuff)[qy0:qy1, qx0:qx1]
            pl = plate[qy0:qy1, qx0:qx1]
            if pmk.sum() < 8 or not pl.any():
                continue
            # its glyphs are blends of the plate and the mark's ink (small letters are mostly
            # anti-aliased rim: few pixels reach the ink itself)
            _, (iy, ix) = ndi.distance_transform_edt(~pl, return_indices=True)
            crop = img[qy0:qy1, qx0:qx1]
            px, bg = crop[pmk], crop[iy[pmk], ix[pmk]]
            inked = np.abs(px - bg).sum(-1) >= 0.5 * min_ink
            if inked.sum() < 8:
                continue
            px, bg = px[inked], bg[inked]
            v = ink - bg
            a = np.clip(((px - bg) * v).sum(-1) / np.maximum((v * v).sum(-1), 1e-6), 0, 1)
            if (np.abs(px - (bg + a[:, None] * v)).sum(-1) <= tol).mean() >= 0.6:
                lockup = True
                break
        if not lockup:
            continue
        m = np.isin(cl, [p[0] for p in g])
        m = cv2.dilate(m.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        score = 0.5 * (float(np.mean([p[3] for p in g])) + float(np.mean([p[4] for p in g])))
        out.append((m, score))
    return out


def _framed_texts(small: np.ndarray, edges: np.ndarray, polys: list, taken: np.ndarray,
                  *, reach: float, other: np.ndarray | None, min_solidity: float = 0.85,
                  min_same: float = 0.5, max_rim: float = 0.5,
                  glow_tol: float = 30.0, hollow: bool = False, alone: bool = False,
                  max_runs: int = 2, mixed: bool = False, max_height: float = 0.0) -> list:
    """Lines of text inside a closed line drawn round them, the plate showing through.

    An outline button is a thin closed line (a pill, a rounded box) round its words on
    the plate. Its inside is no region of its own when the line is no one colour (a
    gradient stroke, a neon glow) or the plate is busy (stripes cross it): the regions
    never see it. From each detected text line (``polys``, working pixels) not mostly in
    a proposal already (``taken``), a window ``reach`` text heights beyond its box above
    and below and four times that to the sides (cut by the frame) is split into *plate*
    (the step-free regions running off the window, steps grown by 1 px to seal a soft
    line's gaps, and the steps lying within 2 px of them and of no other region: the
    plate's own stripes and rays, a line's outer rim) and the rest; the rest 8-connected
    to the words, opened by a disc of ``0.1`` text heights (thin runs out of it: a
    wall's mortar lines), holes filled, is the line and what it encloses. It must not
    reach the window's edge (on a plain plate the words' surroundings run on), must be
    solid (a pill or a box: ``min_solidity`` of its convex hull; a photo's texture cuts
    ragged cells), hold the text box grown by ``0.2`` text heights (the words' own
    glyphs and box are enclosed on any plate; a frame leaves room round them), and show
    the plate inside: its colours (``0.15`` text heights in from its rim, the words and
    steps out) are those of the plate beyond it (:func:`_share_near`, relative to the
    plate's own share, at least ``min_same``); a filled plate behind the words is the
    regions' business (a sign, a button). The line is no plate: at most ``max_rim`` of
    its 2 px rim in the plate's colours or blends of two of them (:func:`_blend_share`;
    a checker's squares round a word, their anti-aliased steps grey, are), and no ring
    runs beyond it (:func:`_nested`: rings round a centre). A glow round the line (no
    step: the regions never end there) is what, connected to it within half a text
    height, stands over ``glow_tol`` (L1 over RGB) off every plate colour just beyond
    that (a striped plate's other stripe is no glow).

    With ``hollow`` the plate seen through the line is left out of the mask: deeper inside
    than the line's width (``0.15`` text heights) and the glow's reach (half a text height,
    as outwards), a pixel within ``glow_tol`` of a plate colour just beyond the line (400
    samples) is plate and needs no fill; nearer the line only those colours themselves are
    (a glow fades into the plate); what stands off them (the words, an icon) stays. The
    test above already asked that inside to be the plate's (``min_same``).

    With ``alone`` a frame must stand alone: a cell of a table, a chart's grid or a fence
    is a closed line round words with the plate inside too, but its line runs on beyond
    it, into the neighbouring cells' sides. Where more than ``max_runs`` lines of the
    frame's own colour (:func:`_runs_off`) leave it past the glow's reach, it is a grid's
    cell, not a button (a rule laid through a button leaves it twice). With ``mixed`` (and
    ``alone``) a line of any of the frame's own colours counts, not only of its median colour:
    a chart's cell is closed by lines of several colours (an axis, a grid line, the data line),
    whose median is none of them, and each of them runs on beyond it.

    With ``max_height`` > 0 a line taller (its box's short side) than that share of the
    picture's short side is no button's words and is skipped: the text detector boxes a
    chart's zig-zag data line as one tilted line of text up to 0.62 of the picture high
    (ruled_tune_862), and a window that tall lets a frame of a quarter of the picture hold it.

    Returns
    -------
    list of (mask, score)
        Working-size masks (inside, words, line and glow; with ``hollow`` the inside's
        plate-coloured pixels out) and scores (the mean of the inside's solidity and 1).

    Examples
    --------
    >>> im = np.full((200, 600, 3), 200, np.uint8)
    >>> _ = cv2.rectangle(im, (180, 60), (420, 140), (40, 90, 200), 3)
    >>> font = cv2.FONT_HERSHEY_SIMPLEX
    >>> _ = cv2.putText(im, "BUY", (265, 112), font, 1.0, (0, 0, 0), 2)
    >>> poly = np.array([[250, 85], [350, 85], [350, 115], [250, 115]], np.float32)
    >>> out = _framed_texts(im, edge_map(im, 14)[0], [poly], np.zeros((200, 600), bool),
    ...                     reach=1.5, other=None)
    >>> m = out[0][0]
    >>> len(out), bool(m[100, 190]), bool(m[100, 179]), bool(m[30, 300])
    (1, True, True, False)
    """
    h, w = edges.shape
    out = []
    k3, k5 = np.ones((3, 3), np.uint8), np.ones((5, 5), np.uint8)
    rng = np.random.default_rng(0)
    taken = taken.copy()  # grows with each shape found: a second line in one frame gives no copy
    for p in polys:
        if not len(p):
            continue
        bx0, by0 = int(np.floor(p[:, 0].min())), int(np.floor(p[:, 1].min()))
        bx1, by1 = int(np.ceil(p[:, 0].max())) + 1, int(np.ceil(p[:, 1].max())) + 1
        th = min(bx1 - bx0, by1 - by0)  # the line's height (its short side)
        if th < 4 or taken[max(0, by0):by1, max(0, bx0):bx1].mean() > 0.5:
            continue
        if max_height > 0 and th > max_height * min(h, w):
            continue  # no button's words: a chart's data line boxed as text
        ry, rx = int(round(reach * th)) + 2, int(round(4 * reach * th)) + 2
        # (cut by the frame: the plate runs off it as off the window)
        x0, y0 = max(0, bx0 - rx), max(0, by0 - ry)
        x1, y1 = min(w, bx1 + rx), min(h, by1 + ry)
        if x1 - x0 < 3 or y1 - y0 < 3:
            continue
        e = edges[y0:y1, x0:x1]
        pm = _poly_mask(e.shape, p - (x0, y0))
        pad = max(2, int(round(0.2 * th)))
        # the plate: the step-free regions running off the window, and the steps lying
        # only beside them (a striped plate's own stripes); the rest, 8-connected to the
        # words, is the line and what it encloses
        e = cv2.dilate(e.view(np.uint8), k3).astype(bool)  # a soft line's gaps: sealed
        _, cl = cv2.connectedComponents((~e).view(np.uint8), connectivity=4)
        edge_ids = np.unique(np.concatenate([cl[0], cl[-1], cl[:, 0], cl[:, -1]]))
        plate = np.isin(cl, edge_ids[edge_ids > 0])
        own = ~e & ~plate
        near_own = cv2.dilate(own.view(np.uint8), k5).astype(bool)
        near_plate = cv2.dilate(plate.view(np.uint8), k5).astype(bool)
        stuff = own | (e & (near_own | ~near_plate)) | pm
        _, sl = cv2.connectedComponents(stuff.view(np.uint8), connectivity=8)
        ids = np.unique(sl[pm])
        inside = np.isin(sl, ids[ids > 0])
        # thin runs out of it (a wall's mortar lines, a texture's steps) are cut off
        r = max(1, int(round(0.1 * th)))
        disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2)
        inside = cv2.morphologyEx(inside.view(np.uint8), cv2.MORPH_OPEN, disc) > 0
        _, il = cv2.connectedComponents(inside.view(np.uint8), connectivity=8)
        ids = np.unique(il[pm & inside])
        inside = np.isin(il, ids[ids > 0])
        if not inside.any() or inside[0].any() or inside[-1].any() \
                or inside[:, 0].any() or inside[:, -1].any():
            continue  # not enclosed: the plate runs on
        shape = ndi.binary_fill_holes(inside)
        filled = shape
        # round the words, not on them: the inside holds the text box and a margin
        grown = np.ones((2 * pad + 1,) * 2, np.uint8)
        margin = cv2.dilate(pm.view(np.uint8), grown).astype(bool)
        if shape[margin].mean() < 0.95 or _solidity(shape) < min_solidity:
            continue
        # the plate seen through the line: inside (words out) as beyond it
        crop = small[y0:y1, x0:x1]
        words = pm if other is None else pm & other[y0:y1, x0:x1]
        lw = max(2, int(round(0.15 * th)))  # the line is no plate: its width off
        core = cv2.erode(shape.view(np.uint8), np.ones((2 * lw + 1,) * 2, np.uint8))
        own = (core > 0) & ~e & ~(cv2.dilate(words.view(np.uint8), k3) > 0)
        dist = cv2.distanceTransform((~shape).view(np.uint8), cv2.DIST_L2, 3)
        beyond = (dist > 2) & (dist <= 2 + max(3, th)) & plate
        if other is not None:
            beyond &= ~other[y0:y1, x0:x1]
        if own.sum() < 8 or beyond.sum() < 8:
            continue
        ref = crop[beyond].astype(np.float32)
        if len(ref) > 400:
            ref = ref[rng.choice(len(ref), 400, replace=False)]
        base = _share_near(crop[beyond], ref, rng)
        if base <= 0 or _share_near(crop[own], ref, rng) < min_same * base:
            continue
        # and the line is no plate: its rim is off the plate's colours and their blends
        # (a checker's squares round a word, rings round a centre: the plate's steps)
        rim = shape & ~cv2.erode(shape.view(np.uint8), k5).astype(bool)
        pick = ref if len(ref) <= 120 else ref[rng.choice(len(ref), 120, replace=False)]  # all round, not its top rows
        if _blend_share(crop[rim], pick, rng) > max_rim:
            continue
        if _nested(shape, edges[y0:y1, x0:x1], max(3, lw)):
            continue  # one of a series of rings round a centre
        if alone and _runs_off(crop, e, shape, dist, ref, reach=max(2, round(0.5 * th)) + 3,
                               tol=glow_tol, mixed=mixed) > max_runs:
            continue  # a cell of a grid: its sides are its neighbours'
        seen = None  # (hollow) the plate seen through the line: no fill needed there
        if hollow:
            # within the line's width and the glow's reach inwards (half a text height, as
            # outwards) a faint glow may stand only a little off the plate: only the plate's
            # own colours there are plate; deeper in, what lies within glow_tol of one is
            gw = max(2, int(round(0.5 * th)))
            din = cv2.distanceTransform(np.pad(shape, 1).view(np.uint8), cv2.DIST_L2, 3)[1:-1, 1:-1]
            cy, cx = np.nonzero(core > 0)
            px = crop[cy, cx].astype(np.float32)
            near = np.concatenate([np.abs(px[i:i + 2048, None] - ref[None]).sum(-1).min(1)
                                   for i in range(0, len(px), 2048)] or [np.zeros(0, np.float32)])
            tol = np.where(din[cy, cx] <= lw + gw, 0.0, glow_tol)
            seen = np.zeros_like(shape)
            seen[cy[near <= tol], cx[near <= tol]] = True
        # a glow round the line (no step: the regions never end there): what, within
        # half a text height beyond it, stands off every plate colour just beyond that
        gw = max(2, int(round(0.5 * th)))
        far = (dist > gw) & (dist <= gw + 3)
        if other is not None:
            far &= ~other[y0:y1, x0:x1]
        zone = (dist > 0) & (dist <= gw)
        if far.sum() >= 8 and zone.any():
            ref = crop[far].astype(np.float32)
            if len(ref) > 300:
                ref = ref[rng.choice(len(ref), 300, replace=False)]
            zy, zx = np.nonzero(zone)
            px = crop[zy, zx].astype(np.float32)
            near = np.concatenate([np.abs(px[i:i + 2048, None] - ref[None]).sum(-1)
                                   .min(1) for i in range(0, len(px), 2048)])
            zone[zy[near <= glow_tol], zx[near <= glow_tol]] = False  # plate: no glow
            _, zl = cv2.connectedComponents((zone | shape).view(np.uint8),
                                            connectivity=8)
            shape = shape | (zl == zl[shape][0])
        m = np.zeros((h, w), bool)
        m[y0:y1, x0:x1] = shape
        taken |= m  # (the whole frame, seen plate too: a second line in it gives no copy)
        if seen is not None:
            m[y0:y1, x0:x1] &= ~seen
        out.append((m, 0.5 * (1.0 + _solidity(filled))))
    return out


def _runs_off(crop: np.ndarray, e: np.ndarray, shape: np.ndarray, dist: np.ndarray, plate_ref: np.ndarray,
              *, reach: int, tol: float, mixed: bool = False, min_side: float = 0.5) -> int:
    """How many lines of a frame's own colour run on beyond it, ``reach`` px out.

    ``e`` are the window's steps (bool), ``shape`` the frame (the line and what it
    encloses), ``dist`` each pixel's distance to it and ``plate_ref`` (N, 3) the plate's
    colours beyond it. A pixel is off the plate when it is over ``tol`` (L1) from every
    blend of two plate colours (an anti-aliased step between two stripes is such a
    blend); the line's colour is the median of its 2 px rim's pixels off the plate (at
    least 8). A run is a piece of the steps connected to the rim (through steps within
    ``reach`` of it) that crosses the ring ``reach - 2 < dist <= reach``, a fifth of its
    pixels off the plate and within ``2 * tol`` of the line's colour. A striped plate's
    steps join the line too, but in the plate's own colours and their blends, and a
    plate's own drawn lines (a map's contours) in theirs: no run. (Its own generator: the caller's
    random stream is not drawn on.) With ``mixed`` a ring pixel is also of the line when it is
    within ``2 * tol`` of one of the frame's own colours: an off-plate rim colour whose pixels
    (within ``2 * tol`` of it) run along the 2 px rim in one stretch at least ``min_side`` of the
    frame's short side long, a side of the frame. A frame made of several lines of different colours (a chart's
    axis, grid line and data line round a cell) has a median colour that is none of them; a
    plate's line only crossing the rim (a map's contours, however many) makes short stretches
    and still no run.

    Examples
    --------
    >>> crop = np.full((60, 60, 3), 200, np.uint8)
    >>> crop[20, :] = crop[40, :] = crop[:, 10] = crop[:, 50] = 0  # a grid's cell
    >>> shape = np.zeros((60, 60), bool); shape[20:41, 10:51] = True
    >>> dist = cv2.distanceTransform((~shape).view(np.uint8), cv2.DIST_L2, 3)
    >>> e = (crop != 200).any(-1)
    >>> _runs_off(crop, e, shape, dist, np.full((4, 3), 200, np.float32), reach=6, tol=30.0)
    8
    """
    rng = np.random.default_rng(0)
    k5 = np.ones((5, 5), np.uint8)
    rim = shape & ~cv2.erode(shape.view(np.uint8), k5).astype(bool)
    ref = plate_ref.astype(np.float32)
    if len(ref) > 40:
        ref = ref[rng.choice(len(ref), 40, replace=False)]
    a, v = ref[:, None], ref[None] - ref[:, None]  # (m, 1, 3), (m, m, 3): colour i to colour j
    vv = np.maximum((v * v).sum(-1), 1e-6)

    def off_plate(px):  # (k,) bool: over tol from every blend of two plate colours
        px = px.astype(np.float32)
        out = np.zeros(len(px), bool)
        for i in range(0, len(px), 32):
            c = px[i:i + 32, None, None]  # (k, 1, 1, 3)
            t = np.clip(((c - a) * v).sum(-1) / vv, 0, 1)
            out[i:i + 32] = np.abs(a + t[..., None] * v - c).sum(-1).min((1, 2)) > tol
        return out

    rimpx = crop[rim]
    if len(rimpx) > 400:
        rimpx = rimpx[rng.choice(len(rimpx), 400, replace=False)]
    line = rimpx[off_plate(rimpx)].astype(np.float32)
    if len(line) < 8:
        return 0
    parts = line  # (mixed) every off-plate rim colour: those running along the rim are its sides
    line = np.median(line, 0)  # the line's own colour (a plate's lines meeting its rim: not)
    path = e & (dist <= reach) | rim
    _, lab = cv2.connectedComponents(path.view(np.uint8), connectivity=8)
    ids = np.unique(lab[rim])
    ring = path & np.isin(lab, ids[ids > 0]) & (dist > reach - 2) & (dist <= reach)
    n, rl = cv2.connectedComponents(ring.view(np.uint8), connectivity=8)
    if n <= 1:
        return 0
    ry, rx = np.nonzero(ring)
    px = crop[ry, rx].astype(np.float32)
    like = np.abs(px - line).sum(-1) <= 2 * tol
    if mixed:  # of one of the frame's own colours: each a side of it, a long stretch of its rim
        if len(parts) > 40:
            parts = parts[rng.choice(len(parts), 40, replace=False)]
        allrim = crop[rim].astype(np.float32)
        ys, xs = np.nonzero(shape)
        need = 2 * min_side * min(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1)  # px of a 2 px rim
        sides = []
        for c in parts:
            along = np.zeros(rim.shape, np.uint8)
            along[rim] = np.abs(allrim - c).sum(-1) <= 2 * tol
            k, _, st, _ = cv2.connectedComponentsWithStats(along, connectivity=8)
            if k > 1 and st[1:, cv2.CC_STAT_AREA].max() >= need:
                sides.append(c)
        if sides:
            sides = np.asarray(sides, np.float32)
            for i in range(0, len(px), 256):
                like[i:i + 256] |= (np.abs(px[i:i + 256, None] - sides[None]).sum(-1) <= 2 * tol).any(1)
    like &= off_plate(px)
    runs = rl[ry, rx]
    share = np.bincount(runs, weights=like, minlength=n) / np.maximum(np.bincount(runs, minlength=n), 1)
    return int((share[1:] >= 0.2).sum())


def _blend_share(px: np.ndarray, ref: np.ndarray, rng, *, tol: float = 40.0,
                 samples: int = 200) -> float:
    """The share of ``px`` (n, 3) within ``tol`` (L1 over RGB) of a blend of two of
    ``ref`` (m, 3): on the segment between them, ends included (an anti-aliased step
    between two plate colours is a blend of them; a drawn line's ink is not).

    >>> ref = np.array([[0, 0, 0], [255, 255, 255]], np.float32)
    >>> px = np.array([[128, 128, 128], [250, 20, 20]], np.float32)
    >>> _blend_share(px, ref, np.random.default_rng(0))
    0.5
    """
    if len(px) == 0 or len(ref) == 0:
        return 0.0
    px = px.astype(np.float32)
    if len(px) > samples:
        px = px[rng.choice(len(px), samples, replace=False)]
    a = ref.astype(np.float32)[:, None]  # (m, 1, 3)
    v = ref.astype(np.float32)[None] - a  # (m, m, 3): from colour i to colour j
    vv = np.maximum((v * v).sum(-1), 1e-6)
    best = np.full(len(px), np.inf, np.float32)
    for k, c in enumerate(px):
        t = np.clip(((c - a) * v).sum(-1) / vv, 0, 1)
        best[k] = np.abs(a + t[..., None] * v - c).sum(-1).min()
    return float((best <= tol).mean())


def _compound_pieces(small, stuff, *, other, gap, min_area, max_area, max_overlap, max_other, min_thickness,
                     max_twins, max_strewn: float = 0.9, min_solidity: float = 0.8) -> list:
    """The candidates of :func:`_compounds` among the 8-connected pieces of ``stuff``."""
    h, w = stuff.shape
    n, cl, st, _ = cv2.connectedComponentsWithStats(stuff.view(np.uint8), connectivity=8)
    # the tiles of a lattice, the cells of a grid: many pieces of one size and box shape, in
    # whatever colours, are a texture (the twin rule of _drop_repeats)
    pa = np.maximum(st[:, cv2.CC_STAT_AREA], 1).astype(np.float64)
    pw, ph = np.maximum(st[:, 2], 1).astype(np.float64), np.maximum(st[:, 3], 1).astype(np.float64)
    aspect, extent = np.log(pw / ph), pa / (pw * ph)
    rng = np.random.default_rng(0)
    free = np.ones((h, w), bool) if other is None else ~other
    ys, xs = np.nonzero(stuff & free)
    pick = rng.choice(len(ys), min(len(ys), 800), replace=False) if len(ys) else np.zeros(0, int)
    stuff_px, stuff_xy = small[ys[pick], xs[pick]].astype(np.float32), np.stack([xs[pick], ys[pick]], 1)
    out = []
    for j in range(1, n):
        cx, cy, cw, ch, ca = st[j]
        if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h or cw * ch < min_area:
            continue
        twins = ((np.abs(np.log(pa / pa[j])) < np.log(1.3)) & (np.abs(aspect - aspect[j]) < np.log(1.25))
                 & (np.abs(extent - extent[j]) < 0.08))
        twins[0] = False
        if int(twins.sum()) - 1 >= max_twins:
            continue
        x0, y0 = max(0, cx - 2 * gap), max(0, cy - 2 * gap)
        x1, y1 = min(w, cx + cw + 2 * gap), min(h, cy + ch + 2 * gap)
        reg = cl[y0:y1, x0:x1] == j
        filled = ndi.binary_fill_holes(reg)
        fa = float(filled.sum())
        if not min_area <= fa <= max_area:
            continue
        if cv2.distanceTransform(np.pad(filled, 1).view(np.uint8), cv2.DIST_L2, 3).max() < min_thickness * np.sqrt(fa):
            continue
        if _solidity(filled) < min_solidity:
            continue  # a cluster of clutter, not one shape (a drawn artifact is compact)
        placed = _placed_own_colours(small, filled, (x0, y0), other=other, gap=gap, max_other=max_other,
                                     max_overlap=max_overlap)
        if placed is None:
            continue
        full, z = placed
        # in colours of its own over the whole picture too: not in those of the other pieces
        # strewn over the plate (confetti, the twin shapes of a drawing, a galaxy among others)
        far = ((np.abs(stuff_xy[:, 0] - (cx + cw / 2)) > cw / 2 + 2 * gap)
               | (np.abs(stuff_xy[:, 1] - (cy + ch / 2)) > ch / 2 + 2 * gap))
        if _share_near(small[y0:y1, x0:x1][filled], stuff_px[far], rng) > max_strewn:
            continue
        out.append(_own_colour_candidate(full, small, gap=gap, other=other, overlap=z, max_overlap=max_overlap,
                                         area=fa, colour=small[full].reshape(-1, 3).mean(0),
                                         holes=1.0 - float(reg.sum()) / fa))
    return out


def _placed_own_colours(small: np.ndarray, piece: np.ndarray, at: tuple, *, other: np.ndarray | None, gap: int,
                        max_other: float, max_overlap: float) -> tuple | None:
    """``piece`` (a crop's mask, its corner at ``at`` = (x0, y0)) placed in the frame of
    ``small`` with its colour overlap with the plate round it, or None where over
    ``max_other`` of it lies in ``other`` or the overlap is over ``max_overlap``
    (:func:`_compound_pieces`, :func:`_diecuts`)."""
    x0, y0 = at
    full = np.zeros(small.shape[:2], bool)
    full[y0:y0 + piece.shape[0], x0:x0 + piece.shape[1]] = piece
    if other is not None and other[full].mean() > max_other:
        return None
    z = colour_overlap(small, full, gap=gap, exclude=other)
    return None if z > max_overlap else (full, z)


def _own_colour_candidate(m: np.ndarray, small: np.ndarray, *, gap: int, other: np.ndarray | None, overlap: float,
                          max_overlap: float, area: float, colour: np.ndarray, holes: float) -> dict:
    """A candidate found by colours of its own (:func:`_compound_pieces`, :func:`_diecuts`): one
    flat shape, scored down by its colour overlap with the plate round it."""
    return dict(mask=m, shape=m.copy(), reg_area=area, id=-1, occluded=False,
                score=1.0 - 0.15 * overlap / max_overlap, weak=False, faint=False, overlap=overlap,
                overlap_of=lambda mm, _s=small, _g=gap, _o=other: colour_overlap(_s, mm, gap=_g, exclude=_o),
                hollow=False, colour=colour, holes=holes, shaded=0.0)


def _diecuts(small: np.ndarray, edges: np.ndarray, *, other: np.ndarray | None, gap: int, min_area: float,
             max_area: float, max_overlap: float, max_other: float, min_thickness: float, max_twins: int,
             min_white: int = 215, max_chroma: int = 30, min_inside: float = 1.0,
             max_share: float = 0.8, max_width: float = 2.5, even_line: bool = False,
             max_depth: float = 0.0) -> list:
    """Die-cut stickers: a closed white band (the cut line) round what it encloses.

    A photo cut along an irregular outline and laid on the plate inside a white border of
    even width is no region of its own at the working size: the border is a few pixels wide,
    half of them anti-aliased steps, and the photo inside breaks into many regions. Its
    evidence is the border itself: near-white pixels (every channel >= ``min_white``, at most
    ``max_chroma`` between channels), bridged by a 3x3 closing, in an 8-connected piece that
    does not touch the frame and *encloses* at least ``min_inside`` times its own area (a
    band, not a white plate with letters cut in it), its largest hole ``max_share`` of what
    it encloses or more (one inside: a table's white grid encloses many cells); its pixels
    farther from that inside than ``max_width`` times their median distance (3 px at least)
    are a white piece of the plate it touches and are left out (a cut line is of even width);
    with ``even_line`` (``diecut_even``) that median is :func:`_line_depth`'s, taken along the
    inside's edge, not over the white pixels (a barcode's white box joined to the line). With
    ``max_depth`` > 0 (working px: :func:`graphic_proposals` passes ``diecut_depth`` through
    :func:`_depth_at`) a band whose depth (that median) is over ``max_depth`` px is no cut
    line: a cut line is thin at the working size (that is why no region holds it), and a deep
    white band round a photo's dark middle is a thing in the photo (a cup's lit inner wall round
    the coffee, ruled_tune_038: 4.50 px at 600 px; the tune bands kept up to 3.73 px of 768).
    The band with what it encloses is a candidate when it covers ``min_area`` .. ``max_area`` px, is a shape (its widest
    inscribed circle at least ``min_thickness`` times the square root of its area; solidity
    >= 0.8), is not mostly what the text and person sources remove (``max_other``), has
    fewer than ``max_twins`` look-alike bands (a print of white rings is the plate's) and is
    in colours of its own: :func:`colour_overlap` with the plate around it at most
    ``max_overlap``. The edge pixels next to the band's outside (1 px: its anti-aliased step)
    join it (its soft drop shadow is judged as every proposal's, later).

    Returns
    -------
    list of dict
        Candidates in the form :func:`graphic_proposals` joins and judges; score
        ``1 - 0.15 * overlap / max_overlap`` (as a compound's).
    """
    h, w = small.shape[:2]
    white = (small.min(-1) >= min_white) & (small.max(-1).astype(np.int16) - small.min(-1) <= max_chroma)
    white = cv2.morphologyEx(white.view(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    n, cl, st, _ = cv2.connectedComponentsWithStats(white, connectivity=8)
    cands = []
    for j in range(1, n):
        cx, cy, cw, ch, ca = st[j]
        if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h or cw * ch < min_area or ca * (1 + min_inside) > cw * ch:
            continue
        x0, y0 = max(0, cx - 2 * gap), max(0, cy - 2 * gap)
        x1, y1 = min(w, cx + cw + 2 * gap), min(h, cy + ch + 2 * gap)
        reg = cl[y0:y1, x0:x1] == j
        filled = ndi.binary_fill_holes(reg)
        if filled.sum() - ca < min_inside * ca:
            continue
        # a cut line encloses one inside (white specks of the photo joined to it leave small
        # holes beside it); white lines round several (a table's grid, a window's bars) do not
        _, hl, hs, _ = cv2.connectedComponentsWithStats((filled & ~reg).view(np.uint8), connectivity=4)
        holes = hs[1:, cv2.CC_STAT_AREA]
        if holes.max() < max_share * holes.sum():
            continue
        # a cut line is of even width round its inside: white pixels farther from the inside
        # than ``max_width`` times the line's median width are a white piece of the plate it
        # touches (a shelf, a wall behind the sticker), not the line: left out
        inside = hl == 1 + int(holes.argmax())
        # the exact distance: the 3x3 mask's comes in ~0.48 px steps (2.86, 3.34, 3.82, ...), too
        # coarse for ``max_depth``'s margins (session 26, omends)
        d = cv2.distanceTransform((~inside).view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
        depth = _line_depth(reg, inside, d) if even_line else float(np.median(d[reg]))
        if max_depth > 0 and depth > max_depth:
            continue  # a deep white band, not a thin cut line (diecut_depth)
        near = reg & (d <= max(3.0, max_width * depth))
        if near.sum() < reg.sum():
            filled = ndi.binary_fill_holes(inside | near)
            ca = int(near.sum())
        fa = float(filled.sum())
        if not min_area <= fa <= max_area or fa - ca < min_inside * ca:
            continue
        if cv2.distanceTransform(np.pad(filled, 1).view(np.uint8), cv2.DIST_L2, 3).max() < min_thickness * np.sqrt(fa):
            continue
        if _solidity(filled) < 0.8:
            continue
        cands.append((j, x0, y0, x1, y1, filled, fa, ca))
    if len(cands) >= max_twins + 1:
        # a print of white rings: look-alike bands (area within 1.5x) are the plate's
        fas = np.array([c[6] for c in cands])
        keep = [int(((np.abs(np.log(fas / c[6])) < np.log(1.5)).sum()) - 1 < max_twins) for c in cands]
        cands = [c for c, k in zip(cands, keep) if k]
    out = []
    for j, x0, y0, x1, y1, filled, fa, ca in cands:
        placed = _placed_own_colours(small, filled, (x0, y0), other=other, gap=gap, max_other=max_other,
                                     max_overlap=max_overlap)
        if placed is None:
            continue
        full, z = placed
        # the anti-aliased step is 1 px: a 2 px reach (5x5, the first version) took a textured
        # plate's own edges round an outlined button (held-out fill precision: heldout 0.9138 ->
        # 0.9141, busy_heldout 0.8786 -> 0.8793, artcheck_heldout 0.9640 -> 0.9642)
        rim = cv2.dilate(filled.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & edges[y0:y1, x0:x1]
        m = np.zeros((h, w), bool)
        m[y0:y1, x0:x1] = filled | rim
        out.append(_own_colour_candidate(m, small, gap=gap, other=other, overlap=z, max_overlap=max_overlap,
                                         area=fa, colour=small[cl == j].reshape(-1, 3).mean(0),
                                         holes=1.0 - float(ca) / fa))
    return out


def _loop_hole(filled: np.ndarray, reg: np.ndarray, crop: np.ndarray, outer: np.ndarray, beyond: np.ndarray, *,
               min_contrast: float, min_hole: float = LOOP_MIN_HOLE, other: np.ndarray | None = None) -> np.ndarray | None:
    """The plate seen through a closed drawn line (a marker loop round a spot), or None.

    A region whose holes fill at least ``min_hole`` of its filled shape, and whose holes show
    the plate round it (at least half their pixels within ``min_contrast`` of the median of
    ``outer``, just outside, and that median within ``min_contrast`` of the median of ``beyond``,
    a band further out: a line drawn near a badge's edge has the badge's body just outside it
    and the plate beyond), is a line drawn on the plate: the plate it encloses is
    no part of it. Returned: the holes less their 1 px rim (the line's anti-aliased inner edge
    stays with the line), less the solid bodies off the plate's colour inside (a product
    the loop rings: 5x5 opening of the off-plate pixels) and less the drawings inside in colours
    the plate round the loop does not hold (a line icon in an outlined circle, a circled number:
    :func:`_loop_drawn`, session 32; the opening alone took a line icon out with the plate).
    The plate round the loop is ``outer`` and ``beyond`` less ``other`` (the text and person
    sources' pixels, when given); a drawing in the loop line's own colour (its median) stays.

    Parameters
    ----------
    filled, reg : (h, w) bool
        The region with its holes filled, and the region itself.
    crop : (h, w, 3) float
        The working image round it.
    outer, beyond : (h, w) bool
        The plate just outside the filled shape, and a band further out.
    min_contrast : float
        The largest summed channel difference between the two medians.
    min_hole : float
        The least share of the filled shape its holes take.
    other : (h, w) bool or None
        What the text and person sources remove round it: no part of the plate's sample.

    Returns
    -------
    (h, w) bool or None
    """
    hole = filled & ~reg
    if hole.sum() < min_hole * filled.sum() or not outer.any() or not beyond.any():
        return None
    ref = np.median(crop[outer], 0)
    if float(np.abs(np.median(crop[beyond], 0) - ref).sum()) >= min_contrast:
        return None
    core = cv2.erode(hole.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    if not core.any():
        return None
    plate = np.abs(crop - ref).sum(-1) < min_contrast
    if plate[core].mean() < 0.5:
        return None
    # what stands inside the loop (a product it rings) stays: solid bodies off the plate's colour
    body = cv2.morphologyEx((core & ~plate).view(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)).astype(bool)
    # (session 32) and drawings off the plate's colours: a line icon in a ring, a circled number
    # (session 32, lmends) the plate round the loop less what the text and person sources remove
    # (a caption under a ring icon is no part of the plate); strokes in the loop's own ink are its
    # drawing (a row of ring icons: the next ring in the band round this one is not the plate's)
    band = (outer | beyond) if other is None else (outer | beyond) & ~other
    body |= _loop_drawn(core & ~plate, crop, crop[band], min_contrast=min_contrast,
                        ink=np.median(crop[reg], 0) if reg.any() else None) & core
    return core & ~body


def _loop_drawn(off: np.ndarray, crop: np.ndarray, plate_px: np.ndarray, *, min_contrast: float,
                share: float = LOOP_PLATE_SHARE, speckle: int = LOOP_SPECKLE,
                ink: np.ndarray | None = None) -> np.ndarray:
    """(h, w) bool: the drawings among the off-plate pixels ``off`` inside a loop, grown by their 1 px rim.

    A connected piece (8-connected) of ``off`` of at least ``speckle`` px is a drawing when its
    colour (the median of its pixels) holds under ``share`` of ``plate_px``, the plate round the
    loop, within ``min_contrast`` (summed channel difference): the plate's own texture (dots, a
    brick wall's mortar, facets) is outside the loop as well as in it; a line icon in a ring, a
    star or a number is not. A piece within ``min_contrast`` of ``ink`` (the loop line's colour;
    session 32, lmends) is a drawing too: a ring icon's line icon in its ring's ink, which the next
    ring of a row or a caption in that ink puts into the plate's sample. Its 1 px anti-aliased rim
    (3x3) goes with it.

    Parameters
    ----------
    off : (h, w) bool
        The pixels inside the loop off the plate's colour.
    crop : (h, w, 3) float
        The working image round the loop.
    plate_px : (n, 3) float
        The plate's pixels round the loop.
    min_contrast : float
        Within it a plate pixel has a piece's colour.
    share, speckle : float, int
        See :data:`LOOP_PLATE_SHARE`, :data:`LOOP_SPECKLE`.
    ink : (3,) float or None
        The loop line's colour (None: no piece is kept for it).

    Returns
    -------
    (h, w) bool

    Examples
    --------
    >>> crop = np.zeros((20, 20, 3)); crop[5:15, 9:11] = 200  # a stroke on a black plate
    >>> crop[2, 2] = 200  # a grain
    >>> got = _loop_drawn(crop.sum(-1) > 0, crop, np.zeros((50, 3)), min_contrast=40.0)
    >>> int(got[5:15, 9:11].sum()), bool(got[2, 2]), bool(got[10, 8])
    (20, False, True)
    >>> bool(_loop_drawn(crop.sum(-1) > 0, crop, np.full((50, 3), 200.0), min_contrast=40.0).any())
    False
    >>> bool(_loop_drawn(crop.sum(-1) > 0, crop, np.full((50, 3), 200.0), min_contrast=40.0, ink=np.full(3, 190.0)).any())
    True
    """
    n, cl, st, _ = cv2.connectedComponentsWithStats(off.view(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    big = np.flatnonzero(st[1:, cv2.CC_STAT_AREA] >= speckle) + 1
    if len(big) and (len(plate_px) or ink is not None):
        meds, which = np.unique(_piece_medians(crop, cl, big), axis=0, return_inverse=True)
        drawing = np.zeros(len(meds), bool)
        if ink is not None:
            drawing |= np.abs(meds - ink).sum(-1) < min_contrast
        if len(plate_px):
            # the plate's distinct colours and their counts: a dotted plate holds thousands of
            # pixels in a few colours, and its dots give many pieces of one median
            cols, counts = np.unique(plate_px, axis=0, return_counts=True)
            for u in np.flatnonzero(~drawing):
                held = counts[np.abs(cols - meds[u]).sum(-1) < min_contrast].sum()
                drawing[u] = held / len(plate_px) < share
        keep[big] = drawing[which.ravel()]
    drawn = keep[cl]
    return cv2.dilate(drawn.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) if drawn.any() else drawn


def _piece_medians(crop: np.ndarray, cl: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(k, 3) float: the median colour of each piece ``labels`` (ascending) of the label image ``cl``.

    One sort for all pieces (not a pass over the image a piece); the same values as
    ``np.median(crop[cl == j], 0)`` (an even count: the mean of the two middle values).

    Examples
    --------
    >>> crop = np.arange(12.0).reshape(2, 2, 3); cl = np.array([[1, 2], [1, 1]])
    >>> _piece_medians(crop, cl, np.array([1, 2])).tolist()
    [[6.0, 7.0, 8.0], [3.0, 4.0, 5.0]]
    """
    at = np.isin(cl, labels)
    lab = cl[at]
    px = crop[at]
    cnt = np.bincount(lab, minlength=int(labels.max()) + 1)[labels]
    start = np.concatenate([[0], np.cumsum(cnt)[:-1]])
    lo, hi = start + (cnt - 1) // 2, start + cnt // 2
    out = np.empty((len(labels), 3))
    for ch in range(3):
        v = px[:, ch][np.lexsort((px[:, ch], lab))]
        out[:, ch] = (v[lo] + v[hi]) / 2
    return out


def _depth_at(depth: float, side: int, work_side: int) -> float:
    """``diecut_depth`` (a line's depth on a ``work_side`` px long side) at a working long side ``side``.

    A line ``k`` px wide reads about ``(k + 1) / 2`` deep (:func:`_line_depth`), so its width
    ``2 * depth - 1`` is what scales with the creative: at ``side`` < ``work_side`` (an input
    under ``work_side`` px is worked at its own size) the threshold is ``0.5 + (depth - 0.5) *
    side / work_side``; 0 stays 0 (off). Session 26 (omends): the tune halves' die-cut lines are
    drawn in proportion to the sticker and the creative (``samples_artcheck3.py``: 5 % of the
    sticker), so a fixed px count took ruled_tune_038's cup (4.5 px at 600 px, 3.5 at 300 px)
    at 0.5x as a sticker.
    """
    if depth <= 0:
        return 0.0
    return 0.5 + (depth - 0.5) * min(side, work_side) / work_side


def _line_depth(reg: np.ndarray, inside: np.ndarray, d: np.ndarray) -> float:
    """The depth of a cut line as most of its inside's edge sees it.

    Each pixel of the white piece ``reg`` belongs to the inside's edge pixel nearest it; an
    edge pixel's depth is the mean distance ``d`` (from the inside) of the white pixels it
    holds, and the line's is the median over the edge pixels. A white piece of the plate
    joined to the line (a barcode's box, a shelf) lies beyond a minority of the edge, so it
    moves the median little however much white it holds (the median over the white pixels
    themselves follows whichever part holds more: a barcode's box outweighs a 2 px line).
    For an even line of width ``k`` px the two agree (about ``(k + 1) / 2``).
    """
    _, (iy, ix) = ndi.distance_transform_edt(~inside, return_indices=True)
    key = (iy * inside.shape[1] + ix)[reg]
    sums = np.bincount(key, d[reg], inside.size)
    cnt = np.bincount(key, None, inside.size)
    return float(np.median(sums[cnt > 0] / cnt[cnt > 0]))


def _share_near(px: np.ndarray, ref: np.ndarray, rng, *, tol: float = 40.0, k: int = 3, samples: int = 200) -> float:
    """The share of ``px`` (n, 3) with at least ``k`` of ``ref`` (m, 3) within ``tol`` (L1 over RGB)."""
    if len(px) == 0 or len(ref) < k:
        return 0.0
    px = px.astype(np.float32)
    if len(px) > samples:
        px = px[rng.choice(len(px), samples, replace=False)]
    near = (np.abs(px[:, None] - ref[None]).sum(-1) < tol).sum(1)
    return float((near >= k).mean())


def _covered(tm, pm, shape) -> np.ndarray | None:
    """``(h, w) bool``: what the text and person sources remove (None when neither is given)."""
    if tm is None and pm is None:
        return None
    out = np.zeros(shape, bool)
    for m in (tm, pm):
        if m is not None:
            out |= m
    return out


def _outline(m: np.ndarray, crop: np.ndarray, lab: np.ndarray, edges: np.ndarray, band: int,
             max_std: float, *, layers: int = 1, shaded: bool = False, min_contrast: float = 40.0) -> np.ndarray:
    """``m`` grown by an outline or a drop shadow drawn around it.

    Flat pieces that lie wholly within ``band`` px of ``m`` and start within 2 px of it
    (an outline's core, a shadow's offset; the plate is one large region running beyond
    the band) are added when together they are one colour (standard deviation <=
    ``max_std``), with the edge pixels within 2 px of them (their anti-aliased sides).
    On a textured plate the pieces near a shape are many colours, so nothing is added; the
    growth is also dropped when the pixels just beyond it are mostly edges.

    With ``shaded``, where the flat rule adds nothing, a *guarded* rule is tried: the edge
    pixels chained to ``m`` within the band count as its side (a thin rim line is all
    anti-aliased step), specks under 4 px are left out, and the pieces are taken when their
    colours are one colour shaded linearly (the median deviation from their least-squares
    plane in x and y within ``max_std`` / 3; a flat outline is the plane's special case),
    they run round the shape (within ``band`` of 70 % of its rim: a shaded stone or leaf
    beside it lies on one side), mostly as one piece (60 %: a tile's neighbours in a mosaic
    are many), and the plate just beyond stands off that plane by ``min_contrast`` (median
    L1: a pocket of a gradient plate runs on in it). With ``layers`` > 1 the grown shape is
    grown again, up to ``layers`` times in all, each layer after the first by the guarded
    rule only (a badge's inner rim line, then the body's outer band beyond it; a second flat
    layer round a tile of a mosaic took its grout and neighbours: ``neg_extra`` worst 11.1 %
    -> 13.1 % false object pixels).

    Parameters
    ----------
    m : (h, w) bool
    crop : (h, w, 3) float
    lab : (h, w) int
        Flat-region labels (0 = edges) of the same crop.
    edges : (h, w) bool
    band : int
    max_std : float
    layers : int
        How many times the shape is grown, at most (stops at the first layer adding nothing).
    shaded : bool
        Whether the *first* layer tries the guarded rule where the flat rule adds nothing;
        the layers after it always use the guarded rule, so it changes the first layer only.
    min_contrast : float
        How far (median L1) the plate just beyond a guarded layer stands off its plane.

    Returns
    -------
    (h, w) bool
    """
    for layer in range(max(1, layers)):
        # a layer beyond the first is taken by the guarded rule only: a second flat layer
        # round a tile of a mosaic is its grout and neighbours
        grown = m if layer else _outline_once(m, crop, lab, edges, band, max_std, shaded=False)
        if grown is m and (shaded or layer):  # (only where the flat rule adds nothing)
            grown = _outline_once(m, crop, lab, edges, band, max_std, shaded=True, min_contrast=min_contrast)
        if grown is m:
            break
        m = grown
    return m


def _outline_once(m, crop, lab, edges, band, max_std, *, shaded, min_contrast=40.0):
    """One layer of :func:`_outline` (``m`` itself when nothing is added)."""
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band + 1, 2 * band + 1))
    near = cv2.dilate(m.view(np.uint8), k).astype(bool)
    start = m
    if shaded:
        # a line drawn round the shape is all anti-aliased step at the working size (a
        # badge's thin inner rim): the next piece starts beyond it, so the edge pixels
        # chained to the shape within the band count as the shape's side
        _, cl = cv2.connectedComponents((edges & near | m).view(np.uint8), connectivity=8)
        start = np.isin(cl, np.unique(cl[m]))
    close = cv2.dilate(start.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    ids = np.unique(lab[close & ~start])
    ids = ids[ids > 0]
    if not len(ids):
        return m
    ok = np.zeros(int(lab.max()) + 1, bool)
    ok[ids] = True
    ok[np.unique(lab[~near])] = False
    ok[np.unique(lab[m])] = False
    if shaded:
        # (specks of a few pixels between anti-aliased steps are blends with the plate, no
        # piece of a band: the edge pixels added below take them where they lie between)
        ok &= np.bincount(lab.ravel(), minlength=len(ok)) >= 4
    pieces = ok[lab] & ~m
    if not pieces.any():
        return m
    px = crop[pieces]
    plane = None
    if shaded:
        if len(px) < 8:
            return m
        # shaded across the shape (a body lit from the top runs on into its outer band):
        # what a plane in x and y leaves; a textured plate's pieces keep their spread
        yy, xx = np.nonzero(pieces)
        X = np.stack([np.ones(len(xx)), xx, yy], 1).astype(np.float64)
        coef, *_ = np.linalg.lstsq(X, px, rcond=None)
        # the median: a band 2 - 3 px wide at the working size is half anti-aliased blend
        # with what lies on either side of it
        if float(np.median(np.abs(px - X @ coef).max(1))) > max_std / 3:
            return m
        # a band runs all round the shape (a body's outer band): on a busy plate the shaded
        # stones or leaves beside a shape lie on one side of it
        ring = cv2.dilate(m.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~m
        if cv2.dilate(pieces.view(np.uint8), k).astype(bool)[ring].mean() < 0.7:
            return m
        # and it is one piece, bar specks (the grout slivers and tile corners round a tile of a
        # mosaic are many)
        if np.bincount(lab[pieces]).max() < 0.6 * len(px):
            return m
        plane = coef
    elif px.std(0).max() > max_std:
        return m
    grown = m | pieces
    for _ in range(2 if shaded else 1):  # (shaded: a blurred outer step is wider than 2 px)
        grown |= cv2.dilate(grown.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & edges & near
    after = cv2.dilate(grown.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~grown
    if after.any() and edges[after].mean() > 0.4:
        return m
    if plane is not None:
        # a shaded band is the body's, not a pocket of a shaded plate: the plate just beyond
        # must stand off the band's plane (a gradient plate runs on in it)
        beyond = after & ~edges
        if beyond.any():
            yy, xx = np.nonzero(beyond)
            X = np.stack([np.ones(len(xx)), xx, yy], 1).astype(np.float64)
            if float(np.median(np.abs(crop[beyond] - X @ plane).sum(1))) < min_contrast:
                return m
    return grown


def _bars(small: np.ndarray, shape: np.ndarray, lab: np.ndarray, plate_ids: np.ndarray, edges: np.ndarray,
          grad: np.ndarray, *, step: float, r_min: float, min_len: float, other: np.ndarray | None,
          min_contrast: float, max_dev: float, stats: np.ndarray, min_framed: float = 0.7,
          min_fill: float = 0.6, min_elong: float = 5.0, max_reach: float = 5.0,
          end_widths: float = 2.0, through: bool = True, through_len: float = 2.0) -> np.ndarray | None:
    """Thin straight bars ending on ``shape``: the pole under a flag, the track a knob sits on.

    A region of the flat-region labels ``lab`` within 3 px of ``shape`` (an anti-aliased
    step apart) is a *bar* when it is thinner than a candidate (its widest inscribed circle
    under ``r_min``, so it was never one), straight and even (it fills at least
    ``min_fill`` of its rotated bounding rectangle, at least ``min_elong`` times
    longer than wide and at least ``min_len`` px long), one colour along its length (a pole
    shaded as a cylinder across it: the median deviation from the mean colour of its line
    across, at that distance from the axis, at most ``max_dev``), framed by steps round it
    (``min_framed`` of the 1 px ring beyond it within 1 px of a step of ``step``: mostly
    framed, an end may run into the shape without a step) and not the plate's colour beside
    it (``min_contrast``, as for a candidate).

    A crack in a wall, a divider rule, a table's front edge and a stripe of a pattern are bars
    too. What tells a drawn shape's own bar:

    * it *ends* on the shape: the pixels within 3 px of the shape include one of its ends
      (within ``end_widths`` of its drawn widths of the end along its axis, the drawn width
      being its flat core's and 2 px of anti-aliased step either side; a rule a button sits
      on, or two buttons share, runs on past both sides of it), and it is at most
      ``max_reach`` times the shape's largest side long (a slider's track runs 4.4 times its
      knob's side beyond it on ``artcheck5_tune``: 3 lost it);
    * it is no stripe of a pattern the shape lies on: a bar with a region of its colour
      and direction beside it, beyond the shape's reach (the next stripe, within 6 of its
      widths across its axis), is a stripe of a panel running on past the shape, and so
      are all the bars of its colour (L1 of the means under ``min_contrast``) and
      direction (within 10 degrees) ending on the same shape (the inner stripes of a
      panel under a badge have only stripes ending on the badge beside them). Parallel
      bars with none beyond are kept: a candy badge's own stripes end on its band
      (``artcheck3_tune``: refusing 3 or more parallel bars of one colour lost its 3
      candy badges, 0.524 -> 0.476 artifacts removed with ``bars``);
    * it is no line the shape hides a piece of (``through``): walked along its axis across
      the shape, the line goes on beyond it in the bar's colour, and the bar, the hidden part
      and the far part together run over ``through_len`` of the shape's largest side (a
      divider rule, a table's line, a cable; a stripe of a candy disc through its word band
      is no longer than the badge, a slider's track has its filled part, another colour,
      beyond the knob); it is refused with its kin, as a stripe beside is
      (``ruled_tune`` fill precision with ``bars`` 0.729 -> 0.744, defaults 0.752);
    * the plate (``plate_ids``: regions running off the frame) and what ``other`` covers
      (text, person) never join.

    Measured with these rules (module docstring): ``artcheck5_tune`` 0.517 -> 0.552 artifacts
    removed; held-out ``artcheck3_heldout`` 0.600 -> 0.680, ``artcheck_heldout`` 0.811 ->
    0.818, ``artcheck5_heldout`` 0.468 -> 0.484; ``busy_extra`` fill precision 0.667 ->
    0.665; negatives unchanged.

    Parameters
    ----------
    small : (h, w, 3) uint8
    shape : (h, w) bool
    lab : (h, w) int
        Flat-region labels (0 = edges).
    plate_ids : (n,) bool
        By label of ``lab``.
    edges : (h, w) bool
    grad : (h, w) uint8 or float
        The step magnitude ``step`` is compared with.
    stats : (n, 5) int, optional
        ``cv2.connectedComponentsWithStats``'s boxes of ``lab`` (x, y, w, h, area): each
        region is sliced by its box instead of compared over the whole frame.

    Returns
    -------
    (h, w) bool or None
        The bars with their anti-aliased sides (edge pixels within 2 px), None when none.
    """
    h, w = shape.shape
    near = cv2.dilate(shape.view(np.uint8), np.ones((7, 7), np.uint8)).astype(bool) & ~shape
    ids = np.unique(lab[near])
    ids = ids[(ids > 0) & ~plate_ids[ids]]
    sx0, sy0, sx1, sy1 = box_of(shape)
    reach = max_reach * max(sx1 - sx0, sy1 - sy0)
    grown = (near | shape) if through else None  # (the shape grown by 3 px)
    inside = np.unique(lab[shape])
    bars = []  # (reg, box, colour, unit axis, thin)
    for i in ids:
        bx, by, bw, bh = (int(v) for v in stats[i, :4])
        y0, y1, x0, x1 = max(0, by - 4), min(h, by + bh + 4), max(0, bx - 4), min(w, bx + bw + 4)
        reg = lab[y0:y1, x0:x1] == i
        ys, xs = np.nonzero(reg)
        if len(ys) < 8:
            continue
        if other is not None and other[y0:y1, x0:x1][reg].mean() > 0.5:
            continue
        if cv2.distanceTransform(np.pad(reg, 1).view(np.uint8), cv2.DIST_L2, 3).max() >= r_min:
            continue  # thick: a candidate's business
        pts = np.stack([xs, ys], 1).astype(np.float32)
        (cx, cy), (rw, rh), ang = cv2.minAreaRect(pts)
        long_, thin = max(rw, rh) + 1, min(rw, rh) + 1
        if long_ < max(min_len, min_elong * thin) or len(ys) < min_fill * long_ * thin:
            continue
        if long_ > reach:
            continue  # far longer than the shape: a rule or an edge it sits on
        # the axis: across = the distance from the long side's centre line
        t = np.deg2rad(ang if rw >= rh else ang + 90)
        along = (xs - cx) * np.cos(t) + (ys - cy) * np.sin(t)
        touch = along[near[y0:y1, x0:x1][ys, xs]]
        # (its drawn width: the flat core and the anti-aliased step on either side, 2 px each)
        if not len(touch) or min(touch.min() - along.min(), along.max() - touch.max()) > end_widths * (thin + 4):
            continue  # it runs on past the shape on both sides: the shape sits on it
        goes_on = False
        if through:  # (the end on the shape, and the way on across it)
            sgn = 1.0 if along.max() - touch.max() <= touch.min() - along.min() else -1.0
            end = along.max() if sgn > 0 else along.min()
            c0 = (cx + x0 + end * np.cos(t), cy + y0 + end * np.sin(t))
            # its line goes on beyond the shape: a rule or a cable the shape hides a piece of
            # (refused with its kin below, as a stripe of a panel is)
            side = max(sx1 - sx0, sy1 - sy0)
            beyond = _continues_beyond(small, grown, c0, t, sgn, small[y0:y1, x0:x1][ys, xs].mean(0), thin,
                                       max_cross=1.5 * side + 8, min_contrast=min_contrast,
                                       max_run=through_len * side)
            # (a line across a compact badge, a candy disc's stripe through its word band, is
            # no longer than the badge: the line, hidden part and far part together over
            # ``through_len`` of the shape's largest side is one running on past it)
            goes_on = beyond > 0 and long_ + beyond > through_len * side
        across = np.round(-(xs - cx) * np.sin(t) + (ys - cy) * np.cos(t)).astype(int)
        across -= across.min()
        px = small[y0:y1, x0:x1][ys, xs].astype(np.float64)
        cnt = np.bincount(across)
        means = np.stack([np.bincount(across, px[:, c]) for c in range(3)], 1) / np.maximum(cnt, 1)[:, None]
        if float(np.median(np.abs(px - means[across]).max(1))) > max_dev:
            continue  # grain along it: a crack or a twig of the photo, no drawn bar
        ring1 = cv2.dilate(reg.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~reg
        g = cv2.dilate(grad[y0:y1, x0:x1], np.ones((3, 3), np.uint8))
        if not ring1.any() or float((g[ring1] > step).mean()) < min_framed:
            continue
        beside = cv2.dilate(reg.view(np.uint8), np.ones((9, 9), np.uint8)).astype(bool) & ~ring1 & ~reg
        beside &= ~shape[y0:y1, x0:x1] & ~edges[y0:y1, x0:x1]
        if beside.any() and float(np.abs(np.median(small[y0:y1, x0:x1][beside], 0) - px.mean(0)).sum()) < min_contrast:
            continue
        # the next stripe beyond the shape's reach: a pattern's stripe (its group refused below)
        striped = goes_on or _stripe_beside(small, lab, stats, (x0, y0, x1, y1), px.mean(0), t, thin + 4,
                                            skip=np.concatenate([ids, inside]), min_contrast=min_contrast)
        bars.append((reg, (x0, y0, x1, y1), px.mean(0), t, striped))
    found = np.zeros((h, w), bool)
    for reg, (x0, y0, x1, y1), colour, t, _ in bars:
        # (itself included) a stripe of a panel running on past the shape, or one of its kin
        if any(st and float(np.abs(colour - c).sum()) < min_contrast and _parallel(t, u) for _, _, c, u, st in bars):
            continue
        found[y0:y1, x0:x1] |= reg
    if not found.any():
        return None
    return found | (cv2.dilate(found.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & edges & ~shape)


def _continues_beyond(small: np.ndarray, grown: np.ndarray, c0: tuple, t: float, sgn: float, colour: np.ndarray,
                      thin: float, *, max_cross: float, min_contrast: float, min_share: float = 0.7,
                      max_run: float = np.inf) -> float:
    """How far a bar's line goes on beyond the shape it ends on, in the bar's colour (px; 0: not at all).

    From the bar's end ``c0`` (x, y) the axis (angle ``t``, direction ``sgn``) is walked into
    ``grown`` (the shape grown 3 px) and across it, at most ``max_cross`` px; past its far side
    the next ``max(6, 2 * thin)`` px of the axis, or of a line 1 px beside it, must be within
    ``min_contrast`` (L1) of ``colour`` for at least ``min_share`` of them; the line is then
    followed on (gaps under 3 px bridged, at most ``max_run`` px). Returns the crossing and the
    run beyond together, 0 when the line does not go on. A divider rule, a table's line, a
    cable or a track of one colour the shape covers a piece of looks so; a flag's pole ends on
    the cloth and the plate lies beyond, a slider's track has its filled part (another colour)
    on the far side of the knob. An axis that never meets ``grown`` within 8 px (a pole beside
    its cloth) is no such line.
    """
    h, w = grown.shape
    ct, st = sgn * np.cos(t), sgn * np.sin(t)
    k, entered = 0, False
    while k < max_cross:
        k += 1
        x, y = int(round(c0[0] + k * ct)), int(round(c0[1] + k * st))
        if not (0 <= x < w and 0 <= y < h):
            return 0.0
        if grown[y, x]:
            entered = True
        elif entered:
            break
        elif k > 8:
            return 0.0
    else:
        return 0.0
    run = int(max(6, 2 * thin))
    for off in (0.0, -1.0, 1.0):  # the axis, or a line 1 px beside it (a 1 px rule between pixels)
        ks = np.arange(k, k + run)
        xs = np.round(c0[0] + ks * ct - off * st).astype(int)
        ys = np.round(c0[1] + ks * st + off * ct).astype(int)
        ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        if ok.sum() < run // 2:
            continue
        d = np.abs(small[ys[ok], xs[ok]].astype(np.float64) - colour).sum(1)
        if float((d < min_contrast).mean()) < min_share:
            continue
        j, gap = k, 0  # follow the line on while it keeps the bar's colour
        while j - k < max_run and gap < 3:
            j += 1
            x, y = int(round(c0[0] + j * ct - off * st)), int(round(c0[1] + j * st + off * ct))
            if not (0 <= x < w and 0 <= y < h):
                break
            gap = 0 if float(np.abs(small[y, x].astype(np.float64) - colour).sum()) < min_contrast else gap + 1
        return float(j - gap)
    return 0.0


def _parallel(a: float, b: float, tol: float = np.deg2rad(10)) -> bool:
    """Whether two axis angles (radians) are within ``tol`` of one direction."""
    d = abs(a - b) % np.pi
    return min(d, np.pi - d) <= tol


def _stripe_beside(small, lab, stats, box, colour, t, thin, *, skip, min_contrast) -> bool:
    """Whether a region of ``colour`` runs parallel to a bar (axis ``t``) within 6 of its widths across it.

    ``thin`` is the bar's drawn width (its flat core and the steps either side); ``box`` is
    its (x0, y0, x1, y1); regions in ``skip`` (those touching the shape, the
    shape's own) do not count. A region counts when it is at least 3 widths long along the
    axis, its mean colour is within ``min_contrast`` (L1) and its own axis within 10 degrees.
    """
    h, w = lab.shape
    d = int(np.ceil(6 * thin))
    x0, y0, x1, y1 = box
    X0, Y0, X1, Y1 = max(0, x0 - d), max(0, y0 - d), min(w, x1 + d), min(h, y1 + d)
    win = lab[Y0:Y1, X0:X1]
    ids = np.unique(win)
    ids = ids[(ids > 0) & ~np.isin(ids, skip)]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for j in ids:
        if min(stats[j, 2], stats[j, 3]) > 2 * thin:
            continue  # a wide region, no stripe (a plate, a panel)
        ys, xs = np.nonzero(win == j)
        if len(ys) < 8:
            continue
        if float(np.abs(small[Y0:Y1, X0:X1][ys, xs].mean(0) - colour).sum()) >= min_contrast:
            continue
        (_, _), (rw, rh), ang = cv2.minAreaRect(np.stack([xs, ys], 1).astype(np.float32))
        if max(rw, rh) + 1 < 3 * thin:
            continue
        u = np.deg2rad(ang if rw >= rh else ang + 90)
        if not _parallel(t, u):
            continue
        across = np.abs(-(xs + X0 - cx) * np.sin(t) + (ys + Y0 - cy) * np.cos(t))
        if float(np.median(across)) <= 6 * thin:
            return True
    return False


def _colour_wordmark(small: np.ndarray, mark: np.ndarray, bx, colour, *, tol: float,
                     row: float = 0.0) -> np.ndarray | None:
    """Glyphs in the mark's own colour on its line, beside it: a wordmark the text detector missed.

    Starting at the mark, connected pieces of the mark's colour (L1 distance < ``tol``) no
    taller than 1.3 mark heights and drawn with strokes (no point farther than 0.15 mark
    heights from the piece's edge: letters, not blocks) are chained left to right (and right to left) while the
    gap to the next piece stays under 0.8 mark heights; at least two pieces (letters) must
    chain. With ``row`` > 0 the chain must also be a row of letters (:func:`_letter_row`);
    the row found, the chain's other pieces that the mark and the row enclose join it
    (:func:`_row_ink`: a distressed stamp's broken frame round its letters, a rule under
    them). Returns their pixels with a 1 px anti-aliasing rim, or None (with ``row``, an
    empty mask where a chain was refused as no row).

    Parameters
    ----------
    small : (h, w, 3) uint8
    mark : (h, w) bool
    bx : (x0, y0, x1, y1)
        Box of the mark.
    colour : (3,) float
        The mark's fill colour.
    tol : float
        L1 distance to ``colour`` under which a pixel is of the mark's colour.
    row : float
        Tolerance of the letters' common baseline in mark heights (0: not required).
    """
    h, w = mark.shape
    x0, y0, x1, y1 = bx
    mh = y1 - y0
    cy = (y0 + y1) / 2
    wy0, wy1 = max(0, int(cy - 0.8 * mh)), min(h, int(np.ceil(cy + 0.8 * mh)))
    out = np.zeros((h, w), bool)
    found = texture = False
    for side in (1, -1):
        wx0, wx1 = (x1, min(w, x1 + 12 * mh)) if side == 1 else (max(0, x0 - 12 * mh), x0)
        if wx1 - wx0 < 2 or wy1 - wy0 < 2:
            continue
        crop = small[wy0:wy1, wx0:wx1].astype(np.int16)
        match = (np.abs(crop - np.asarray(colour, np.float64)).sum(-1) < tol) & ~mark[wy0:wy1, wx0:wx1]
        n, lab, st, _ = cv2.connectedComponentsWithStats(match.view(np.uint8), connectivity=8)
        pieces = []
        for j in range(1, n):
            px, py, pw, ph, pa = st[j]
            if pa < 4 or ph > 1.3 * mh or py == 0 or py + ph >= wy1 - wy0:
                continue  # a speck, or a region running past the line: not a letter
            piece = np.pad(lab[py:py + ph, px:px + pw] == j, 1).view(np.uint8)
            if cv2.distanceTransform(piece, cv2.DIST_L2, 3).max() > 0.15 * mh:
                continue  # a block (a window pane, a tile), not a letter's stroke
            a, b = (wx0 + px, wx0 + px + pw) if side == 1 else (wx1 - px - pw, wx1 - px)
            pieces.append((a - x1 if side == 1 else x0 - b, b - a, j))
        pieces.sort()
        end, chain = 0.0, []
        for dist, width, j in pieces:
            if dist > end + 0.8 * mh:
                break
            chain.append(j)
            end = max(end, dist + width)
        if row > 0 and len(chain) >= 2:
            whole = [p for p in pieces if p[2] in chain]
            chain = _letter_row(st, whole, mh=mh, tol=row)
            texture |= not chain
            if chain:
                # the row found, the chain's other pieces that the mark and its row enclose are
                # their ink too: a distressed stamp's broken frame round its letters, a tagline
                chain = _row_ink(st, whole, chain, mark_box=(x0 - wx0, y0 - wy0, x1 - wx0, y1 - wy0))
        if len(chain) >= 2:
            sel = np.isin(lab, chain)
            sel = cv2.dilate(sel.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
            out[wy0:wy1, wx0:wx1] |= sel
            found = True
    return out if found else np.zeros((h, w), bool) if texture else None


def _row_ink(st: np.ndarray, whole: list, row: list, *, mark_box, reach: float = 1.0) -> list:
    """The row's letters and the chain's other pieces that the mark and its row enclose.

    A piece of the chain whose centre lies inside the convex hull of the mark's box and the
    row's pieces, or within ``reach`` letter heights (the row's median piece height) of it,
    is the lockup's own ink: a distressed stamp's frame broken into pieces round its
    letters, a line under the word. Pieces beyond stay out (the plate's pieces of the mark's
    colour scattered along the chain). Measured in session 20 (``eval_objects.py``, with
    ``wordmark_row=0.06, confetti_text=True``; tune sets): ``reach`` 0.5 recovered the
    distressed stamp of ``artcheck3_tune`` only in part (0.81 -> 0.87 of it removed, 0.9
    needed), 1.0 wholly (its frame's right side lies a letter height past the row's end);
    ``neg_extra`` (48) and ``busy_extra`` unchanged in false pixels with either (object
    precision on ``busy_extra`` 0.766 -> 0.763). 1.0 was chosen on that one stamp.

    Parameters
    ----------
    st : (n, 5) int array
        Stats of the pieces (x, y, w, h, area), in the search window's pixels.
    whole : list of (dist, width, label)
        The chain.
    row : list of int
        Labels of the row's pieces (:func:`_letter_row`).
    mark_box : (x0, y0, x1, y1)
        The mark's box in the window's pixels (it lies beside the window).
    reach : float
        How far outside the hull a piece's centre may lie, in letter heights.

    Returns
    -------
    list of int
        The row's labels, then the enclosed pieces' labels.

    Examples
    --------
    >>> st = np.array([[0, 0, 0, 0, 0], [10, 10, 4, 10, 30], [16, 10, 4, 10, 30], [22, 10, 4, 10, 30],
    ...                [8, 4, 18, 2, 30], [60, 12, 4, 4, 12]])
    >>> _row_ink(st, [(10, 4, 1), (16, 4, 2), (22, 4, 3), (8, 18, 4), (60, 4, 5)], [1, 2, 3],
    ...          mark_box=(-10, 2, 0, 22))
    [1, 2, 3, 4]
    """
    pts = [(mark_box[0], mark_box[1]), (mark_box[2], mark_box[1]), (mark_box[0], mark_box[3]),
           (mark_box[2], mark_box[3])]
    for j in row:
        px, py, pw, ph = (int(v) for v in st[j, :4])
        pts += [(px, py), (px + pw, py), (px, py + ph), (px + pw, py + ph)]
    hull = cv2.convexHull(np.asarray(pts, np.float32))
    near = reach * float(np.median([st[j, 3] for j in row]))
    keep = list(row)
    for _, _, j in whole:
        if j in row:
            continue
        cx, cy = st[j, 0] + st[j, 2] / 2, st[j, 1] + st[j, 3] / 2
        if cv2.pointPolygonTest(hull, (float(cx), float(cy)), True) >= -near:
            keep.append(j)
    return keep


def _letter_row(st: np.ndarray, chain: list, *, mh: int, tol: float, min_height: float = 0.2,
                min_letters: int = 3) -> list:
    """The pieces of a colour chain that are a row of letters, or [] when none is.

    A word's letters stand on one baseline: at least ``min_letters`` pieces at least
    ``min_height`` mark heights tall whose bottoms lie within ``tol`` mark heights (1.5 px at
    least) of one another, chained from the mark with the same gaps (under 0.8 mark heights)
    as the chain itself. A plate's own pieces of the mark's colour (the slivers of shaded
    tiles, grout, leaves) lie at any height: their bottoms scatter. The chain's smaller pieces
    (an i's dot, a hyphen) and any piece reaching below the baseline (a descender) join the
    row when their centres lie within its span (up to half the row's height above its top,
    0.35 of it below its baseline). Measured on the marks given a colour wordmark in
    ``neg_extra`` (48), ``busy_extra``, ``extra`` and ``tuned`` (24 each; tune sets), 3 letters
    within 0.06: all 7 real wordmarks kept (4 to 11 letters on the row), 1 of 146 marks whose
    chain was pieces of the plate or of the mark's own outline kept (3 on a row).

    Parameters
    ----------
    st : (n, 5) int array
        ``cv2.connectedComponentsWithStats`` stats of the pieces (x, y, w, h, area).
    chain : list of (dist, width, label)
        The chained pieces, nearest the mark first.
    mh : int
        The mark's height in pixels.
    tol, min_height : float
        Baseline tolerance and a letter's least height, in mark heights.
    min_letters : int
        Letters the row needs.

    Returns
    -------
    list of int
        Labels of the row's pieces (empty: no row).

    Examples
    --------
    >>> st = np.array([[0, 0, 0, 0, 0], [0, 10, 4, 10, 30], [6, 12, 4, 8, 25], [12, 10, 4, 10, 30]])
    >>> _letter_row(st, [(0, 4, 1), (6, 4, 2), (12, 4, 3)], mh=20, tol=0.06)
    [1, 2, 3]
    >>> _letter_row(st, [(0, 4, 1), (6, 4, 2)], mh=20, tol=0.06)  # two letters are no word here
    []
    """
    bottoms = {j: st[j, 1] + st[j, 3] for _, _, j in chain}
    bodies = [(d, w_, j) for d, w_, j in chain if st[j, 3] >= min_height * mh]
    near = max(1.5, tol * mh)
    best: list = []
    for _, _, b in bodies:  # each letter's bottom as the baseline; the longest row wins
        end, row = 0.0, []
        for d, w_, j in bodies:
            if abs(bottoms[j] - bottoms[b]) > near:
                continue
            if d > end + 0.8 * mh:
                break
            row.append((d, w_, j))
            end = max(end, d + w_)
        if len(row) > len(best):
            best = row
    if len(best) < min_letters:
        return []
    base = np.median([bottoms[j] for _, _, j in best])
    top = min(st[j, 1] for _, _, j in best)
    x0 = min(st[j, 0] for _, _, j in best)
    x1 = max(st[j, 0] + st[j, 2] for _, _, j in best)
    keep = []
    for _, _, j in chain:  # the row's letters, its dots and its descenders (within its span)
        cx, cy = st[j, 0] + st[j, 2] / 2, st[j, 1] + st[j, 3] / 2
        if x0 <= cx <= x1 and top - 0.5 * (base - top) - near <= cy <= base + 0.35 * (base - top) + near:
            keep.append(j)
    return keep


def _reflection(small: np.ndarray, shape: np.ndarray, *, max_rows: float, min_alpha: float = 0.1,
                min_step: float = 20.0, fade: bool = True, min_explained: float = 0.4) -> np.ndarray | None:
    """The faded mirror image of ``shape`` just below it (a packshot's floor reflection), or None.

    A reflection is the shape mirrored about its bottom line and laid over the plate at a
    falling opacity: row ``k`` below the line is ``a_k * mirror + (1 - a_k) * plate``, the
    mirror being the shape's row ``k`` above the line. The plate under row ``k`` is read
    beside the shape (the median of 5 px, 4 px left and right of its box: past the rims the
    shape may have left out; blended linearly across
    it), and ``a_k`` is the least-squares opacity over the row. Rows are taken while the fit
    explains the row (mean residual <= 0.35 of the row's step from the plate, or 6 levels),
    the mirror row differs from the plate (mean step >= ``min_step``), ``a_k`` >= ``min_alpha``
    and it does not rise by more than 0.1 (a reflection fades); the first row must reach
    0.2, and at least 3 rows must be found. A shape with the plate below it gives ``a`` near
    0 and stops at once; on a busy plate the estimate beside the shape does not explain the
    row, so nothing is added.

    With ``fade``, a reflection found (>= 3 rows, its opacity falling) that stops on the fit
    while its opacity is still over ``min_alpha`` (a textured plate: its grain, not the
    plate beside, sets the residual once the mirror is faint) is followed on along its fade:
    the opacity is extrapolated by a line fitted to the rows found, and rows are taken up to
    where the faded mirror, at that opacity, has explained the rows below best against the
    plate alone (the largest running sum of mean residual without the mirror minus with it),
    provided the mirror explains at least ``min_explained`` of the rows' departure from the
    plate there (that sum over the sum of their mean step from the plate; a glow round a
    badge, lighter than the plate but not its mirror image, explains about a third).

    Parameters
    ----------
    small : (h, w, 3) uint8
    shape : (h, w) bool
    max_rows : float
        The longest reflection, as a share of the shape's height.

    Returns
    -------
    (h, w) bool or None
    """
    h, w = shape.shape
    x0, y0, x1, y1 = box_of(shape)
    if x0 < 10 or x1 > w - 10:
        return None
    img = small.astype(np.float64)
    xs = np.arange(x0, x1, dtype=np.float64)
    t = ((xs - (x0 - 7)) / max(1.0, (x1 + 7) - (x0 - 7)))[:, None]
    best = None
    n_max = int(max_rows * (y1 - y0))

    def row(off, k):  # (cols, plate, pixels, mirror) of reflection row k, or None past the shape
        yr, ym = y1 + off + k, y1 + off - 1 - k
        if yr >= h or ym < y0:
            return None
        cols = shape[ym, x0:x1]
        if cols.sum() < 2:
            return None
        b = (np.median(img[yr, x0 - 9:x0 - 4], 0) * (1 - t) + np.median(img[yr, x1 + 4:x1 + 9], 0) * t)[cols]
        return cols, b, img[yr, x0:x1][cols], img[ym, x0:x1][cols]

    for off in (-2, -1, 0, 1):  # the line may sit a pixel or two off the box (anti-aliased rims)
        out, prev, rows, alphas, faded = np.zeros((h, w), bool), None, 0, [], False
        for k in range(n_max):
            r = row(off, k)
            if r is None:
                break
            cols, b, p, mir = r
            d = mir - b
            den = float((d * d).sum())
            if den < cols.sum() * min_step ** 2:
                break
            a = float(((p - b) * d).sum()) / den
            resid = float(np.abs(p - b - a * d).sum(-1).mean())
            step = float(np.abs(p - b).sum(-1).mean())
            if (a < min_alpha or a > 1.05 or (prev is not None and a > prev + 0.1)
                    or (prev is None and a < 0.2)):
                faded = True
                break
            if resid > max(0.35 * step, 6.0):
                break
            out[y1 + off + k, x0:x1] |= cols & ~shape[y1 + off + k, x0:x1]
            alphas.append(a)
            prev, rows = a, rows + 1
        slope = icpt = 0.0
        if fade and rows >= 3 and not faded:
            slope, icpt = np.polyfit(np.arange(rows, dtype=np.float64), np.asarray(alphas), 1)
        if slope < 0:  # a fade to follow
            gain, top, keep, departed, top_departed = 0.0, 0.0, rows, 0.0, 0.0
            for k in range(rows, n_max):
                a = icpt + slope * k
                r = row(off, k)
                if a < min_alpha or r is None:
                    break
                cols, b, p, mir = r
                away = float(np.abs(p - b).sum(-1).mean())  # the row's departure from the plate
                departed += away
                gain += away - float(np.abs(p - b - a * (mir - b)).sum(-1).mean())
                if gain > top:
                    top, keep, top_departed = gain, k + 1, departed
            if top < min_explained * top_departed:
                keep = rows  # the mirror explains too little of the rows' departure from the plate (a glow)
            for k in range(rows, keep):
                yr = y1 + off + k
                out[yr, x0:x1] |= shape[y1 + off - 1 - k, x0:x1] & ~shape[yr, x0:x1]
            rows = keep
        if rows >= 3 and (best is None or rows > best[0]):
            best = (rows, out)
    return None if best is None else best[1]


def _darkening_fit(dark: np.ndarray, dd: float, model: np.ndarray) -> tuple[float, float] | None:
    """Least squares of ``dark`` (``dd`` = its squared norm) on one shadow ``model``:
    ``(residual, gain)``, or None for an empty model."""
    mm = float(np.dot(model, model))
    if mm <= 0:
        return None
    dk = float(np.dot(dark, model))
    return dd - dk * dk / mm, dk / mm


def _soft_shadow(small: np.ndarray, shape: np.ndarray, *, min_alpha: float = 0.1, min_fit: float = 0.6,
                 min_opacity: float = 0.15, max_opacity: float = 0.9, sigmas=(1.0, 2.0, 3.0, 4.5),
                 max_offset: int = 8) -> np.ndarray | None:
    """The soft drop shadow cast by ``shape`` on the plate, or None.

    A drop shadow as design tools draw it is the shape's silhouette, offset, blurred and laid
    over the plate in black at an opacity ``k``: a pixel beside the shape is ``plate * (1 -
    k * m)``, ``m`` the blurred, offset silhouette. The plate is read beyond the shadow's
    reach (a ring past the largest blur and offset, interpolated inward by a normalised
    Gaussian blur), its darkening ``plate - pixel`` in the band around the shape is fitted
    by ``k * m * plate`` for each blur in ``sigmas`` and offset up to ``max_offset`` px (step
    2, down and right, the light of most layouts), and the best fit is taken when it explains
    at least ``min_fit`` of the darkening's variance there (R^2) at an opacity between
    ``min_opacity`` and ``max_opacity``. The pixels where the fitted shadow's opacity reaches
    ``min_alpha`` are returned. On a plate that varies on its own, no shadow fits it.

    Parameters
    ----------
    small : (h, w, 3) uint8
    shape : (h, w) bool

    Returns
    -------
    (h, w) bool or None
    """
    h, w = shape.shape
    x0, y0, x1, y1 = box_of(shape)
    reach = int(3 * max(sigmas) + max_offset + 2)
    cx0, cy0 = max(0, x0 - reach - 6), max(0, y0 - reach - 6)
    cx1, cy1 = min(w, x1 + reach + 6), min(h, y1 + reach + 6)
    sh = shape[cy0:cy1, cx0:cx1]
    img = small[cy0:cy1, cx0:cx1].astype(np.float32).mean(-1)
    read = _plate_beyond(img, sh, reach)
    if read is None:
        return None
    dist, plate, band = read
    dark, pb = (plate - img)[band], plate[band]
    var = float(((dark - dark.mean()) ** 2).sum())
    if var <= 0:
        return None
    # each fit reads its offset silhouette at the band's pixels from one zero-padded blur (no
    # shifted copy) and scores it by the least-squares residual in closed form, sum(dark^2) -
    # (dark . mb)^2 / (mb . mb), two dot products; the best fit is then computed as before
    # (the same k and residual, so the same pixels)
    ch, cw = sh.shape
    mo = max_offset
    ys, xs = np.nonzero(band)
    at = (ys + mo) * (cw + mo) + (xs + mo)  # the band's pixels in the padded blur, flat
    offs = [(dy, dx) for dy in range(0, max_offset + 1, 2) for dx in range(0, max_offset + 1, 2)]
    idx = [at - (dy * (cw + mo) + dx) for dy, dx in offs]
    dd = float(np.dot(dark, dark))
    pad = np.zeros((ch + mo, cw + mo), np.float32)
    flat = pad.ravel()
    best = None
    for sg in sigmas:
        pad[mo:, mo:] = cv2.GaussianBlur(sh.astype(np.float32), (0, 0), sg)
        for off, ix in zip(offs, idx):
            fit = _darkening_fit(dark, dd, flat.take(ix) * pb)
            if fit is not None and (best is None or fit[0] < best[0]):
                best = (fit[0], sg, off)
    if best is None:
        return None
    _, sg, (dy, dx) = best
    bl = cv2.GaussianBlur(sh.astype(np.float32), (0, 0), sg)
    m = np.zeros_like(bl)
    m[dy:, dx:] = bl[:bl.shape[0] - dy, :bl.shape[1] - dx]
    mb = m[band] * pb
    k = float((dark * mb).sum()) / float((mb * mb).sum())
    res = float(((dark - k * mb) ** 2).sum())
    if 1 - res / var < min_fit or not min_opacity <= k <= max_opacity:
        return None
    out = np.zeros((h, w), bool)
    out[cy0:cy1, cx0:cx1] = (k * m >= min_alpha) & ~sh & (dist <= reach)  # fitted past the rim, taken up to it
    return out if out.any() else None


def _plate_beyond(img: np.ndarray, sh: np.ndarray, reach: int):
    """The plate under a shadow, read beyond its reach: ``(dist, plate, band)`` or None.

    ``dist`` is each pixel's distance from the shape ``sh``; the plate is the grey image
    ``img`` on a 6 px ring past ``reach``, interpolated inward by a normalised Gaussian blur;
    ``band`` the pixels between 1.5 px and ``reach`` from the shape, where a shadow is fitted.
    None when the ring has fewer than 20 pixels.
    """
    dist = cv2.distanceTransform((~sh).view(np.uint8), cv2.DIST_L2, 3)
    far = (dist > reach) & (dist <= reach + 6)
    if far.sum() < 20:
        return None
    s = 0.3 * reach + 2
    plate = cv2.GaussianBlur(img * far, (0, 0), s) / np.maximum(cv2.GaussianBlur(far.astype(np.float32), (0, 0), s), 1e-3)
    return dist, plate, (dist > 1.5) & (dist <= reach)


_LANES = 64  # a multiple of every SIMD width OpenCV's float filters use (4 - 16 floats)


def _blur_zero_outside(e: np.ndarray, sigma: float, box) -> np.ndarray:
    """``cv2.GaussianBlur(e, (0, 0), sigma)`` of a float32 image ``e`` that is zero outside
    ``box = (y0, y1, x0, x1)``, computed on a window about the box: bit-identical.

    The window holds the kernel's radius (OpenCV's: ``ksize = round(8 sigma + 1) | 1`` for
    float) and 2 px more on each side, so every pixel the blur can reach sees the same
    values and the reflected border brings only zeros. Values alone are not enough: OpenCV
    filters a row's columns with SIMD lanes and its last ``width % lanes`` columns with
    scalar code, which rounds differently (1 ulp). So the window starts on a column that is
    a multiple of :data:`_LANES` and is a multiple of it wide, or ends at the image's right
    edge: each column is then filtered by the same code as in the whole image's blur (a crop
    cut anywhere else differed on 664 of 1,500 random ellipses; a ``width % 8`` layout on
    none: this build's float filters are 8 lanes wide).
    """
    H, W = e.shape
    r = ((int(np.rint(8 * sigma + 1)) | 1) // 2) + 2
    y0, y1 = max(0, box[0] - r), min(H, box[1] + r)
    x0 = max(0, box[2] - r) // _LANES * _LANES
    x1 = min(W, x0 + -(-(min(W, box[3] + r) - x0) // _LANES) * _LANES)
    out = np.zeros_like(e)
    if y0 < y1 and x0 < x1:
        out[y0:y1, x0:x1] = cv2.GaussianBlur(e[y0:y1, x0:x1], (0, 0), sigma)
    return out


def _contact_shadow(small: np.ndarray, shape: np.ndarray, *, min_alpha: float = 0.1, min_fit: float = 0.6,
                    min_opacity: float = 0.15, max_opacity: float = 0.9, cast: bool = False,
                    cast_too: bool = False) -> np.ndarray | None:
    """The contact shadow under ``shape`` standing on the plate (a packshot's box), or None.

    A thing standing on a floor darkens it under its base: a flat ellipse about its
    footprint's width, centred on or just below its lowest row, blurred and laid in black
    at an opacity ``k`` (``plate * (1 - k * m)``). Fitted as :func:`_soft_shadow` fits a
    drop shadow (the plate read beyond the shadow's reach, the darkening ``plate - pixel``
    in the band around the shape fitted by ``k * m * plate`` in closed form), over ellipse
    widths (1 - 1.3 x the footprint: the x-span of the shape's lowest quarter), heights
    (0.08 - 0.2 x its width), centres (the lowest row, half a height below) and blurs
    (0.03 - 0.08 x its width); kept at R^2 >= ``min_fit`` and an opacity in [``min_opacity``,
    ``max_opacity``]. The pixels where the fitted shadow reaches ``min_alpha`` are returned.

    With ``cast``, the shadow a light from one side casts along the floor: the same ellipse
    from the base, 1.6 - 2.2 x the footprint wide, its centre 0.3 - 0.6 x the footprint to
    the left or right, 0.15 - 0.25 x as tall (a bottle's long shadow beside it); the band
    read reaches 1.4 x the footprint. With ``cast_too``, that fit is tried where the contact
    fit fails on a floor darkened under the footprint (only there: it costs 32 blurs of a
    wider crop).
    """
    h, w = shape.shape
    x0, y0, x1, y1 = box_of(shape)
    foot = shape[y0 + 3 * (y1 - y0) // 4:y1, x0:x1].any(0)
    fx = np.flatnonzero(foot)
    if len(fx) < 4:
        return None
    fx0, fx1 = x0 + fx[0], x0 + fx[-1] + 1
    fw = fx1 - fx0
    # the tallest ellipse's half height, its offset and 3 blurs; a cast one's side reach
    reach = int((1.4 if cast else 0.4) * fw + 3)
    cx0, cy0 = max(0, x0 - reach - 6), max(0, y1 - 1 - int(0.15 * fw) - reach - 6)
    cx1, cy1 = min(w, x1 + reach + 6), min(h, y1 + reach + 6)
    if cy1 - y1 < 4:
        return None  # standing on the frame's lower edge: no floor to read
    sh = shape[cy0:cy1, cx0:cx1]
    # the shadow is soft: read the floor through a blur that evens out its print or grain
    # (a halftone's dots, a photo's texture)
    img = cv2.GaussianBlur(small[cy0:cy1, cx0:cx1].astype(np.float32).mean(-1), (0, 0), max(1.0, 0.02 * fw))
    read = _plate_beyond(img, sh, reach)
    if read is None:
        return None
    dist, plate, band = read
    band[: max(0, y1 - 1 - int(0.15 * fw) - cy0)] = False  # below the base only: the floor
    dark, pb = (plate - img)[band], plate[band]
    var = float(((dark - dark.mean()) ** 2).sum())
    if var <= 0:
        return None
    cx, base = (fx0 + fx1) / 2 - cx0, y1 - 1 - cy0
    # the floor right under the footprint is darkened (cheap; most shapes stand on nothing)
    under = band[base + 2:base + 3 + max(1, int(0.04 * fw)), fx0 - cx0:fx1 - cx0]
    strip = (plate - img)[base + 2:base + 3 + max(1, int(0.04 * fw)), fx0 - cx0:fx1 - cx0][under]
    if strip.size < 4 or float(np.median(strip)) < 0.03 * float(np.median(pb)):
        return None
    dd = float(np.dot(dark, dark))
    best = None
    grid = (((1.6, 2.2), (0.15, 0.25), (-0.6, -0.3, 0.3, 0.6), (0.0,), (0.05, 0.08)) if cast
            else ((1.0, 1.15, 1.3), (0.08, 0.13, 0.2), (0.0,), (0.0, 0.5), (0.03, 0.05, 0.08)))
    for ws in grid[0]:
        for hs in grid[1]:
            a, b = ws * fw / 2, hs * fw / 2
            for dc, dx in [(dc, dx) for dc in grid[3] for dx in grid[2]]:
                e = np.zeros(sh.shape, np.float32)
                ec, ea = (round(cx + dx * fw), round(base + dc * b)), (max(1, round(a)), max(1, round(b)))
                cv2.ellipse(e, ec, ea, 0, 0, 360, 1.0, -1)
                ebox = (ec[1] - ea[1] - 1, ec[1] + ea[1] + 2, ec[0] - ea[0] - 1, ec[0] + ea[0] + 2)
                for ss in grid[4]:
                    m = _blur_zero_outside(e, max(1.5, ss * fw), ebox)
                    fit = _darkening_fit(dark, dd, m[band] * pb)
                    if fit is not None and (best is None or fit[0] < best[0]):
                        best = (fit[0], fit[1], m)
    if best is None:
        return None
    _, k, m = best
    res = float(((dark - k * m[band] * pb) ** 2).sum())
    if 1 - res / var < min_fit or not min_opacity <= k <= max_opacity:
        if cast_too and not cast:
            return _contact_shadow(small, shape, min_alpha=min_alpha, min_fit=min_fit, min_opacity=min_opacity,
                                   max_opacity=max_opacity, cast=True)
        return None
    out = np.zeros((h, w), bool)
    out[cy0:cy1, cx0:cx1] = (k * m >= min_alpha) & ~sh & (dist <= reach)
    return out if out.any() else None


def _laid_on_edge(filled: np.ndarray, reg: np.ndarray, polys: list) -> bool:
    """Whether a region touching the frame (``reg``, ``filled`` its holes filled, (h, w) bool
    in a crop; ``polys`` the text boxes in the crop's pixels) can be a shape laid on the edge.

    The plate's own areas run off the frame too, cut by what stands on them; a strip or a
    corner ribbon is straight-sided (``filled`` >= 95 % of its convex hull) and carries
    words: a detected text box at least half inside it, or letters knocked out of it
    (holes >= 2 % of it: rotated words the detector misses) when no detected line runs
    across its border (a headline written over the plate's pieces is not theirs).
    """
    if _solidity(filled) < 0.95:
        return False
    holes = float(filled.sum() - reg.sum()) / max(1.0, float(filled.sum())) >= 0.02
    for p in polys:
        pm = _poly_mask(filled.shape, p)
        inside = int((pm & filled).sum())
        if not inside:
            continue
        if inside >= 0.5 * max(1, int(pm.sum())) and inside >= 0.5 * _poly_area(p):
            return True
        holes = False  # a line running across its border
    return holes


def _poly_area(p: np.ndarray) -> float:
    x, y = p[:, 0], p[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


def _solidity(shape: np.ndarray) -> float:
    """The share of its convex hull that ``shape`` ((h, w) bool) fills (1 for a convex shape)."""
    pts = cv2.findNonZero(shape.view(np.uint8))
    if pts is None:
        return 0.0
    hull = np.zeros(shape.shape, np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(pts), 1)
    return float(shape.sum()) / max(1.0, float(hull.sum()))


def _join(e: dict, d: dict) -> None:
    """Merge candidate ``d`` into ``e`` (in place): one shape from now on."""
    e["mask"] |= d["mask"]
    e["shape"] |= d["shape"]
    e["score"] = max(e["score"], d["score"])
    if d["overlap"] is not None:
        e["overlap"] = d["overlap"] if e["overlap"] is None else min(e["overlap"], d["overlap"])
    e["weak"] = e["weak"] and d["weak"]
    e["faint"] = e.get("faint", False) and d.get("faint", False)
    e["hollow"] = e["hollow"] and d["hollow"]
    e["shaded"] += d["shaded"]
    e["reg_area"] += d["reg_area"]


def _upsample(m: np.ndarray, shape) -> np.ndarray:
    """A working-size mask at full size, resizing only its box (with a margin)."""
    h, w = m.shape
    H, W = shape
    if (h, w) == (H, W):
        return m.copy()
    x0, y0, x1, y1 = box_of(m)
    x0, y0, x1, y1 = max(0, x0 - 2), max(0, y0 - 2), min(w, x1 + 2), min(h, y1 + 2)
    sx, sy = W / w, H / h
    X0, Y0, X1, Y1 = int(x0 * sx), int(y0 * sy), min(W, int(np.ceil(x1 * sx))), min(H, int(np.ceil(y1 * sy)))
    out = np.zeros((H, W), bool)
    crop = cv2.resize(m[y0:y1, x0:x1].astype(np.float32), (X1 - X0, Y1 - Y0), interpolation=cv2.INTER_LINEAR)
    out[Y0:Y1, X0:X1] = crop > 0.5
    return out


def _quad_residual(crop: np.ndarray, inner: np.ndarray) -> float:
    """The largest channel's RMS residual of a least-squares quadratic in (x, y) over ``inner``.

    A drawn gradient (linear, radial), a glow or a gloss is a smooth colour field: a
    quadratic per channel leaves ~1-3 levels (the anti-aliasing and JPEG grain); a
    photographed surface keeps its texture and structure.
    """
    ys, xs = np.nonzero(inner)
    if len(ys) < 12:
        return np.inf
    cy, cx = ys.mean(), xs.mean()
    sc = max(1.0, float(max(np.ptp(ys), np.ptp(xs))))
    u, v = (xs - cx) / sc, (ys - cy) / sc
    A = np.stack([np.ones_like(u), u, v, u * u, u * v, v * v], 1)
    b = crop[ys, xs].astype(np.float64)
    coef, *_ = np.linalg.lstsq(A, b, rcond=None)
    return float(np.sqrt(((A @ coef - b) ** 2).mean(0)).max())


def _grow_to_plate(shape: np.ndarray, small: np.ndarray, lab: np.ndarray, area: np.ndarray, touches: np.ndarray,
                   mean: np.ndarray, *, other: np.ndarray | None, max_grow: float, ratio: float,
                   tol: float, max_edges: float) -> np.ndarray | None:
    """What lies between ``shape`` and the plate round it (``plate_grow``), or None.

    The plate is the label map's regions of at least ``ratio`` times the shape's area or on the
    image's frame; the smaller regions in colours of their own (mean colour at least ``tol``,
    L1, from every plate pixel in the window: a low-poly plate's facet, a pattern's stripe or a
    pocket of a gradient plate is the plate's), off the text and person masks (``other``), and
    the edge pixels beside them or the shape are the rest of the drawn thing: what of them is
    connected to the shape is taken when the plate encloses it within one shape size of the
    shape's box and it adds at most ``max_grow`` times the shape's area; only where at most
    ``max_edges`` of the window round the shape is edge pixels (a plain or drawn plate, not a
    photo, where enclosed pieces are the photo's). No hole is filled (the
    plate inside a wreath, or inside a contour line's loop, is still the plate). On a textured
    plate (a photo) the small pieces chain on past the window and nothing is added; where two
    pieces are a ruler's look-alikes (:func:`_aligned_pieces`: a table row's cells, a barcode's
    bars, a rule's halves under a knob) nothing is added either (the plate's furniture). The edge
    pixels under ``other`` are left out too (a word's or a face's outline beside the shape), and
    so is a part that runs past the shape at both ends along one axis (:func:`_runs_past`: a lamp
    post or a rail the shape stands beside; :func:`_runs_past_off_rim`: the same post touching
    the shape's grown rim).
    """
    h, w = lab.shape
    a = float(shape.sum())
    if not a:
        return None
    plate = (area >= ratio * a) | touches
    plate[0] = False  # edge pixels belong to no region: never the plate
    x0, y0, x1, y1 = box_of(shape)
    r = max(x1 - x0, y1 - y0)
    cx0, cy0, cx1, cy1 = max(0, x0 - r), max(0, y0 - r), min(w, x1 + r), min(h, y1 + r)
    sh = shape[cy0:cy1, cx0:cx1]
    lc = lab[cy0:cy1, cx0:cx1]
    if (lc[~sh] == 0).mean() > max_edges:
        return None  # a photo round it: its pieces are the photo's, enclosed or not
    mine = (lc > 0) & ~plate[lc] & ~sh
    if other is not None:
        mine &= ~other[cy0:cy1, cx0:cx1]  # the text's and the person's pieces are theirs
    ids = np.unique(lc[mine])
    on_plate = plate[lc]
    if len(ids) and on_plate.any():
        # a smaller region in a colour the plate has near it (a low-poly plate's facet, a
        # sunburst's ray where the rays narrow, a pocket of a gradient sky inside a wreath) is
        # the plate's; the thing's parts are in colours of their own. (The plate's pixels, not
        # its regions' means: a gradient region's mean is no colour it has here.)
        ref = small[cy0:cy1, cx0:cx1][on_plate].astype(np.float64)
        ref = ref[:: max(1, len(ref) // PLATE_GROW_SAMPLES)]
        dist = np.abs(mean[ids][:, None, :] - ref[None, :, :]).sum(-1).min(1)
        keep = np.zeros(len(area), bool)
        keep[ids[dist >= tol]] = True
        mine &= keep[lc]
    if not mine.any():
        return None
    # an edge pixel is the thing's side only beside the shape or one of its pieces: the steps
    # between two of the plate's regions (a low-poly plate's facets, a sunburst's rays) would
    # chain all
    own = mine | sh
    free = own | ((lc == 0) & cv2.dilate(own.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool))
    if other is not None:
        # (the edge pixels too: a word's or a face's outline beside the shape is theirs, not a rim)
        free &= ~other[cy0:cy1, cx0:cx1] | sh
    _, cl = cv2.connectedComponents(free.view(np.uint8), connectivity=8)
    ids = np.unique(cl[sh])
    comp = np.isin(cl, ids[ids > 0])
    # (a window side cut by the image's frame counts: a region there is the frame's own)
    if comp[0].any() or comp[-1].any() or comp[:, 0].any() or comp[:, -1].any():
        return None  # runs on beyond one shape size: a texture, not a part
    add = comp & ~sh
    box = (x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0)
    add &= ~_runs_past(add, box, past=PLATE_GROW_PAST)
    # a grown rim joins whatever touches it into one part that wraps the shape, which the rule
    # above keeps: judge again what lies off the rim's band (3 px + its width from the shape)
    add &= ~_runs_past_off_rim(add, sh, box, past=PLATE_GROW_PAST)
    if not (add & mine).any() or add.sum() > max_grow * a:
        return None  # (no piece: the shape's own anti-aliased rim alone is no part of anything)
    if _aligned_pieces(lc, add & mine, (x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0)):
        return None  # a table's cells, a barcode's bars, a rule on both sides: the plate's furniture
    out = np.zeros((h, w), bool)
    out[cy0:cy1, cx0:cx1] = add
    return out


def _runs_past(add: np.ndarray, shape_box: tuple, *, past: float) -> np.ndarray:
    """``(h, w) bool``: the pieces of ``add`` (8-connected) that run past the shape.

    A piece runs past the shape (``shape_box``: x0, y0, x1, y1 as :func:`box_of` gives them,
    x1 and y1 one past the last pixel) when
    it reaches beyond the box at both ends along one axis by more than ``past`` times the box's
    size along it (and at least 3 px) and does not reach beyond it at both ends across the
    other axis: a lamp post or a rail the shape sits beside or over runs on at both ends, while
    a flag's pole ends at its cloth (a finial a little past its top), a candy disc's stripes
    and a rim's arcs stay within the shape's reach, and a rim that wraps the shape reaches past
    it on all four sides (``plate_grow``, session 25, from session 24's review: a badge beside
    a lamp post took the post, 180 -> 1,125 px).
    """
    x0, y0, x1, y1 = shape_box
    size = (x1 - x0, y1 - y0)
    n, cl, st, _ = cv2.connectedComponentsWithStats(add.view(np.uint8), connectivity=8)
    out = np.zeros(n, bool)
    for k in range(1, n):
        px0, py0, pw, ph = st[k, :4]
        over = ((x0 - px0, px0 + pw - x1), (y0 - py0, py0 + ph - y1))  # beyond (low, high) ends
        both = [min(o) > max(3.0, past * s) for o, s in zip(over, size)]
        wraps = [min(o) > 0 for o in over]
        out[k] = (both[0] and not wraps[1]) or (both[1] and not wraps[0])
    return out[cl]


def _runs_past_off_rim(add: np.ndarray, shape: np.ndarray, shape_box: tuple, *, past: float) -> np.ndarray:
    """``(h, w) bool``: what of ``add`` off the shape's rim runs past the shape at both ends.

    A grown rim round the shape (a two-tone shield's ring) joins a post that touches it into one
    piece that wraps the shape, which :func:`_runs_past` keeps. Here the band within 3 px plus
    the rim's width of ``shape`` (the width: ``add``'s pixels within a quarter of the shape's
    size of it over the shape's outline) is taken out, which cuts the rim away and a post
    running beside it in two: a piece beyond the box's low end and one beyond its high end
    along one axis (each by more than ``past`` times the box's size and at least 3 px, neither
    reaching beyond the box at both ends across), whose spans across share a line beside the
    shape (no shape pixel on it within the box), are a post or a rail the rim touches; both are
    returned, with the post's stretch between them beyond the rim's width. A crown over a shield
    and a ribbon under it are centred over the shape (every shared column crosses it) and stay.
    (``plate_grow``, session 25, from the review of its switch: a brown post 5 px wide touching
    a two-tone shield's rim, 40 px past it above and below, was taken whole, 1,517 px outside
    the shield against 0 with the growth off; with this, 33 px more than without the post.)
    """
    x0, y0, x1, y1 = shape_box
    size = (x1 - x0, y1 - y0)
    dist = cv2.distanceTransform((~shape).view(np.uint8), cv2.DIST_L2, 3)
    ring = int(((dist > 0) & (dist < 1.5)).sum())
    width = (add & (dist <= max(size) / 4)).sum() / max(1, ring)
    off = add & (dist > 3 + width)
    n, cl, st, _ = cv2.connectedComponentsWithStats(off.view(np.uint8), connectivity=8)
    out = np.zeros(n, bool)
    cut = np.zeros(add.shape, bool)  # the post's stretch in the band, beside the rim
    lo_end, hi_end = (x0, y0), (x1, y1)
    for ax in (0, 1):  # 0: runs past along x (a rail), 1: along y (a post)
        reach = max(3.0, past * size[ax])
        lows, highs = [], []
        for k in range(1, n):
            p0, plen = st[k, ax], st[k, 2 + ax]
            q0, qlen = st[k, 1 - ax], st[k, 3 - ax]
            if q0 < lo_end[1 - ax] and q0 + qlen > hi_end[1 - ax]:
                continue  # reaches beyond the box at both ends across: wraps it
            if lo_end[ax] - p0 > reach:
                lows.append((k, q0, q0 + qlen))
            if p0 + plen - hi_end[ax] > reach:
                highs.append((k, q0, q0 + qlen))
        across = shape[y0:y1].any(0) if ax == 1 else shape[:, x0:x1].any(1)  # lines crossing the shape
        for a, a0, a1 in lows:
            for b, b0, b1 in highs:
                s0, s1 = max(a0, b0), min(a1, b1)
                if s1 > s0 and not across[s0:s1].all():
                    out[a] = out[b] = True
                    m = int(np.ceil(3 + width))
                    if ax == 1:
                        cut[max(0, y0 - m):y1 + m, s0:s1] = True
                    else:
                        cut[s0:s1, max(0, x0 - m):x1 + m] = True
    return out[cl] | (cut & add & (dist > width))


def _aligned_pieces(lc: np.ndarray, pieces: np.ndarray, shape_box: tuple, *, min_area: int = PLATE_ALIGN_MIN_AREA,
                    min_fill: float = PLATE_ALIGN_FILL, tol: int = 1) -> bool:
    """Whether two of the label map's pieces under ``pieces`` are a ruler's look-alikes.

    Two pieces (each at least ``min_area`` px of ``pieces``, filling at least ``min_fill`` of
    its box) that share both ends across one axis (the top and bottom rows, or the left and
    right columns, within ``tol`` px) and lie apart along it are boxes set in a row (or a
    column) when either they stand close (the gap at most twice their height: a table row's
    cells, a barcode's bars) or both are lines (at least 4 times as long as they are thick)
    either side of the shape's centre and level with the shape (``shape_box``, x0, y0, x1, y1:
    a rule's two halves under a knob). A drawn thing's own pieces seldom line up so: a flag's pole is one piece, a
    shield's rim pieces on its two sides stand a shape's width apart, a candy disc's stripes
    are slanted and cut by its circle to different lengths, a slanted pole broken into dashes
    steps sideways (``plate_grow``, session 24, from ruled_tune_001/019/009/007 against
    artcheck5_tune's shields and flags).
    """
    ids = np.unique(lc[pieces])
    boxes = []
    for i in ids[ids > 0]:
        ys, xs = np.nonzero(pieces & (lc == i))
        if len(ys) < min_area:
            continue
        x0, y0, x1, y1 = xs.min(), ys.min(), xs.max(), ys.max()
        if len(ys) >= min_fill * (y1 - y0 + 1) * (x1 - x0 + 1):
            boxes.append((x0, y0, x1, y1))
    sx0, sy0, sx1, sy1 = shape_box
    for ax in (0, 1):  # 0: in a row (along x), 1: in a column (along y)
        centre = (sx0 + sx1) / 2 if ax == 0 else (sy0 + sy1) / 2
        for k, a in enumerate(boxes):
            for b in boxes[k + 1:]:
                # (ends across the axis: rows for a row, columns for a column)
                if abs(a[1 - ax] - b[1 - ax]) > tol or abs(a[3 - ax] - b[3 - ax]) > tol:
                    continue
                lo, hi = (a, b) if a[ax] < b[ax] else (b, a)
                gap = hi[ax] - lo[2 + ax] - 1
                if gap < 0:
                    continue  # overlapping along the axis: not side by side
                thick = max(a[3 - ax] - a[1 - ax], b[3 - ax] - b[1 - ax]) + 1
                if gap <= 2 * thick:
                    return True  # cells or bars side by side
                long = min(a[2 + ax] - a[ax], b[2 + ax] - b[ax]) + 1
                across = (sy0, sy1) if ax == 0 else (sx0, sx1)
                if long >= 4 * thick and lo[2 + ax] < centre < hi[ax] and across[0] <= a[1 - ax] <= across[1]:
                    return True  # a rule's two halves either side of the shape, through it
    return False


def _closed_smooth(small: np.ndarray, edges: np.ndarray, grad: np.ndarray, lab: np.ndarray, ok: np.ndarray,
                   area: np.ndarray, *, fine: float, max_fit: float, min_framed: float, step: float,
                   reach: int,
                   min_area: float, max_area: float, r_min: float, band: int, other: np.ndarray | None,
                   max_other: float, max_overlap: float, max_twins: int) -> list[dict]:
    """Smooth fills whose frame the label map leaks through (``smooth_fit``), as candidate dicts.

    A gradient mark or a glossy pill whose fill passes through the plate's colour on one
    side (a grey-to-white drop on a grey plate, a glass plate's dark end) has a step all
    round but there: its region runs into the plate's and no candidate holds it. The fine
    steps (the largest channel step to a neighbour over ``fine``, under the ordinary edge step)
    with the ordinary ``edges`` bound it again where its foot stays a few levels off the plate
    (nothing is closed across gaps: a foot that meets the plate's colour exactly stays open); a
    region of that map which the ordinary map merged with a larger one (or gave no
    candidate) is a candidate when its fill is a smooth colour field (a quadratic in each
    channel fits its inside to an RMS of at most ``max_fit``: a photographed surface keeps
    its texture), at least ``min_framed`` of its 1 px ring has a real step (over ``step``)
    within ``reach`` px (only the rest is bridged), it is thick, mostly not text or person, in
    colours of its own (:func:`colour_overlap` with the plate around it at most
    ``max_overlap``) and not one of more than ``max_twins`` look-alikes (a pattern's cells). A
    region touching the image's border is skipped (its ring is open on the frame's side).
    """
    h, w = edges.shape
    closed = (grad > fine) | edges
    n, lab2, st, _ = cv2.connectedComponentsWithStats((~closed).view(np.uint8), connectivity=4)
    kr = 2 * reach - 1
    near_step = cv2.dilate(grad, np.ones((kr, kr), np.uint8)) > step if reach > 1 else grad > step
    out = []
    for j in range(1, n):
        x, y, bw, bh, ar = st[j]
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h or not min_area <= ar <= max_area:
            continue
        m_ = band + 4
        x0, y0, x1, y1 = max(0, x - m_), max(0, y - m_), min(w, x + bw + m_), min(h, y + bh + m_)
        reg = lab2[y0:y1, x0:x1] == j
        ids, cnt = np.unique(lab[y0:y1, x0:x1][reg], return_counts=True)
        i = int(ids[np.argmax(cnt)])
        if ok[i]:
            continue  # the ordinary map has a candidate here (closing only splits it): judged there
        filled = ndi.binary_fill_holes(reg)
        if cv2.distanceTransform(np.pad(filled, 1).view(np.uint8), cv2.DIST_L2, 3).max() < r_min:
            continue
        if _solidity(filled) < SMOOTH_FIT_SOLIDITY:
            continue  # a piece of sky or a photo's surface sealed by its structure: ragged
        if other is not None and other[y0:y1, x0:x1][reg].mean() > max_other:
            continue
        ring1 = cv2.dilate(filled.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~filled
        framed = float(near_step[y0:y1, x0:x1][ring1].mean()) if ring1.any() else 0.0
        if framed < min_framed:
            continue
        inner = cv2.erode(reg.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        crop = small[y0:y1, x0:x1]
        fit = _quad_residual(crop, inner)
        if fit > max_fit:
            continue
        rim = cv2.dilate(filled.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & edges[y0:y1, x0:x1]
        full = np.zeros((h, w), bool)
        full[y0:y1, x0:x1] = filled | rim
        z = colour_overlap(small, full, gap=band, exclude=other)
        if z > max_overlap:
            continue
        colour = crop[reg].astype(np.float64).mean(0)
        out.append(dict(mask=full, shape=full.copy(), reg_area=float(ar), id=-1, occluded=False,
                        score=0.5 * (framed + 1.0 - min(1.0, fit / (4 * max_fit))), weak=False, faint=False,
                        overlap=z,
                        overlap_of=lambda m, _s=small, _g=band, _o=other: colour_overlap(_s, m, gap=_g, exclude=_o),
                        hollow=False, colour=colour, holes=float(filled.sum() - reg.sum()) / max(1.0, filled.sum()),
                        shaded=float(ar), fit=fit, framed=framed))
    if len(out) > max_twins:
        # a pattern's cells (tiles, dots) all pass alike: look-alikes in colour and area
        keep = []
        for d in out:
            twins = sum(1 for e in out if e is not d and np.abs(e["colour"] - d["colour"]).sum() < 30
                        and abs(np.log(e["reg_area"] / d["reg_area"])) < np.log(1.3))
            if twins <= max_twins:
                keep.append(d)
        out = keep
    return out

# -- sliders (session 28): --objects auto's pass for UI sliders ---------------------------------------
# Sliders for ``--objects auto``: a round knob on a thin straight track, with its value bubble.
#
# Issue 9 (session 28). A slider's knob is too small to be a candidate of
# :func:`~creative_tools.objects.graphic.graphic_proposals` (artcheck5's knobs are discs of
# 5 - 8 working px radius; one is sought up to 5 % of the long side), its track is thinner still, and the words of its value bubble go to the text
# mask, which then covers most of the bubble's region: on ``artcheck5_tune`` 0..47 no slider
# was removed to 90 % at session 28's start. What tells a slider from a dot on a rule is the
# knob *on* a straight track that runs from it both ways (two bars of
# :func:`~creative_tools.objects.graphic._bars` ending on the knob, on one line through its
# centre); the bubble is the words found just beside the knob across the track, with the
# flat regions round them. A track that reaches another knob candidate (a timeline, a
# stepper) is none, and where the track has one colour both sides of the knob (a divider
# ornament: a dot between two bars) the bubble is required (session 28, smends).
#
# ``GraphicParams.sliders`` (False: the click keeps it off); on in ``--objects auto`` (:data:`~creative_tools.objects.auto.AUTO_SLIDERS`; ``--objects-options sliders=false`` turns it off).
#
# (In this module, not one of its own, since it uses the region helpers above and
# graphic_proposals calls it: a module of its own made an import circle.)


#: The score a slider gets: over ``auto``'s ``min_score`` (0.85); the evidence is the
#: knob-on-track geometry, not a fill's flatness.
SLIDER_SCORE = 0.9


def slider_proposals(image: np.ndarray, *, text_polygons=(), text_mask=None, person_mask=None,
                     params=None) -> list[ObjectProposal]:
    """Sliders in ``image``: knob, track and value bubble as one ``button`` proposal each.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_polygons : list of (N, 2) float arrays
        The text detector's lines, in image pixels (a value bubble is found by its words).
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove: a knob mostly under them is none.
    params : GraphicParams
        Read: ``work_side``, ``edge_step``, ``min_part``, ``max_std``, ``min_contrast``,
        ``max_other``, ``max_area``.

    Returns
    -------
    list of ObjectProposal
        Full-size masks, kind ``button``, score :data:`SLIDER_SCORE`.
    """
    P = GraphicParams() if params is None else params
    H, W = image.shape[:2]
    s = min(1.0, P.work_side / max(H, W))
    small = image if s == 1.0 else cv2.resize(image, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    edges, grad = edge_map(small, P.edge_step)
    _, lab, stats, cents = cv2.connectedComponentsWithStats((~edges).view(np.uint8), connectivity=4)
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    x, y, bw, bh = (stats[:, i] for i in range(4))
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    plate_ids = touches | (area > P.max_area * h * w)
    tm = None if text_mask is None else _resize_mask(text_mask, (h, w))
    pm = None if person_mask is None else _resize_mask(person_mask, (h, w))
    other = _covered(tm, pm, (h, w))
    polys = [np.asarray(p, np.float32).reshape(-1, 2) * s for p in text_polygons]
    # knobs: small round flat regions (a disc fills pi/4 of its box)
    r_max = 0.05 * max(h, w)
    fill_share = area / np.maximum(1, bw * bh)
    aspect = bw / np.maximum(1, bh)
    cand = (~plate_ids & (area >= P.min_part * h * w) & (area <= np.pi * r_max ** 2)
            & (fill_share >= 0.65) & (fill_share <= 0.9) & (aspect >= 0.75) & (aspect <= 1.33))
    cand[0] = False
    out, taken = [], np.zeros((h, w), bool)
    for i in np.flatnonzero(cand):
        cx, cy = cents[i]
        if taken[int(cy), int(cx)]:
            continue
        # (the knob is judged in its box with a margin beyond its grown rim: the same values as
        # over the whole frame, at the cost of its box)
        bx, by, bw_, bh_ = (int(v) for v in stats[i, :4])
        mg = 4 + int(np.ceil(0.45 * max(bw_, bh_)))
        x0, y0, x1, y1 = max(0, bx - mg), max(0, by - mg), min(w, bx + bw_ + mg), min(h, by + bh_ + mg)
        reg = lab[y0:y1, x0:x1] == i
        disc = ndi.binary_fill_holes(reg)
        r_in = float(cv2.distanceTransform(np.pad(disc, 1).view(np.uint8), cv2.DIST_L2, 3).max())
        if r_in < 3:
            continue
        cs, _ = cv2.findContours(np.pad(disc, 1).view(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        per = sum(cv2.arcLength(c, True) for c in cs)
        if per <= 0 or 4 * np.pi * disc.sum() / per ** 2 < 0.7:
            continue  # not round
        px = small[y0:y1, x0:x1][reg].astype(np.float64)
        if float(np.abs(px - px.mean(0)).max(1).mean()) > P.max_std:
            continue  # not one colour
        if other is not None and other[y0:y1, x0:x1][disc].mean() > P.max_other:
            continue
        # the knob with its ring and anti-aliased rim
        g = max(2, round(0.45 * r_in))
        if not _long_neighbour(lab, plate_ids, stats, i, (bx, by, bx + bw_, by + bh_), g + int(np.ceil(0.5 * r_in)) + 4,
                               2 * r_in):
            continue  # (no region near it long enough to be a track: the same result, without the frame-wide work)
        knob = np.zeros((h, w), bool)
        knob[y0:y1, x0:x1] = cv2.dilate(disc.view(np.uint8),
                                        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * g + 1,) * 2)).astype(bool)
        bars = _bars(small, knob, lab, plate_ids, edges, grad, step=1.5 * P.edge_step, r_min=r_in,
                     min_len=2 * r_in, other=other, min_contrast=P.min_contrast, max_dev=P.max_std,
                     stats=stats, max_reach=12.0, through=False)
        track = None if bars is None else _through_knob(bars, (cx, cy), r_in)
        whole = track is not None and track[2] == 2  # (_bars' bars come with their anti-aliased sides)
        if track is None:
            # no bar passes the colour tests (a track over a grained plate): two thin straight
            # regions on one line through the knob, one each way, are the track
            track = _two_ways(lab, plate_ids, stats, knob, (cx, cy), r_in)
            if track is None:
                continue
        t, found, sides = track
        if sides < 2:
            # the part beyond the knob is often another colour (the unfilled track, grey and
            # translucent over the plate) that fails a bar's colour tests: a thin straight
            # region on the far side, on the track's line, takes its place
            far = _far_side(lab, plate_ids, stats, knob, (cx, cy), t, r_in, -sides)
            if far is None:
                continue
            found = found | far
        if _another_knob(found, lab, cand, i, r_in, cents, (cx, cy), t):
            continue  # a line through several dots: a timeline, a stepper
        one_colour = _one_colour(small, found, (cx, cy), t, P.min_contrast)
        if not whole:  # the regions' anti-aliased sides, as _bars adds them
            found = found | (cv2.dilate(found.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & edges & ~knob)
        m = knob | found
        bubble = _bubble(lab, plate_ids, polys, (cx, cy), t, r_in, (h, w))
        if bubble is not None:
            m |= bubble
        elif one_colour:
            continue  # a dot between two bars of its colour and no value: a divider ornament
        if m.sum() > P.max_area * h * w:
            continue
        taken |= m
        full = _upsample(m, (H, W))
        out.append(ObjectProposal(full, box_of(full), SLIDER_SCORE, "button", "graphic"))
    return out


def _long_neighbour(lab: np.ndarray, plate_ids: np.ndarray, stats: np.ndarray, i: int, box: tuple, reach: int,
                    min_len: float) -> bool:
    """Whether a region of ``lab`` (not ``i``, not the plate) lies within ``reach`` px of ``box``
    and its box's diagonal (+ 1 px) is at least ``min_len``: what every track part needs
    (``_bars``' bars and ``_far_side``'s regions are sought within 0.5 r + 3 px of the knob
    grown by its ring, and are 2 r long), so a knob without one is skipped unchanged."""
    h, w = lab.shape
    x0, y0, x1, y1 = box
    ids = np.unique(lab[max(0, y0 - reach):min(h, y1 + reach), max(0, x0 - reach):min(w, x1 + reach)])
    ids = ids[(ids > 0) & (ids != i)]
    ids = ids[~plate_ids[ids]]
    return bool(np.any(np.hypot(stats[ids, cv2.CC_STAT_WIDTH], stats[ids, cv2.CC_STAT_HEIGHT]) + 1 >= min_len))


def _another_knob(track: np.ndarray, lab: np.ndarray, cand: np.ndarray, i: int, r: float, cents: np.ndarray,
                  c: tuple, t: float) -> bool:
    """Whether the ``track`` touches a knob candidate of ``lab`` other than ``i`` centred on its line.

    A slider's track carries one knob; a line joining several dots (an infographic timeline,
    a stepper) runs from each dot to the next. "Touches": within 0.5 ``r`` + 3 px (the reach at
    which the track is sought from its own knob ``r``: an edge band and a ring between); "on
    its line": the candidate's centre (``cents``) within ``r`` of the line through the knob's
    centre ``c`` at angle ``t`` (a round pebble of a photo beside the track is none)."""
    ys, xs = np.nonzero(track)
    if len(xs) == 0:
        return False
    h, w = track.shape
    g = int(np.ceil(0.5 * r)) + 3
    x0, y0, x1, y1 = max(0, xs.min() - g), max(0, ys.min() - g), min(w, xs.max() + g + 1), min(h, ys.max() + g + 1)
    near = cv2.dilate(track[y0:y1, x0:x1].view(np.uint8),
                      cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * g + 1,) * 2)).astype(bool)
    ids = np.unique(lab[y0:y1, x0:x1][near])
    ids = ids[cand[ids] & (ids != i)]
    across = -(cents[ids, 0] - c[0]) * np.sin(t) + (cents[ids, 1] - c[1]) * np.cos(t)
    return bool(np.any(np.abs(across) <= r))


def _one_colour(small: np.ndarray, track: np.ndarray, c: tuple, t: float, min_contrast: float) -> bool:
    """Whether the track has one colour on both sides of the knob at ``c`` (its parts' mean
    colours within ``min_contrast`` per channel); a slider's filled and unfilled parts differ."""
    ys, xs = np.nonzero(track)
    along = (xs - c[0]) * np.cos(t) + (ys - c[1]) * np.sin(t)
    lo, hi = along < 0, along > 0
    if not lo.any() or not hi.any():
        return False
    px = small[ys, xs].astype(np.float64)
    return bool(np.abs(px[lo].mean(0) - px[hi].mean(0)).max() < min_contrast)


def _through_knob(bars: np.ndarray, c: tuple, r: float):
    """``(angle, track)`` where the bars run from the knob at ``c`` both ways on one line; else None.

    The bars' pixels are fitted by a line (their principal axis); the knob's centre must lie
    on it (within half the knob's inscribed radius ``r``) and the bars must reach past the
    knob on both sides (1.5 ``r`` from its centre). Bars off that line are dropped."""
    ys, xs = np.nonzero(bars)
    if len(xs) < 10:
        return None
    cx, cy = c
    pts = np.stack([xs - cx, ys - cy], 1).astype(np.float64)
    _, _, vt = np.linalg.svd(pts - pts.mean(0), full_matrices=False)
    t = float(np.arctan2(vt[0, 1], vt[0, 0]))
    along = pts[:, 0] * np.cos(t) + pts[:, 1] * np.sin(t)
    across = -pts[:, 0] * np.sin(t) + pts[:, 1] * np.cos(t)
    on = np.abs(across) <= r
    if on.sum() < 0.8 * len(xs):
        return None  # bars in more than one direction: a knob at a corner of lines, no track
    lo, hi = along[on].min() < -1.5 * r, along[on].max() > 1.5 * r
    if not (lo or hi):
        return None
    track = np.zeros_like(bars)
    track[ys[on], xs[on]] = True
    # sides: 2 = both ways; +1 / -1 = only along +t / -t (the far side is sought apart)
    return t, track, 2 if lo and hi else (1 if hi else -1)


def _far_side(lab: np.ndarray, plate_ids: np.ndarray, stats: np.ndarray, knob: np.ndarray, c: tuple, t: float,
              r: float, sgn: int) -> np.ndarray | None:
    """The track's part on the ``sgn`` side of the knob: a thin straight region on its line, or None.

    A region of ``lab`` within 0.5 ``r`` + 3 px of ``knob`` (not the plate) whose pixels lie within ``r``
    (+ 1 px) of the line through the knob's centre ``c`` at angle ``t``, on the ``sgn`` side,
    reach at least 1.5 ``r`` past the centre, fill at least 0.6 of their box along the line
    and are under 1.5 ``r`` thick (under the knob's inner diameter) (a region ending at the knob and running on as the track)."""
    h, w = knob.shape
    k = 2 * (int(np.ceil(0.5 * r)) + 3) + 1  # (the knob's ring may be wider than its grown rim)
    near = cv2.dilate(knob.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))).astype(bool) & ~knob
    cx, cy = c
    ct, st = np.cos(t), np.sin(t)
    for i in np.unique(lab[near]):
        if i == 0 or plate_ids[i]:
            continue
        bx, by, bw, bh = (int(v) for v in stats[i, :4])
        # (the region less the knob: a ring of the track's colour joins the track and wraps round it)
        ys, xs = np.nonzero((lab[by:by + bh, bx:bx + bw] == i) & ~knob[by:by + bh, bx:bx + bw])
        if len(xs) == 0:
            continue
        xs, ys = xs + bx, ys + by
        along = sgn * ((xs - cx) * ct + (ys - cy) * st)
        across = -(xs - cx) * st + (ys - cy) * ct
        if np.abs(across).max() > r + 1 or along.max() < 1.5 * r or along.min() < 0:
            continue
        thick = across.max() - across.min() + 1
        length = along.max() - along.min() + 1
        if thick >= 1.5 * r or length < 2 * r or len(xs) < 0.6 * thick * length:
            continue
        out = np.zeros((h, w), bool)
        out[ys, xs] = True
        return out
    return None


def _bubble(lab: np.ndarray, plate_ids: np.ndarray, polys: list, c: tuple, t: float, r: float,
            shape: tuple) -> np.ndarray | None:
    """The value bubble: the text line nearest the knob across the track, with the flat regions round it.

    A line counts when its centre is within 4 ``r`` of the knob along the track and 1 - 8
    ``r`` across it (above or below); its bubble is its box with the non-plate regions
    of ``lab`` that surround the line's centre and are at most 4 times its box's area."""
    h, w = shape
    cx, cy = c
    best, best_d = None, np.inf
    for p in polys:
        if len(p) < 3:
            continue
        mx, my = p.mean(0)
        a = (mx - cx) * np.cos(t) + (my - cy) * np.sin(t)
        b = -(mx - cx) * np.sin(t) + (my - cy) * np.cos(t)
        if abs(a) <= 4 * r and r <= abs(b) <= 8 * r and np.hypot(a, b) < best_d:
            best, best_d = p, float(np.hypot(a, b))
    if best is None:
        return None
    m = np.zeros((h, w), np.uint8)
    cv2.fillPoly(m, [np.round(best).astype(np.int32)], 1)
    x0, y0, x1, y1 = box_of(m.astype(bool))
    if x1 <= x0 or y1 <= y0:
        return None
    mx, my = best.mean(0)
    box_area = (x1 - x0) * (y1 - y0)
    ids = np.unique(lab[y0:y1, x0:x1])
    out = m.astype(bool)
    for i in ids[ids > 0]:
        if plate_ids[i]:
            continue
        ys, xs = np.nonzero(lab == i)
        if len(xs) > 4 * box_area:
            continue
        if xs.min() <= mx <= xs.max() and ys.min() <= my <= ys.max():
            out[ys, xs] = True
    return ndi.binary_fill_holes(out)


def _two_ways(lab: np.ndarray, plate_ids: np.ndarray, stats: np.ndarray, knob: np.ndarray, c: tuple,
              r: float):
    """``(angle, track, 2)`` where two thin straight regions run from the knob at ``c`` on one line, else None.

    Each region near the knob gives a direction (its rotated box's long axis); a direction is
    kept when :func:`_far_side` finds a region on it each way."""
    k = 2 * (int(np.ceil(0.5 * r)) + 3) + 1
    near = cv2.dilate(knob.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))).astype(bool) & ~knob
    for i in np.unique(lab[near]):
        if i == 0 or plate_ids[i]:
            continue
        bx, by, bw, bh = (int(v) for v in stats[i, :4])
        ys, xs = np.nonzero(lab[by:by + bh, bx:bx + bw] == i)
        if len(xs) < 8:
            continue
        (_, _), (rw, rh), ang = cv2.minAreaRect(np.stack([xs + bx, ys + by], 1).astype(np.float32))
        if max(rw, rh) < 5 * max(1.0, min(rw, rh)):
            continue  # not a bar
        t = float(np.deg2rad(ang if rw >= rh else ang + 90))
        a = _far_side(lab, plate_ids, stats, knob, c, t, r, 1)
        b = _far_side(lab, plate_ids, stats, knob, c, t, r, -1) if a is not None else None
        if a is not None and b is not None:
            return t, a | b, 2
    return None


# -- prints (session 29): --objects auto's pass for photo prints laid on the plate --------------------
# A photo print laid on the plate (a snapshot held by tape, a polaroid without its white band):
# a rectangle, turned by any angle, whose four sides are straight sharp steps along nearly all
# their length, with a busy inside (a photo) and a calmer plate round it; the strips and the
# soft shadow that lie over the plate round it are taken with it.
#
# Issue 9 (session 29). artcheck5's taped photos were the largest class of the tune halves'
# misses (14 of 28 on ``artcheck5_tune`` 0..47, 11 at 0.00): a photo is no flat region, so no
# candidate of :func:`graphic_proposals` holds it, and the die-cut rule needs a white band.
# ``GraphicParams.prints`` (False).

#: The score a print gets: over ``auto``'s ``min_score`` (0.85); the evidence is the four
#: straight sides, not a fill's flatness.
PRINT_SCORE = 0.9

#: Each side of a print must show a step on at least this share of its length, and the four
#: sides on this mean share: a tape across a corner hides little of a side (its strip is
#: translucent); on ``artcheck5_tune`` 0..47 the taped photos' rectangles read min 0.92 - 1.0 /
#: mean 0.94 - 1.0, the best rectangles of creatives without a print (bricks, a shield's
#: sides with a plate's line) at most 0.87 / 0.90.
PRINT_SIDE_MIN = 0.9
PRINT_SIDE_MEAN = 0.95

#: A print's inside is busy: this least share of edge pixels (``edge_map`` at ``edge_step``)
#: inside it, and at least ``PRINT_BUSY_RATIO`` times the share on the plate round it.
PRINT_BUSY = 0.1
PRINT_BUSY_RATIO = 2.0

#: A line across a rectangle, parallel to two of its sides, whose segments cover this share of
#: its length splits it into cells (a table's, a grid's: ``ruled_tune``'s tables with a button
#: or a word over a rule): no print.
PRINT_SPLIT = 0.6

#: ... counted only at least this share of the rectangle's size in from its sides (a rim or a
#: photo's own line beside its edge is no cell wall).
PRINT_SPLIT_IN = 0.15

#: A print hides the plate: at most this share of its inside has a colour of the plate round it
#: (16-level bins per channel holding at least 0.5 % of the frame round it). A table's cells
#: are the plate's colour.
PRINT_PLATE_SHARE = 0.5

#: The most candidate lines per axis and direction (:func:`_heaviest_lines`): 40 lines give
#: 780 pairs, 608,400 rectangles scored at once.
PRINT_LINES = 40

#: How far round the print (a share of its short side) its strips and shadow are sought: a
#: strip across a side runs about a third of the side beyond it.
PRINT_REACH = 0.35

#: (``prints_mend``) A colour held by at least this share of the band beside a print's side is
#: the plate's there: a plate that changes within the reach (a wall meeting a table top) holds
#: two; a strip or a shadow is a small part of the band. Chosen on ``artcheck5_tune`` 002, 005,
#: 013, 018, 026, 029, 033, 037 (0.3 left 834 false px on 002, where the wall between the print
#: and the table is a quarter of the band; 0.2 none, the strips' cover level) and the synthetic
#: prints of ``tests/objects/test_prints.py`` (0.1 still keeps their strips and shadow).
PRINT_SIDE_PLATE = 0.2

#: (``prints_sharp``) A print's shadow lies within this share of its short side from it: what
#: the plate reaches round the print without crossing a sharp step is taken only there, and only
#: where it is darker than the plate (a soft shadow has no sharp outline of its own).
PRINT_SHADOW = 0.1

#: (``prints_margin``) A margin beside a print's side (a polaroid's lower band) is one colour:
#: this share of each line along it within this tolerance (every channel) of the first line's.
PRINT_MARGIN_ONE = 0.9
PRINT_MARGIN_TOL = 24

#: (``prints_run``) A piece taken round a print is plate where more than this share of the
#: steps on its outline lie on the plate's own lines (lines of steps running on beyond the reach).
PRINT_RUN = 0.5

#: (``prints_tip``) A piece taken past a print's shadow band ends in its tip: its pixels within
#: this many px of its farthest from the print. The tip is one colour where at least
#: :data:`PRINT_TIP_ONE` of it lies within the tolerance of its median (a photo's own rest,
#: cut by the reach, is many).
PRINT_TIP = 2
PRINT_TIP_ONE = 0.5


def print_proposals(image: np.ndarray, *, text_mask=None, person_mask=None, params=None) -> list[ObjectProposal]:
    """Photo prints laid on the plate, with their tapes and shadow, as ``other`` proposals.

    A print is a rectangle (turned by any angle) whose sides are found by the line segment
    detector (``cv2.createLineSegmentDetector``) in one of the picture's dominant directions;
    each side must be a step (the largest channel step across it over ``edge_step``, 1 px
    either way) on :data:`PRINT_SIDE_MIN` of its length (:data:`PRINT_SIDE_MEAN` on the
    four), the rectangle must not touch the frame, its short side must reach 8 % of the
    picture's, its area stay under ``max_area``, its sides' ratio within 1:2, and its inside
    must be busy (:data:`PRINT_BUSY`, :data:`PRINT_BUSY_RATIO` against the plate round it)
    and not mostly text or person (``max_other``). Of overlapping rectangles the largest is
    kept. What differs from the plate round it (the plate read beyond
    :data:`PRINT_REACH` of its short side and interpolated inward) and touches it, within that
    reach, is taken with it: the tapes across its sides, its shadow.

    Parameters
    ----------
    image : (H, W, 3) uint8 RGB
    text_mask, person_mask : (H, W) bool, optional
        What the other sources remove: a rectangle mostly under them is none, and they are
        not taken round it.
    params : GraphicParams
        Read: ``work_side``, ``edge_step``, ``max_area``, ``max_other``, ``prints_mend``,
        ``prints_sharp``, ``prints_run``, ``prints_margin``, ``prints_shade``, ``prints_tip``.

    Returns
    -------
    list of ObjectProposal
        Full-size masks, kind ``other``, score :data:`PRINT_SCORE`.

    Raises
    ------
    ContractError
        For an image that is not (H, W, 3) uint8 RGB.
    """
    P = GraphicParams() if params is None else params
    image = check_image(image)  # (a public entry: a grey or RGBA image is refused by name)
    H, W = image.shape[:2]
    s = min(1.0, P.work_side / max(H, W))
    small = image if s == 1.0 else cv2.resize(image, (round(W * s), round(H * s)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    tm = None if text_mask is None else _resize_mask(text_mask, (h, w))
    pm = None if person_mask is None else _resize_mask(person_mask, (h, w))
    other = _covered(tm, pm, (h, w))
    edges, _ = edge_map(small, P.edge_step)
    seen = None
    if P.prints_mend and other is not None:
        # (session 29, prints2) the busy test reads only what no other source removes: a flat
        # tile under a headline is not busy by its letters' strokes (their edges reach 2 px
        # past the text mask)
        seen = ~cv2.dilate(other.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    found = []
    for rect in _rectangles(small, edges, step=P.edge_step, min_side=0.08 * min(h, w), max_area=P.max_area * h * w,
                            seen=seen):
        if rect[:, 0].min() < 2 or rect[:, 1].min() < 2 or rect[:, 0].max() > w - 3 or rect[:, 1].max() > h - 3:
            continue  # cut by the frame: a plate's own edge
        if P.prints_margin:
            rect = _print_margin(small, edges, rect)
            if rect[:, 0].min() < 2 or rect[:, 1].min() < 2 or rect[:, 0].max() > w - 3 or rect[:, 1].max() > h - 3:
                continue
        m = _quad_mask((h, w), rect)
        if other is not None and other[m].mean() > P.max_other:
            continue
        if _plate_share(small, m) > PRINT_PLATE_SHARE:
            continue  # the plate seen through it: cells, a frame
        found.append(m)
    found.sort(key=lambda m: -int(m.sum()))
    out, taken = [], np.zeros((h, w), bool)
    for m in found:
        if (m & taken).sum() > 0.3 * m.sum():
            continue
        rest = _print_rest(small, m, other, sides=P.prints_mend, edges=edges if P.prints_sharp else None,
                           run_on=P.prints_run and P.prints_sharp,
                           shade=_rim_px(H, W, s) if P.prints_shade and P.prints_sharp else 0,
                           tip=P.prints_tip)
        if rest is not None:
            m = m | rest
        if P.prints_shade and P.prints_sharp:
            m &= ~_plate_rim(m, edges, _rim_px(H, W, s))
        taken |= m  # (with its tapes and shadow: a piece of the same print at its edge is no second one)
        full = _upsample(m, (H, W))
        out.append(ObjectProposal(full, box_of(full), PRINT_SCORE, "other", "graphic"))
    return out


def _rectangles(small: np.ndarray, edges: np.ndarray, *, step: float, min_side: float,
                max_area: float, seen: np.ndarray | None = None) -> list:
    """Rectangles whose four sides are steps along most of their length, as 4 corner points.

    Sides come from the line segment detector's segments (at least half of ``min_side``
    long) in the picture's dominant directions (the heaviest 1-degree bins of their
    length, mod 90 degrees); for each direction the picture is turned so that its lines lie
    along the axes, and every pair of horizontal and pair of vertical lines is scored at once
    from cumulative sums of the step maps (a side's share of pixels with a step across it).
    A rectangle crossed by a line parallel to two of its sides whose segments cover most of its
    length (:data:`PRINT_SPLIT`) is a table's or a grid's cells and is left. Only
    rectangles with a busy inside are returned (:data:`PRINT_BUSY`, :data:`PRINT_BUSY_RATIO`:
    the share of ``edges`` inside against the share on a frame round it; with ``seen``, an
    ``(h, w)`` bool map, both shares count only its pixels).
    """
    h, w = small.shape[:2]
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    segs = cv2.createLineSegmentDetector().detect(gray)[0]
    if segs is None:
        return []
    segs = segs.reshape(-1, 4).astype(np.float64)
    length = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    keep = length >= 0.5 * min_side
    segs, length = segs[keep], length[keep]
    if len(segs) < 4:
        return []
    ang = np.rad2deg(np.arctan2(segs[:, 3] - segs[:, 1], segs[:, 2] - segs[:, 0])) % 90
    hist = np.zeros(90)
    np.add.at(hist, np.round(ang).astype(int) % 90, length)
    near = hist + np.roll(hist, 1) + np.roll(hist, -1)
    peaks = [int(a) for a in np.argsort(-near)[:6]
             if near[a] >= 2 * min_side and near[a] >= max(near[(a - 1) % 90], near[(a + 1) % 90])]
    out = []
    for a in peaks:
        M = cv2.getRotationMatrix2D((w / 2, h / 2), a, 1.0)
        c, s_ = abs(M[0, 0]), abs(M[0, 1])
        W2, H2 = int(h * s_ + w * c) + 2, int(h * c + w * s_) + 2
        M[0, 2] += W2 / 2 - w / 2
        M[1, 2] += H2 / 2 - h / 2
        im = cv2.warpAffine(small, M, (W2, H2), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(np.int16)
        gx = np.zeros((H2, W2), np.uint8)
        gy = np.zeros((H2, W2), np.uint8)
        gx[:, 1:-1] = np.abs(im[:, 2:] - im[:, :-2]).max(-1) > step
        gy[1:-1] = np.abs(im[2:] - im[:-2]).max(-1) > step
        gx = cv2.dilate(gx, np.ones((1, 3), np.uint8))
        gy = cv2.dilate(gy, np.ones((3, 1), np.uint8))
        cx = np.vstack([np.zeros((1, W2)), np.cumsum(gx, 0)])  # a vertical side's steps, by row
        cy = np.hstack([np.zeros((H2, 1)), np.cumsum(gy, 1)])  # a horizontal side's steps, by column
        p = np.c_[segs[:, :2], np.ones(len(segs))] @ M.T
        q = np.c_[segs[:, 2:], np.ones(len(segs))] @ M.T
        fam = np.abs((ang - a + 45) % 90 - 45) <= 2
        horiz = fam & (np.abs(p[:, 1] - q[:, 1]) <= np.abs(p[:, 0] - q[:, 0]))
        vert = fam & ~horiz
        hy = np.round((p[horiz, 1] + q[horiz, 1]) / 2).astype(int)
        vx = np.round((p[vert, 0] + q[vert, 0]) / 2).astype(int)
        ys = _heaviest_lines(hy, length[horiz], H2)
        xs = _heaviest_lines(vx, length[vert], W2)
        XL, XR = np.meshgrid(xs, xs, indexing="ij")
        ok = XR - XL >= min_side
        XL, XR = XL[ok], XR[ok]
        YT, YB = np.meshgrid(ys, ys, indexing="ij")
        ok = YB - YT >= min_side
        YT, YB = YT[ok], YB[ok]
        if not len(XL) or not len(YT):
            continue
        xl, xr, yt, yb = XL[:, None], XR[:, None], YT[None], YB[None]
        hgt, wid = (yb - yt).astype(np.float64), (xr - xl).astype(np.float64)
        sides = np.stack([(cx[yb, xl] - cx[yt, xl]) / hgt, (cx[yb, xr] - cx[yt, xr]) / hgt,
                          (cy[yt, xr] - cy[yt, xl]) / wid, (cy[yb, xr] - cy[yb, xl]) / wid])
        good = ((sides.min(0) >= PRINT_SIDE_MIN) & (sides.mean(0) >= PRINT_SIDE_MEAN) & (hgt * wid <= max_area)
                & (wid <= 2 * hgt) & (hgt <= 2 * wid))
        ii, jj = np.nonzero(good)
        # a print is one rectangle: a line across it, parallel to two of its sides and a step
        # along its whole length, makes it a table's or a grid's cells
        hj, wi = (YB[jj] - YT[jj]).astype(np.float64), (XR[ii] - XL[ii]).astype(np.float64)
        # (the segments' length on the line, not the step map: in a busy photo every line has steps)
        mx, my = PRINT_SPLIT_IN * wi, PRINT_SPLIT_IN * hj  # (a cell, not a rim: well inside)
        across_x = (xs[:, None] > XL[ii] + mx) & (xs[:, None] < XR[ii] - mx) \
            & (_on_lines(xs, vx, np.minimum(p[vert, 1], q[vert, 1]), np.maximum(p[vert, 1], q[vert, 1]),
                         YT[jj], YB[jj]) >= PRINT_SPLIT * hj)
        across_y = (ys[:, None] > YT[jj] + my) & (ys[:, None] < YB[jj] - my) \
            & (_on_lines(ys, hy, np.minimum(p[horiz, 0], q[horiz, 0]), np.maximum(p[horiz, 0], q[horiz, 0]),
                         XL[ii], XR[ii]) >= PRINT_SPLIT * wi)
        one = ~across_x.any(0) & ~across_y.any(0)
        ii, jj = ii[one], jj[one]
        if not len(ii):
            continue
        # the busy inside, read from integral images of the edge map turned the same way: the
        # inside 3 px in from the sides against a frame round it (3 px to PRINT_REACH of the
        # short side out), counting only pixels of the picture
        vis = np.ones((h, w), np.uint8) if seen is None else seen.view(np.uint8)
        e = cv2.warpAffine((edges.view(np.uint8) & vis), M, (W2, H2), flags=cv2.INTER_NEAREST)
        v = cv2.warpAffine(vis, M, (W2, H2), flags=cv2.INTER_NEAREST)
        ie, iv = cv2.integral(e), cv2.integral(v)

        def box(ix, x0, y0, x1, y1, W2=W2, H2=H2):  # sums over [y0, y1) x [x0, x1), clipped to the canvas
            x0, x1 = np.clip(x0, 0, W2), np.clip(x1, 0, W2)
            y0, y1 = np.clip(y0, 0, H2), np.clip(y1, 0, H2)
            return (ix[y1, x1] - ix[y0, x1] - ix[y1, x0] + ix[y0, x0]).astype(np.float64)

        xl, xr, yt, yb = XL[ii], XR[ii], YT[jj], YB[jj]
        r = np.maximum(6, (PRINT_REACH * np.minimum(xr - xl, yb - yt)).astype(int))
        inside = box(ie, xl + 3, yt + 3, xr - 2, yb - 2) / np.maximum(1, box(iv, xl + 3, yt + 3, xr - 2, yb - 2))
        ring_e = box(ie, xl - r, yt - r, xr + r + 1, yb + r + 1) - box(ie, xl - 3, yt - 3, xr + 4, yb + 4)
        ring_v = box(iv, xl - r, yt - r, xr + r + 1, yb + r + 1) - box(iv, xl - 3, yt - 3, xr + 4, yb + 4)
        busy = (inside >= PRINT_BUSY) & (inside >= PRINT_BUSY_RATIO * ring_e / np.maximum(1, ring_v))
        Mi = cv2.invertAffineTransform(M)
        for i, j in zip(ii[busy], jj[busy]):
            pts = np.array([[XL[i], YT[j]], [XR[i], YT[j]], [XR[i], YB[j]], [XL[i], YB[j]]], np.float64)
            out.append(np.c_[pts, np.ones(4)] @ Mi.T)
    return out


def _on_lines(lines: np.ndarray, at: np.ndarray, a: np.ndarray, b: np.ndarray, lo: np.ndarray,
              hi: np.ndarray) -> np.ndarray:
    """``(len(lines), len(lo))``: the length of the segments on each line (a segment at ``at``
    from ``a`` to ``b``) within each span ``lo .. hi``."""
    k = np.searchsorted(lines, at)
    on = (k < len(lines)) & (lines[np.minimum(k, len(lines) - 1)] == at)
    if not on.any():
        return np.zeros((len(lines), len(lo)))
    over = np.clip(np.minimum(b[on, None], hi[None]) - np.maximum(a[on, None], lo[None]), 0, None)
    which = np.zeros((len(lines), int(on.sum())))
    which[k[on], np.arange(int(on.sum()))] = 1
    return which @ over


def _heaviest_lines(at: np.ndarray, length: np.ndarray, size: int) -> np.ndarray:
    """The positions (px, inside ``1 .. size - 2``) of the :data:`PRINT_LINES` lines with the most
    segment length on them: the pairs of sides are scored all at once, so a picture of many
    lines (a wall of tiles) would cost the square of their count squared."""
    ok = (at > 0) & (at < size - 1)
    weight = np.bincount(at[ok], weights=length[ok], minlength=size)
    lines = np.flatnonzero(weight)
    return np.sort(lines[np.argsort(-weight[lines], kind="stable")[:PRINT_LINES]])


def _plate_share(small: np.ndarray, m: np.ndarray) -> float:
    """The share of ``m``'s inside whose colour (16-level bins per channel) is one of the plate's
    round it: the bins holding at least 0.5 % of a frame 3 px to :data:`PRINT_REACH` of its
    short side out."""
    x0, y0, x1, y1 = box_of(m)
    r = max(6, int(PRINT_REACH * min(x1 - x0, y1 - y0)))
    h, w = m.shape
    cx0, cy0, cx1, cy1 = max(0, x0 - r - 1), max(0, y0 - r - 1), min(w, x1 + r + 1), min(h, y1 + r + 1)
    sh = m[cy0:cy1, cx0:cx1]
    q = small[cy0:cy1, cx0:cx1] // 16
    code = (q[..., 0].astype(np.int32) * 16 + q[..., 1]) * 16 + q[..., 2]
    dist = cv2.distanceTransform((~sh).view(np.uint8), cv2.DIST_L2, 3)
    ring = code[(dist > 3) & (dist <= r)]
    if not ring.size:
        return 0.0
    counts = np.bincount(ring, minlength=4096)
    plate = counts >= 0.005 * ring.size
    return float(plate[code[sh]].mean())


def _quad_mask(shape, pts: np.ndarray) -> np.ndarray:
    m = np.zeros(shape, np.uint8)
    cv2.fillPoly(m, [np.round(pts).astype(np.int32).reshape(-1, 1, 2)], 1)
    return m.astype(bool)


def _print_rest(small: np.ndarray, m: np.ndarray, other: np.ndarray | None, *, tol_min: float = 12.0,
                noise_k: float = 3.0, sides: bool = False, edges: np.ndarray | None = None,
                run_on: bool = False, shade: int = 0, tip: bool = False) -> np.ndarray | None:
    """What lies over the plate round the print ``m`` and touches it (its tapes, its shadow), or None.

    The plate is read on a 6 px ring past :data:`PRINT_REACH` of the print's short side and
    interpolated inward (a normalised Gaussian blur, each channel); a pixel within the reach
    that differs from it by more than ``tol_min`` (or ``noise_k`` times the ring's own median
    difference, on a plate that varies) in some channel, where the ring reaches it, not under
    ``other``, and joined to the print through such pixels, is taken.

    With ``sides`` (``GraphicParams.prints_mend``, session 29 prints2) the far ring leaves out
    ``other`` (a headline beyond the print is no plate), and a pixel must also differ by the
    tolerance from the plate next to it: the median, per channel, of the band within the reach
    beside the same side of the print (each pixel belongs to the side nearest it). A strip or a
    shadow is a minority of a side's band and differs from both; where the plate itself changes
    within the reach (a wall meeting a table top, a gradient), the pixel agrees with one of the two.

    With ``edges`` (an ``(h, w)`` bool step map like ``small``: ``GraphicParams.prints_sharp``,
    session 30) a pixel the plate reaches, flooding from the far ring (where it agrees with the
    interpolated plate) through pixels at least 1 px off every step and off the print, is plate:
    a strip has a sharp outline of its own and stays; a blurred photo plate has no sharp
    step inside it, so the pieces of it the interpolation misses are left. Such a pixel is kept only
    as a shadow: within :data:`PRINT_SHADOW` of the print's short side and no channel brighter than
    the interpolated plate.

    With ``run_on`` as well (``GraphicParams.prints_run``, session 31) a piece of what is taken
    (8-connected, off the print) whose outline lies mostly on the plate's own lines is plate: the
    steps within 2 px of it, off the print's rim, on a line of steps (8-connected, off the print's
    rim) that runs on beyond the reach (:data:`PRINT_RUN`). A strip's or a tape's outline closes
    round it within the reach; a band of a sharp photo plate (a cup's white rim beside a
    polaroid) is walled by the photo's edges, which run on past the print's corner.

    With ``shade`` > 0 as well (``GraphicParams.prints_shade``, session 31 objects3: the
    pipeline's objects dilation in working pixels, :func:`_rim_px`) a pixel taken only as a
    shadow (one the plate reaches) within ``shade`` px of the outside of what is taken is left:
    the pipeline grows every object mask by that radius to cover a sharp outline's soft rim,
    but a soft shadow has none; it is taken out to where it fades under the tolerance, so the
    grown mask would run past it.

    With ``tip`` (``GraphicParams.prints_tip``, session 32 prints4) a piece of what is taken
    past the shadow band (8-connected, farther than :data:`PRINT_SHADOW` of the print's short
    side) whose tip is one colour that runs on out of the window (the crop round the print's box,
    its reach + 8 px) is plate (:func:`_tip_runs_on`): a tape ends in a sharp step to the plate;
    a plate's own line, band or object (a cup's rim, a spoon beside a polaroid) that the
    interpolated plate misses runs on across the plate, or fades into it.
    """
    h, w = m.shape
    x0, y0, x1, y1 = box_of(m)
    reach = max(4, int(PRINT_REACH * min(x1 - x0, y1 - y0)))
    cx0, cy0, cx1, cy1 = max(0, x0 - reach - 8), max(0, y0 - reach - 8), min(w, x1 + reach + 8), min(h, y1 + reach + 8)
    sh = m[cy0:cy1, cx0:cx1]
    img = small[cy0:cy1, cx0:cx1].astype(np.float32)
    dist = cv2.distanceTransform((~sh).view(np.uint8), cv2.DIST_L2, 3)
    far = (dist > reach) & (dist <= reach + 6)
    if sides and other is not None:
        far &= ~other[cy0:cy1, cx0:cx1]
    if far.sum() < 20:
        return None
    sg = 0.3 * reach + 2
    wsum = cv2.GaussianBlur(far.astype(np.float32), (0, 0), sg)
    plate = np.stack([cv2.GaussianBlur(img[..., c] * far, (0, 0), sg) for c in range(3)], -1) \
        / np.maximum(wsum, 1e-3)[..., None]
    diff = np.abs(img - plate).max(-1)
    tol = max(tol_min, noise_k * float(np.median(diff[far])))
    cand = (dist > 0) & (dist <= reach) & (diff > tol) & (wsum >= 1e-3)
    if other is not None:
        cand &= ~other[cy0:cy1, cx0:cx1]
    if sides and cand.any():
        cand &= _off_side_plate(img, sh, dist, reach, tol, None if other is None else other[cy0:cy1, cx0:cx1])
    if edges is not None and cand.any():
        wall = cv2.dilate(edges[cy0:cy1, cx0:cx1].view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) | sh
        _, flood = cv2.connectedComponents((~wall).view(np.uint8), connectivity=4)
        ids = np.unique(flood[far & (diff <= tol) & ~wall])
        reached = np.isin(flood, ids[ids > 0])
        shadow = (dist <= PRINT_SHADOW * min(x1 - x0, y1 - y0)) & ((img - plate).max(-1) <= 0)
        cand &= ~reached | shadow
    else:
        reached = None
    _, lab = cv2.connectedComponents((cand | sh).view(np.uint8), connectivity=8)
    ids = np.unique(lab[sh])
    add = np.isin(lab, ids[ids > 0]) & ~sh
    if run_on and add.any():
        add &= ~_runs_on(edges[cy0:cy1, cx0:cx1], sh, add, dist, reach)
    if tip and add.any():
        add &= ~_tip_runs_on(img, sh, add, dist, PRINT_SHADOW * min(x1 - x0, y1 - y0), tol)
    if shade > 0 and reached is not None and add.any():
        inside = cv2.distanceTransform((add | sh).view(np.uint8), cv2.DIST_L2, 3)
        add &= ~(reached & (inside <= shade))
    if not add.any():
        return None
    out = np.zeros((h, w), bool)
    out[cy0:cy1, cx0:cx1] = add
    return out


def _plate_rim(m: np.ndarray, edges: np.ndarray, rim: int) -> np.ndarray:
    """``(h, w)`` bool: the pixels of the print ``m`` within ``rim + 1`` px of its outside that the plate reaches.

    The plate is what lies 2 * ``rim`` + 4 px and more off ``m``; a pixel is reached by a
    4-connected path through pixels at least 1 px off every step of ``edges``
    (``GraphicParams.prints_shade``): a card's rounded corner, cut square by the rectangle,
    is plate up to the card's own outline; the card's sides are sharp steps, so the rest of
    its rim is walled off.
    """
    x0, y0, x1, y1 = box_of(m)
    h, w = m.shape
    pad = 2 * rim + 8
    cx0, cy0, cx1, cy1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
    sh = m[cy0:cy1, cx0:cx1]
    wall = cv2.dilate(edges[cy0:cy1, cx0:cx1].view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    off = cv2.distanceTransform((~sh).view(np.uint8), cv2.DIST_L2, 3)
    inside = cv2.distanceTransform(sh.view(np.uint8), cv2.DIST_L2, 3)
    _, flood = cv2.connectedComponents((~wall).view(np.uint8), connectivity=4)
    ids = np.unique(flood[(off > 2 * rim + 4) & ~wall])
    cut = sh & (inside <= rim + 1) & np.isin(flood, ids[ids > 0])
    out = np.zeros((h, w), bool)
    out[cy0:cy1, cx0:cx1] = cut
    return out


def _rim_px(H: int, W: int, s: float) -> int:
    """The pipeline's default objects dilation for an ``(H, W)`` image, in working pixels (scale ``s``).

    :meth:`creative_tools.pipeline.PipelineConfig.dilation` grows object masks by
    ``max(1, round(max(H, W) / 250))`` full-size pixels (written here, not imported: the
    pipeline imports the objects package).
    """
    return max(1, round(max(1, round(max(H, W) / 250)) * s))


def _print_margin(small: np.ndarray, edges: np.ndarray, rect: np.ndarray) -> np.ndarray:
    """``rect`` (4 corner points, in order round it) grown by the flat margins beside its sides.

    A polaroid's photo is found as the rectangle (its lower edge a straight step); its card's
    wide lower band, one flat colour, lies beside it. A side's margin is taken where, walking
    out from it (parallel lines from 3 px to :data:`PRINT_REACH` of the short side out), the
    lines are one colour (:data:`PRINT_MARGIN_ONE` of their pixels within
    :data:`PRINT_MARGIN_TOL` of the first line's median, every channel) that no side's plate
    next to the rectangle has, up to a line with a step (``edges``) on :data:`PRINT_SIDE_MIN`
    of its length; and the two sides beside it run on as steps along it (the card's sides).
    """
    h, w = small.shape[:2]
    pts = np.asarray(rect, np.float64)
    c = pts.mean(0)
    short = min(np.hypot(*(pts[1] - pts[0])), np.hypot(*(pts[2] - pts[1])))
    top = int(PRINT_REACH * short)
    img = small.astype(np.int16)

    def at(q):  # colours and steps at points q (n, 2), clipped to the picture
        x = np.clip(np.round(q[:, 0]).astype(int), 0, w - 1)
        y = np.clip(np.round(q[:, 1]).astype(int), 0, h - 1)
        return img[y, x], edges[y, x]

    def side(k):
        a, b = pts[k], pts[(k + 1) % 4]
        L = np.hypot(*(b - a))
        u = (b - a) / max(L, 1e-9)
        n = np.array([-u[1], u[0]])
        if np.dot((a + b) / 2 - c, n) < 0:
            n = -n
        t = np.arange(0.05 * L, 0.95 * L)
        return a, u, n, t

    walk, beyond = np.zeros(4), []  # each side: the margin's width (0: none) and the colour past it
    bands, fits = [], [None] * 4
    for k in range(4):
        a, u, n, t = side(k)
        col, _ = at(a + t[:, None] * u + 3 * n)
        band = np.median(col, 0)
        bands.append(band)
        past = band  # (no step found: the first line is the plate's)
        for d in range(4, top + 1):
            col, _ = at(a + t[:, None] * u + d * n)
            if (np.abs(col - band).max(-1) <= PRINT_MARGIN_TOL).mean() >= PRINT_MARGIN_ONE:
                continue
            # the step, sought a little either way: the rectangle's angle is read to about a
            # degree, so its outer edge may cross the parallel lines
            offs = np.arange(d - 2, d + 4)
            hit = np.stack([at(a + t[:, None] * u + o * n)[1] for o in offs])
            if hit.any(0).mean() >= PRINT_SIDE_MIN:
                on = hit.any(0)
                first = offs[hit.argmax(0)][on].astype(np.float64)
                fits[k] = np.polyfit(t[on], first, 1) if on.sum() >= 2 else np.array([0.0, float(d)])
                walk[k] = d
                past = np.median(at(a + t[:, None] * u + (offs[-1] + 1) * n)[0], 0)
            break
        beyond.append(past)
    grow = [None] * 4
    for k in range(4):
        if not walk[k] or min(np.abs(bands[k] - p).max() for p in beyond) <= PRINT_MARGIN_TOL:
            continue  # no step past a flat band, or the band has the colour of the plate past a side
        a, u, n, t = side(k)
        L = np.hypot(*(pts[(k + 1) % 4] - a))
        ends = []
        for j, corner in ((k - 1) % 4, pts[k]), ((k + 1) % 4, pts[(k + 1) % 4]):
            nj = side(j)[2]
            q = corner + walk[j] * nj + np.arange(3, walk[k])[:, None] * n
            ends.append(max(at(q + o * nj)[1].mean() for o in (-1, 0, 1)))
        if min(ends) >= PRINT_SIDE_MIN:
            grow[k] = np.clip(np.polyval(fits[k], [0.0, L]), 3, top + 3)
    out = pts.copy()
    for k in range(4):
        if grow[k] is not None:
            n = side(k)[2]
            out[k] += grow[k][0] * n
            out[(k + 1) % 4] += grow[k][1] * n
    return out


def _runs_on(edges: np.ndarray, sh: np.ndarray, add: np.ndarray, dist: np.ndarray, reach: int) -> np.ndarray:
    """``(h, w)`` bool: the pieces of ``add`` (8-connected, apart from the print ``sh``) walled
    by the plate's own lines: of the steps' centre lines within 3 px of a piece (off 2 px round
    the print), more than :data:`PRINT_RUN` lie on a line that reaches beyond ``reach`` of the
    print (``dist`` > ``reach``). The centre lines (the steps thinned to 1 px) are cut at every
    junction, so a plate's line that only meets a tape's outline does not make the outline its
    own; a wall running along the piece and on past it does."""
    from skimage.morphology import skeletonize

    e = edges & ~cv2.dilate(sh.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    sk = skeletonize(e)
    nb = cv2.filter2D(sk.view(np.uint8), -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT)
    sk &= ~cv2.dilate(((nb >= 4) & sk).view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    _, elab = cv2.connectedComponents(sk.view(np.uint8), connectivity=8)
    far = np.unique(elab[sk & (dist > reach)])
    runs = np.isin(elab, far[far > 0])
    n, plab = cv2.connectedComponents(add.view(np.uint8), connectivity=8)
    out = np.zeros(add.shape, bool)
    for i in range(1, n):
        piece = plab == i
        near = sk & cv2.dilate(piece.view(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
        if near.any() and runs[near].mean() > PRINT_RUN:
            out |= piece
    return out


def _tip_runs_on(img: np.ndarray, sh: np.ndarray, add: np.ndarray, dist: np.ndarray, band: float,
                 tol: float) -> np.ndarray:
    """``(h, w)`` bool: the pieces of ``add`` past the shadow band (8-connected, ``dist`` > ``band``)
    whose tip runs on out of the window: the tip (the piece's pixels within :data:`PRINT_TIP` px of
    its largest ``dist``) is one colour (:data:`PRINT_TIP_ONE` of it within ``tol`` of its median,
    every channel), and the pixels of that colour joined to it (8-connected, off the print ``sh``)
    reach the window's edge (``img`` is the crop :func:`_print_rest` reads: the print's box and
    its reach + 8 px round it). A tape ends in a step of more than ``tol`` to the plate, near
    the print even where the rectangle found is smaller than the print and the tape runs past
    the reach; a plate's own line, band or object runs on across the plate, or fades into a
    plate of its colour.
    """
    n, lab = cv2.connectedComponents((add & (dist > band)).view(np.uint8), connectivity=8)
    out = np.zeros(add.shape, bool)
    for i in range(1, n):
        piece = lab == i
        end = piece & (dist >= dist[piece].max() - PRINT_TIP)
        col = np.median(img[end], 0)
        if (np.abs(img[end] - col).max(-1) <= tol).mean() < PRINT_TIP_ONE:
            continue  # many colours: a photo's own rest, cut by the reach
        like = (np.abs(img - col).max(-1) <= tol) & ~sh
        _, cl = cv2.connectedComponents(like.view(np.uint8), connectivity=8)
        ids = np.unique(cl[end & like])
        run = np.isin(cl, ids[ids > 0])
        if run[0].any() or run[-1].any() or run[:, 0].any() or run[:, -1].any():
            out |= piece
    return out


def _off_side_plate(img: np.ndarray, sh: np.ndarray, dist: np.ndarray, reach: int, tol: float,
                    other: np.ndarray | None) -> np.ndarray:
    """``(h, w)`` bool: the pixels whose colour is none of the plate's beside the print's side
    nearest them: within ``tol`` (every channel) of fewer than :data:`PRINT_SIDE_PLATE` of that
    side's band (0 < ``dist`` <= ``reach``, off ``other``; up to 400 of its pixels, evenly
    taken). The sides are those of ``sh``'s least-area rectangle. A wall and a table top both
    beside one side are each plate; a strip or a shadow is a small part of a side's band."""
    cnts, _ = cv2.findContours(sh.view(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    pts = cv2.boxPoints(cv2.minAreaRect(np.vstack(cnts))).astype(np.float64)
    h, w = sh.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    near = np.empty((4, h, w))
    for k in range(4):  # the distance to each side (a segment)
        (ax, ay), (bx, by) = pts[k], pts[(k + 1) % 4]
        dx, dy = bx - ax, by - ay
        t = np.clip(((xx - ax) * dx + (yy - ay) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
        near[k] = np.hypot(xx - ax - t * dx, yy - ay - t * dy)
    side = near.argmin(0)
    band = (dist > 0) & (dist <= reach)
    if other is not None:
        band &= ~other
    out = np.ones((h, w), bool)
    for k in range(4):
        on = band & (side == k)
        if on.sum() < 10:
            continue
        ref = img[on]
        ref = ref[np.linspace(0, len(ref) - 1, min(400, len(ref))).astype(int)]
        at = np.nonzero((side == k) & (dist > 0) & (dist <= reach))
        px = img[at]
        share = np.zeros(len(px))
        for j in range(0, len(px), 2048):  # (bounded memory: 2048 x 400 x 3)
            share[j:j + 2048] = (np.abs(px[j:j + 2048, None] - ref[None]).max(-1) <= tol).mean(1)
        out[at] = share < PRINT_SIDE_PLATE
    return out
