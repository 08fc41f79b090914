"""Contrast and colour-blind safety of the map's colours, computed from layers/style.py.

Thresholds (WCAG 2.1): text 4.5:1 (1.4.3, level AA: the labels are 11-13 px, "normal" text); the parts of
a graphic needed to understand it 3:1 against what is next to them (1.4.11). Colours drawn with an opacity
are composited over what lies under them first, as the browser does.

Colour-vision deficiency: the Russia/Japan pair is simulated for protanopia, deuteranopia and tritanopia
with the matrices of Machado, Oliveira & Fernandes (2009, IEEE TVCG 15(6)), severity 1.0, and the two
simulated colours must stay at least :data:`MIN_PAIR_DELTA_E` apart in CIEDE2000 (Sharma et al. 2005);
about 2 is "just noticeable", 10 and more reads as a different colour at a glance.
"""

from __future__ import annotations

import re

import pytest

from bench.colour import CVD_MATRICES, blend, colour_difference, contrast_ratio, delta_e_2000, hex_of, simulate
from layers import style
from layers.templates import render

TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
MIN_PAIR_DELTA_E = 20.0
#: Russia's fill against other land (Hokkaido): must still read as a different colour.
MIN_FILL_VS_LAND_DELTA_E = 10.0

#: What the reader sees: the fill composited over the sea, the stripe over that fill.
RU_SEEN = blend(style.RU_FILL, style.SEA, style.RU_STYLE["fillOpacity"])
JP_SEEN = blend(style.JP_STRIPE, RU_SEEN, style.STRIPE["opacity"])


def css_rule(selector: str, prop: str) -> str:
    """Return a property of a rule in the map's stylesheet template (colours the CSS keeps as literals)."""
    css = render("map.css", sea="", land="", land_edge="", ru_fill="", ru_edge="", jp_stripe="", jp_edge="", ink="", halo="")
    for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", css):
        if selector in [part.strip() for part in rule.group(1).split(",")]:
            found = re.search(rf"(?:^|;)\s*{prop}\s*:\s*([^;]+)", rule.group(2))
            if found:
                return found.group(1).strip()
    raise AssertionError(f"no {prop} in {selector} of layers/templates/map.css")


def legend_background() -> tuple[float, float, float]:
    """Return the legend's background: its rgba() white over the sea."""
    red, green, blue, alpha = re.fullmatch(r"rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)", css_rule(".kuril-legend", "background")).groups()
    return blend((int(red), int(green), int(blue)), style.SEA, float(alpha))


def test_colour_maths_matches_published_values():
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast_ratio("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    # Sharma, Wu & Dalal (2005), table 1, pairs 1, 4 and 17.
    assert delta_e_2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e_2000((50, -1.3802, -84.2814), (50, 0, -82.7485)) == pytest.approx(1.0000, abs=1e-4)
    assert delta_e_2000((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)) == pytest.approx(1.2644, abs=1e-4)
    # Dichromats see white and black unchanged; protanopes see pure red as a dark olive.
    assert hex_of(simulate("#ffffff", "deuteranopia")) == "#ffffff" and hex_of(simulate("#000000", "protanopia")) == "#000000"
    assert simulate("#ff0000", "protanopia")[0] < 128


@pytest.mark.parametrize(
    ("what", "ink", "background"),
    [
        ("label ink on its halo", style.LABEL_INK, style.LABEL_HALO),
        ("label ink on the sea", style.LABEL_INK, style.SEA),
        ("label ink on Russia's fill", style.LABEL_INK, RU_SEEN),
        ("label ink on the land", style.LABEL_INK, style.LAND),
        ("context-land label on the land", css_rule(".kuril-label-context", "color"), style.LAND),
        ("legend text on the legend", css_rule(".kuril-legend", "color"), legend_background()),
        ("legend note on the legend", css_rule(".kuril-legend-note", "color"), legend_background()),
    ],
)
def test_text_contrast_is_at_least_4_5_to_1(what, ink, background):
    ratio = contrast_ratio(ink, background)
    assert ratio >= TEXT_CONTRAST, f"{what}: {ratio:.2f}:1 ({hex_of(ink)} on {hex_of(background)})"


@pytest.mark.parametrize(
    ("what", "colour", "neighbour"),
    [
        # The fills themselves are pale against the sea (1.4:1); their outlines carry the shape.
        ("Russia's outline against the sea", style.RU_EDGE, style.SEA),
        ("Russia's outline against its fill", style.RU_EDGE, RU_SEEN),
        ("Japan's dashed outline against the sea", style.JP_EDGE, style.SEA),
        ("the highlight outline against the sea", style.HIGHLIGHT_EDGE, style.SEA),
        ("the highlight outline against Russia's fill", style.HIGHLIGHT_EDGE, RU_SEEN),
    ],
)
def test_outlines_contrast_at_least_3_to_1_with_what_is_next_to_them(what, colour, neighbour):
    ratio = contrast_ratio(colour, neighbour)
    assert ratio >= GRAPHIC_CONTRAST, f"{what}: {ratio:.2f}:1"


def test_japan_stripe_contrasts_3_to_1_with_russias_fill_under_it():
    assert contrast_ratio(JP_SEEN, RU_SEEN) >= GRAPHIC_CONTRAST


@pytest.mark.parametrize("vision", ["typical", *CVD_MATRICES])
def test_russia_and_japan_stay_distinct_with_colour_vision_deficiency(vision):
    ru, jp = (colour if vision == "typical" else simulate(colour, vision) for colour in (RU_SEEN, JP_SEEN))
    difference = colour_difference(ru, jp)
    assert difference >= MIN_PAIR_DELTA_E, f"{vision}: ΔE00 {difference:.1f} between {hex_of(ru)} and {hex_of(jp)}"
    # The unblended pair too, as the legend's swatches show them.
    raw = colour_difference(*(c if vision == "typical" else simulate(c, vision) for c in (style.RU_FILL, style.JP_STRIPE)))
    assert raw >= MIN_PAIR_DELTA_E


@pytest.mark.parametrize("vision", ["typical", *CVD_MATRICES])
def test_russias_fill_is_not_confused_with_other_land_or_the_sea(vision):
    see = (lambda colour: colour) if vision == "typical" else (lambda colour: simulate(colour, vision))
    assert colour_difference(see(RU_SEEN), see(style.LAND)) >= MIN_FILL_VS_LAND_DELTA_E
    assert colour_difference(see(RU_SEEN), see(style.SEA)) >= MIN_FILL_VS_LAND_DELTA_E
