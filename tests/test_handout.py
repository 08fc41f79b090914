"""Handouts on paper (layers.handout): pages of views, periods and steps in each language, the PDF's text and fonts,
the tour booklet, the command line's errors, the claim's hatch in the pixels, the scale bar and the labels."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.islands import islands
from geo.tour import tour
from geo.languages import LANGUAGES, localized
from layers import style
from layers.handout import HandoutError, booklet_page_count, handout_bytes, tour_booklet_bytes
from layers.handout import __main__ as cli
from layers.handout.page import coastline_source, draw_page, pixel_of
from layers.handout.render import pdf_bytes, png_bytes
from layers.handout.scale import fit_extent, project_bounds, scale_bar, to_lonlat
from layers.handout.spec import page_spec
from layers.i18n import catalogue, format_date, text
from layers.map.states import period_state, view_state

pypdf = pytest.importorskip("pypdf")

MADE = dt.date(2026, 12, 1)
#: Pixels of ISO A4 and A3 at 300 dpi (210 x 297 mm, 297 x 420 mm).
A4_PX = (2480, 3508)
A3_PX = (3508, 4961)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def squashed(value: str) -> str:
    """A text with its white space removed: a wrapped line's breaks do not count."""
    return re.sub(r"\s+", "", value)


def close(size: tuple[int, int], expected: tuple[int, int]) -> bool:
    return all(abs(got - want) <= 1 for got, want in zip(size, expected))


# --- pages --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"view": "neutral", "ui": "en"}, A4_PX),
        ({"period": 1905, "ui": "ru", "landscape": True}, A4_PX[::-1]),
        ({"step": "portsmouth", "ui": "ja", "labels": "en+ja", "size": "a3"}, A3_PX),
        ({"view": "japan", "ui": "ja", "size": "a3", "landscape": True, "island": "kunashir"}, A3_PX[::-1]),
    ],
    ids=["neutral-en-a4", "1905-ru-a4-landscape", "step-ja-a3", "japan-ja-a3-landscape-island"],
)
def test_a_page_is_its_paper_size_at_300_dpi(kw: dict, expected: tuple[int, int]) -> None:
    assert close(png_size(handout_bytes("png", made=MADE, **kw)), expected)


@pytest.mark.parametrize("ui", LANGUAGES)
def test_the_pdf_is_text_with_both_names_the_legend_the_sources_and_the_coastline(ui: str) -> None:
    data = handout_bytes("pdf", ui=ui, labels="en+ja", made=MADE)
    (page,) = pdf_text(data)
    flat = squashed(page)
    assert "国後島" in page and "Kunashir" in page  # both names of a disputed island
    state = view_state("neutral", ui)
    for item in state.legend:  # whose position each colour is, in the interface language
        assert squashed(item.text) in flat, item.text
    assert squashed(text("map.legend.line", ui)) in flat
    for source in state.sources:
        assert squashed(source) in flat, source
    version, licence = coastline_source()
    assert version == "2.3.6" and f"GSHHG {version}" in page
    assert squashed(format_date(MADE, ui)) in flat
    assert squashed(text("handout.namesNote", ui)) in flat
    assert squashed(state.title) in flat


def test_a_period_and_a_step_carry_their_own_title_text_and_legend() -> None:
    (page,) = pdf_text(handout_bytes("pdf", period="1956", ui="ru", made=MADE))
    state = period_state("1956", "ru")
    assert squashed(state.title) in squashed(page) and squashed(state.description) in squashed(page)
    assert all(squashed(item.text) in squashed(page) for item in state.legend)
    step = next(entry for entry in tour() if entry["id"] == "japan-view")
    (page,) = pdf_text(handout_bytes("pdf", step="japan-view", ui="ja", made=MADE))
    assert squashed(localized(step, "title", "ja")) in squashed(page)
    assert squashed(localized(step, "text", "ja")) in squashed(page)
    assert squashed(text("panel.stepCount", "ja", number=9, total=len(tour()))) in squashed(page)


def test_the_fonts_are_embedded_as_truetype_and_the_selected_island_is_named() -> None:
    data = handout_bytes("pdf", view="russia", ui="ru", island="shikotan", made=MADE)
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] == "/Type0"  # a CID font: text, not Type 3 outlines
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor
        data_stream = descriptor["/FontFile2"].get_object().get_data()
        assert data_stream[:4] == b"\x00\x01\x00\x00"  # TrueType outlines, as FontFile2 requires (not CFF)
    page = reader.pages[0].extract_text()
    assert "Шикотан" in page and "Источники" in page and text("handout.selected", "ru") in page


def test_a_wrong_value_is_refused_naming_the_accepted_ones() -> None:
    with pytest.raises(HandoutError, match="neutral, russia or japan"):
        handout_bytes("pdf", view="atlantis")
    with pytest.raises(HandoutError, match="1855"):
        handout_bytes("pdf", period=1700)
    with pytest.raises(HandoutError, match="portsmouth"):
        handout_bytes("pdf", step="nowhere")
    with pytest.raises(HandoutError, match="kunashir"):
        handout_bytes("pdf", island="atlantis")
    with pytest.raises(HandoutError, match="pdf or png"):
        handout_bytes("svg")
    with pytest.raises(HandoutError, match="a4 or a3"):
        handout_bytes("pdf", size="letter")
    with pytest.raises(HandoutError, match="en\\+ja"):
        handout_bytes("pdf", labels="fr")
    with pytest.raises(HandoutError, match="neutral view"):
        handout_bytes("pdf", view="japan", period=1905)
    with pytest.raises(HandoutError, match="own view"):
        handout_bytes("pdf", step="portsmouth", view="japan")


# --- the booklet ---------------------------------------------------------------------------------------------------


def test_the_booklet_has_a_cover_and_one_page_per_step() -> None:
    steps = tour()
    data = tour_booklet_bytes(ui="en", made=MADE)
    pages = pdf_text(data)
    assert len(pages) == len(steps) + 1 == booklet_page_count()
    assert "Contents" in pages[0] and all(squashed(localized(step, "title", "en")) in squashed(pages[0]) for step in steps)
    for number, (step, page) in enumerate(zip(steps, pages[1:]), start=1):
        assert squashed(localized(step, "title", "en")) in squashed(page), step["id"]
        assert squashed(localized(step, "text", "en")) in squashed(page), step["id"]
        assert f"Step {number} of {len(steps)}" in page
        assert f"Page {number + 1} of {len(steps) + 1}" in page
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.title == "Map of the Kuril Islands · Guided tour"


# --- the command line ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "atlantis"], "unknown view 'atlantis'; choose neutral, russia or japan"),
        (["--step", "nowhere"], "unknown step 'nowhere'"),
        (["--year", "1700"], "give a year from 1855 on"),
        (["--island", "atlantis"], "unknown island 'atlantis'"),
        (["--labels", "fr"], "unknown label language 'fr'"),
        (["--step", "portsmouth", "--year", "1905"], "--step sets the view and the year itself"),
        (["--tour", "--step", "portsmouth"], "--tour draws every step"),
    ],
)
def test_the_command_line_refuses_a_wrong_value_with_exit_code_2(args: list[str], message: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--out", str(tmp_path / "page.pdf"), *args])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("out", "extra", "message"),
    [
        ("page.svg", [], "must end in .png or .pdf"),
        ("page.png", ["--tour"], "--tour writes a PDF booklet"),
    ],
)
def test_the_command_line_refuses_a_wrong_suffix(out: str, extra: list[str], message: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--out", str(tmp_path / out), *extra])
    assert stopped.value.code == 2 and message in capsys.readouterr().err


def test_the_command_line_reports_an_unwritable_path_and_writes_a_page_whole(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--out", str(tmp_path / "missing" / "page.pdf")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
    target = tmp_path / "kunashir.png"
    assert cli.main(["--out", str(target), "--island", "kunashir", "--lang", "ja", "--labels", "en+ja"]) == 0
    assert close(png_size(target.read_bytes()), A4_PX)
    assert "Wrote" in capsys.readouterr().out
    assert [path.name for path in tmp_path.iterdir()] == ["kunashir.png"]  # no partial file left


# --- what is drawn -------------------------------------------------------------------------------------------------


def _inside(geometry: shapely.Geometry) -> shapely.Point:
    """The centroid of an island's largest polygon, or a point surely inside it when the centroid is not."""
    largest = max(shapely.get_parts(geometry), key=lambda part: part.area)
    centroid = largest.centroid
    return centroid if largest.contains(centroid) else largest.representative_point()


def test_the_claim_s_hatch_is_over_the_southern_islands_and_not_over_urup() -> None:
    drawn = draw_page(page_spec(), MADE)
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png_bytes(drawn.figure))).convert("RGB")).astype(int)
    stripe = np.array([int(style.JP_STRIPE[i : i + 2], 16) for i in (1, 3, 5)])
    chain = islands().set_index("id")

    def stripe_share(island_id: str, half: int = 14) -> float:
        point = _inside(chain.loc[island_id].geometry)
        column, row = pixel_of(drawn, point.x, point.y, 300)
        window = pixels[row - half : row + half + 1, column - half : column + half + 1]
        return float((np.abs(window - stripe).sum(axis=2) < 60).mean())

    for island_id in ("iturup", "kunashir", "shikotan"):
        assert stripe_share(island_id) > 0.1, island_id
    assert stripe_share("urup") == 0.0
    point = _inside(chain.loc["urup"].geometry)
    column, row = pixel_of(drawn, point.x, point.y, 300)
    expected = 0.6 * np.array([0xE6, 0x9F, 0x00]) + 0.4 * np.array([0xEC, 0xE8, 0xDF])  # Russia's fill over the land
    window = pixels[row - 3 : row + 4, column - 3 : column + 4].reshape(-1, 3)
    assert (np.abs(window - expected).sum(axis=1) < 30).any()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_a_pdf_reader_draws_the_hatch_too(tmp_path: Path) -> None:
    """The PDF's hatch shows in a reader (Poppler), not only in Matplotlib's own PNG."""
    from PIL import Image

    drawn = draw_page(page_spec(), MADE)
    (tmp_path / "page.pdf").write_bytes(pdf_bytes([drawn.figure], {"Title": "test"}))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "page.pdf"), str(tmp_path / "page")], check=True)
    pixels = np.asarray(Image.open(tmp_path / "page.png").convert("RGB")).astype(int)
    stripe = np.array([int(style.JP_STRIPE[i : i + 2], 16) for i in (1, 3, 5)])
    chain = islands().set_index("id")
    for island_id, hatched in (("iturup", True), ("kunashir", True), ("urup", False)):
        point = _inside(chain.loc[island_id].geometry)
        column, row = pixel_of(drawn, point.x, point.y, 150)
        window = pixels[row - 8 : row + 9, column - 8 : column + 9]
        share = float((np.abs(window - stripe).sum(axis=2) < 60).mean())
        assert (share > 0.03) if hatched else (share == 0.0), (island_id, share)


def test_the_scale_bar_is_measured_on_the_ellipsoid() -> None:
    extent = fit_extent(project_bounds((142.5, 42.6, 157.0, 51.2)), 0.8)
    bar = scale_bar(extent)
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    lon1, lat1 = to_lonlat(cx - bar.projected_m / 2, cy)
    lon2, lat2 = to_lonlat(cx + bar.projected_m / 2, cy)
    assert Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] == pytest.approx(bar.km * 1000, rel=1e-4)
    assert bar.projected_m <= 0.3 * (extent[2] - extent[0]) and bar.ticks_km[0] == 0 and bar.ticks_km[-1] == bar.km


def test_labels_do_not_overlap_and_habomai_is_labelled_once() -> None:
    drawn = draw_page(page_spec(labels="en+ja"), MADE)
    boxes = [shapely.box(*item.box) for item in drawn.labels]
    assert all(not a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    keys = [item.label.key for item in drawn.labels]
    habomai = set(islands().query("cluster == 'habomai'")["id"])
    assert keys.count("group:habomai") == 1 and not habomai & set(keys)
    assert {"iturup", "kunashir", "shikotan", "urup", "hokkaido"} <= set(keys)
    width, height = drawn.map_ax.bbox.width, drawn.map_ax.bbox.height
    assert all(0 <= item.box[0] and item.box[2] <= width and 0 <= item.box[1] and item.box[3] <= height for item in drawn.labels)


def test_zoomed_in_the_habomai_islets_have_their_own_names() -> None:
    drawn = draw_page(page_spec(step="how-close"), MADE)
    keys = {item.label.key for item in drawn.labels}
    assert {"zelyony", "tanfilyev", "yuri", "anuchina"} <= keys


def test_the_coastline_version_is_read_from_the_data(data_copy: Path) -> None:
    manifest = json.loads((data_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["source"]["dataset"] = manifest["source"]["dataset"].replace("2.3.6", "2.4.0")
    (data_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert coastline_source()[0] == "2.4.0"


# --- the words -----------------------------------------------------------------------------------------------------


def test_the_handout_s_words_attribute_each_side_s_terms() -> None:
    from test_translations import unattributed  # the glossary's rule, as the data's texts are checked

    holders = {"handout.about.russia": "RU", "handout.about.japan": "JP"}
    keys = [key for key in catalogue() if key.startswith("handout.")]
    assert "handout.namesNote" in keys
    wrong = []
    for key in keys:
        for lang in LANGUAGES:
            value = catalogue()[key][lang]
            for form in value.values() if isinstance(value, dict) else [value]:
                if terms := unattributed(form, lang, holders.get(key, "")):
                    wrong.append((key, lang, terms))
    assert wrong == []
    # The note quotes both sides' names of the four groups, each attributed, in every language.
    assert "“Northern Territories”" in text("handout.namesNote", "en") and "“Southern Kurils”" in text("handout.namesNote", "en")
    assert "「北方領土」" in text("handout.namesNote", "ja") and "「南クリル」" in text("handout.namesNote", "ja")


# --- the export's print stylesheet -------------------------------------------------------------------------------

#: The printable width of an A4 landscape page with print.css's 9 mm margins, in CSS pixels (96 per inch).
PRINT_WIDTH_PX = round((297 - 2 * 9) / 25.4 * 96)


@pytest.mark.browser
def test_the_export_prints_on_one_a4_landscape_page_without_its_controls(offline_page, tmp_path: Path) -> None:
    from map_page import wait_for_map

    from layers.export import export_html
    from layers.html_io import write_atomic

    target = write_atomic(tmp_path / "kurils.html", export_html())
    page = offline_page.page
    # The window as wide as the printed page, so the map is fitted to the width it prints at (Leaflet fits on resize).
    page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 720})
    page.goto(target.as_uri() + "#island=kunashir")
    wait_for_map(page, timeout=30_000)
    page.wait_for_selector(".kuril-panel-facts [data-island='kunashir']", timeout=10_000)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    page.wait_for_timeout(800)
    shown = page.evaluate("""() => {
        const visible = (selector) => [...document.querySelectorAll(selector)].some(
            (node) => getComputedStyle(node).display !== 'none' && node.getBoundingClientRect().width > 0);
        const map = document.querySelector('.folium-map').getBoundingClientRect();
        const legend = document.querySelector('.kuril-legend').getBoundingClientRect();
        return {
            controls: ['.leaflet-control-zoom', '.leaflet-control-layers', '.kuril-measure-toggle', '.kuril-lang-switch',
                       '.kuril-class-row', '.kuril-class-tools', '.kuril-list', '.kuril-panel-all', '.kuril-distances',
                       '.kuril-panel-clear', '.kuril-panel-toggle'].filter(visible),
            legend: visible('.kuril-legend-item') && legend.left >= map.left && legend.right <= map.right + 1,
            facts: visible('.kuril-panel-facts .kuril-popup'),
            title: visible('.kuril-state-title'),
            mapWidth: map.width, bodyWidth: document.body.getBoundingClientRect().width,
        };
    }""")
    assert shown["controls"] == [] and shown["legend"] and shown["facts"] and shown["title"]
    assert shown["mapWidth"] == pytest.approx(shown["bodyWidth"], abs=2)  # the map across the page
    data = page.pdf(prefer_css_page_size=True)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (width, height) == pytest.approx((841.9, 595.3), abs=1.5)  # A4 landscape, in points
    printed = reader.pages[0].extract_text()
    assert "Kunashir / Kunashiri" in printed and text("map.legend.title", "en") in printed
    for control in (text("panel.allArticles", "en"), text("panel.tour", "en"), text("panel.largeType", "en"), "Русский"):
        assert control not in printed, control
    assert offline_page.network.problems() == {}
