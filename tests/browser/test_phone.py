"""The web page on a phone, measured in a real browser: at 360 CSS pixels each table
row is a block (its first cell, then each other cell after its column's header), so
the document never scrolls sideways, no table scrolls inside its region, and every
assignment's status cell lies wholly within the screen.

Playwright for Python drives the system's Chromium (Debian's `chromium`; Playwright's
own browser download is never used)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from exporter.model import Period, RecordSet
from exporter.readers import read
from exporter.theme import load_theme
from exporter.writers.base import BuildOptions, Document
from exporter.writers.html import HtmlWriter, document_name

from ..support import ROOT, changing_record_set, hostile_record_set
from . import AXE

pytestmark = pytest.mark.slow

PHONE = 360  # CSS pixels: a small phone held upright
DESKTOP = 1280

# What the page tells of itself: the document's width, each table region's overflow, and
# for every table with a column headed `status`, where each row's status cell is.
_MEASURE = """(status) => {
  const inView = (r) => r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth;
  const tables = [...document.querySelectorAll("table")];
  const cells = [];
  for (const table of tables) {
    const column = [...table.querySelectorAll("thead th")].findIndex((th) => th.textContent.trim() === status);
    if (column < 1) continue;  // a column of statuses beside the rows' titles (not the counts by status)
    for (const row of table.querySelectorAll("tbody tr:not(.total)")) {
      const cell = row.children[column];
      const box = cell.getBoundingClientRect();
      const title = row.children[0].getBoundingClientRect();
      cells.push({text: cell.textContent.trim(), inView: inView(box) && cell.checkVisibility(),
                  besideTitle: Math.abs(box.top - title.top) < 1});
    }
  }
  return {
    width: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    scrolling: [...document.querySelectorAll(".table-scroll")].filter((e) => e.scrollWidth > e.clientWidth).length,
    tables: tables.length,
    cells,
  };
}"""


def _chromium():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("Chromium is not installed (Debian package chromium)")
    return playwright, executable


@pytest.fixture(scope="module")
def browser():
    playwright, executable = _chromium()
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def _pages(folder: Path):
    """Every page to hold to it: the samples, the hostile set, the example template, a
    by-committee report in English, and a generated report of 300 records."""
    from bench.corpus import generate

    default = load_theme()
    fjallby_template = ROOT / "templates" / "fjallby"
    fjallby = load_theme(fjallby_template)
    generated = folder / "generated"
    generated.mkdir()
    generate(300, seed=7, shape="single", out_dir=generated)
    for name, records, theme, options in (
        ("samples", read([ROOT / "input"], default), default, {}),
        ("hostile", hostile_record_set(), default, {}),
        ("fjallby", read([fjallby_template / "example-input"], fjallby), fjallby, {}),
        ("changes-by-committee-en", changing_record_set(), default, {"group_by": "committee", "lang": "en"}),
        ("generated-300", read([generated], default), default, {}),
    ):
        for period in records.periods:
            yield f"{name}-{period.slug}", records, theme, period, BuildOptions(**options)


def _write(folder: Path, name: str, records: RecordSet, theme, period: Period, options: BuildOptions) -> Path:
    path = folder / f"{name}.html"
    path.write_bytes(HtmlWriter().render(records, Document(document_name(period), period), theme, options))
    return path


def _measure(browser, path: Path, width: int, status: str, axe: bool = False) -> dict:
    """What `_MEASURE` finds in the page at `width`; with `axe`, also the violations
    axe-core finds in the page as laid out there (where axe-core is installed)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(path.as_uri())
        found = page.evaluate(_MEASURE, status)
        if axe and AXE.is_file():
            page.add_script_tag(path=str(AXE))
            found["axe"] = page.evaluate(
                "() => axe.run(document).then((r) => r.violations.map((v) => v.id + ': ' + v.help))")
        return found
    finally:
        page.close()


def test_on_a_phone_every_status_is_in_view_and_nothing_scrolls_sideways(browser, tmp_path):
    checked = 0
    for name, records, theme, period, options in _pages(tmp_path):
        path = _write(tmp_path, name, records, theme, period, options)
        status = theme.word("status", options.lang)
        found = _measure(browser, path, PHONE, status, axe=name.startswith(("samples", "changes")))
        assert found["viewport"] == PHONE
        assert found.get("axe", []) == [], f"{name}: {found['axe']}"
        assert found["width"] <= PHONE, f"{name}: the page is {found['width']} px wide"
        assert found["scrolling"] == 0, f"{name}: {found['scrolling']} table(s) scroll sideways"
        # the overview lists every assignment with its status, each cell wholly on the screen
        assert len(found["cells"]) == len(records.for_period(period)), name
        hidden = [cell["text"] for cell in found["cells"] if not cell["inView"]]
        assert not hidden, f"{name}: {len(hidden)} status cells out of view, e.g. {hidden[0]!r}"
        checked += len(found["cells"])
    assert checked > 300


def test_on_a_wide_screen_the_tables_stay_tables(browser, tmp_path):
    default = load_theme()
    records = read([ROOT / "input"], default)
    period = records.periods[-1]
    path = _write(tmp_path, "wide", records, default, period, BuildOptions())
    found = _measure(browser, path, DESKTOP, default.word("status"))
    assert found["cells"] and all(cell["besideTitle"] and cell["inView"] for cell in found["cells"])
    narrow = _measure(browser, path, PHONE, default.word("status"))
    assert not any(cell["besideTitle"] for cell in narrow["cells"])  # on a phone, under it


def test_the_measure_finds_a_status_out_of_view_where_the_rows_are_not_blocks(browser, tmp_path):
    # The same page without its narrow-screen rules: its wide tables scroll inside their
    # regions, and the overview's status column lies beyond the screen's edge.
    default = load_theme()
    records = read([ROOT / "input"], default)
    period = records.periods[-1]
    page = HtmlWriter().render(records, Document(document_name(period), period), default, BuildOptions())
    text = page.decode("utf-8")
    without, removed = re.subn(r"@media screen and \(max-width: [^)]*\) \{.*?\n\}\n", "", text, flags=re.S)
    assert removed == 1
    path = tmp_path / "without.html"
    path.write_text(without, encoding="utf-8")
    found = _measure(browser, path, PHONE, default.word("status"))
    assert found["scrolling"] > 0
    assert any(not cell["inView"] for cell in found["cells"])
