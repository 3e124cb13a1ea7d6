"""The web page in a real browser: Playwright for Python driving Debian's Chromium.

Upload the samples, see their diagnostics and counts, build every format, download
each file and compare its bytes with the command line's; axe-core on every state of
the page; keyboard alone; the same flow with JavaScript off. Screenshots of each state
at 1280 and 360 CSS pixels go to $EXPORTER_SCREENSHOTS when that names a folder, and
the README's picture to docs/serve.png when EXPORTER_UPDATE_SCREENSHOT=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import exporter
from tests.browser import AXE, chromium_path

from .support import ROOT, SAMPLES, WITH_ERRORS, WITH_WARNINGS, Server, cli_files, zip_contents

pytestmark = pytest.mark.slow

ALL_FORMATS = ["docx", "xlsx", "pdf", "html", "pdfa"]
WIDTHS = (1280, 360)


def _missing() -> str | None:
    if chromium_path() is None:
        return "Chromium is not installed (Debian package chromium)"
    if not AXE.is_file():
        return "axe-core is not installed (npm ci --prefix tests/browser)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


if _missing():
    pytest.skip(_missing(), allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("serve"), "--workers", "2")
    server.wait_ready()
    yield server
    code, err = server.interrupt()
    assert code == 0, err
    assert server.workspaces() == []


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict[str, bytes]:
    """What the command line writes for the samples, as the page's default build does it."""
    return cli_files(tmp_path_factory.mktemp("cli"), SAMPLES, ALL_FORMATS, "2022-T1")


class Watcher:
    """A page and what the browser said about it: every console error (a refused script or
    style, a failed load) fails the test."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))


def axe_violations(page: Page) -> list:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => {
        const result = await axe.run(document);
        return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}));
    }""")


def look(page: Page, state: str) -> None:
    """axe-core finds nothing, the page fits 360 pixels without scrolling sideways, and
    (where asked) screenshots at both widths."""
    assert axe_violations(page) == [], state
    folder = os.environ.get("EXPORTER_SCREENSHOTS")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{state} at {width} px is {overflow} px wide"
        if folder:
            page.screenshot(path=str(Path(folder) / f"{state}-{width}.png"), full_page=True)
        if state == "uploaded" and width == 1280 and os.environ.get("EXPORTER_UPDATE_SCREENSHOT") == "1":
            # The README's picture: the top of the page after the samples were read.
            page.set_viewport_size({"width": width, "height": 1350})
            page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")
            page.screenshot(path=str(ROOT / "docs" / "serve.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def upload(page: Page, files: list[Path]) -> None:
    page.set_input_files("#files", [str(f) for f in files])
    page.click("#upload-form button[type=submit]")
    page.wait_for_load_state()


def downloads(page: Page, tmp: Path) -> dict[str, bytes]:
    """Every download link of a finished build, fetched by clicking it."""
    got: dict[str, bytes] = {}
    links = page.locator("a[download]")
    for i in range(links.count()):
        with page.expect_download() as info:
            links.nth(i).click()
        download = info.value
        target = tmp / download.suggested_filename
        download.save_as(target)
        got[download.suggested_filename] = target.read_bytes()
    return got


def test_the_whole_flow_with_script(server, browser, expected, tmp_path):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = Watcher(page)
    page.goto(f"{server.url}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    look(page, "empty")

    upload(page, [WITH_ERRORS, *SAMPLES])
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"  # the script moves focus there
    page.locator(".error-summary a").first.click()
    assert page.locator("tr.level-error:target").count() == 1
    assert page.locator("#build-form").count() == 0
    look(page, "upload-errors")

    upload(page, [WITH_WARNINGS])
    assert page.locator("tr.level-warning").count() >= 1 and page.locator("#build-form").count() == 1
    look(page, "upload-warnings")

    upload(page, SAMPLES)
    record_set = exporter.read(SAMPLES)
    rows = page.locator("table.diagnostics tbody tr")
    shown = [[cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()] for i in range(rows.count())]
    assert shown == [[{"error": "fel", "warning": "varning", "info": "info"}[d.level.value], d.file, str(d.line),
                      d.message] for d in record_set.diagnostics]
    for path in SAMPLES:
        count = sum(1 for r in record_set.records if r.source.file == path.name)
        row = page.locator("tr", has=page.locator(f"th:text-is('{path.name}')"))
        assert row.locator("td").last.inner_text() == str(count)
    look(page, "uploaded")

    for name in ALL_FORMATS:
        page.check(f"#format-{name}")
    page.fill("#case_number", "KS 2022/123")
    page.fill("#case_number", "")  # the command line's build has none: the bytes must match
    page.click("#build")
    page.wait_for_selector("ul.downloads", timeout=240_000)
    assert page.locator("iframe.preview").get_attribute("sandbox") == ""
    look(page, "built")

    got = downloads(page, tmp_path)
    zips = {name: got.pop(name) for name in ("dokument.zip", "arkiv.zip")}
    documents = {n: b for n, b in expected.items() if not n.startswith("arkiv/")}
    assert got == documents
    assert zip_contents(zips["dokument.zip"]) == expected
    assert {f"arkiv/{n}": b for n, b in zip_contents(zips["arkiv.zip"]).items()} == \
        {n: b for n, b in expected.items() if n.startswith("arkiv/")}
    # The preview shows the report inside its frame.
    frame = page.frame_locator("iframe.preview")
    assert frame.locator("h1").first.inner_text()

    page.goto(f"{server.url}/builds/not-a-build")
    look(page, "not-found")
    assert watcher.problems == [] or all("404" in p for p in watcher.problems), watcher.problems
    context.close()


def test_a_failed_build_and_a_form_error_are_said_and_accessible(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = Watcher(page)
    page.goto(f"{server.url}/?lang=en")
    upload(page, SAMPLES)
    for name in ("docx", "xlsx", "pdf"):
        page.uncheck(f"#format-{name}")
    page.click("#build")
    assert page.locator(".error-summary a[href='#format-docx']").is_visible()
    look(page, "form-error")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "format-docx"

    page.check("#format-docx")
    page.check(f"#period-2022-T1")
    page.check("#committee-" + str(exporter.read(SAMPLES).committees.index("BUN") + 1))
    page.click("#build")
    page.wait_for_selector(".error-summary", timeout=120_000)
    assert "no records for" in page.locator(".error-summary").inner_text()
    look(page, "build-failed")
    # The form's page itself comes with 400; nothing else may fail.
    assert all("status of 400" in p for p in watcher.problems), watcher.problems
    context.close()


def test_files_dropped_on_the_page_are_read(server, browser):
    import base64

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/")
    assert page.locator(".drop-hint").is_visible()  # said only where the script can take a drop
    files = [(path.name, base64.b64encode(path.read_bytes()).decode()) for path in SAMPLES]
    with page.expect_navigation():
        page.evaluate("""(files) => {
            const transfer = new DataTransfer();
            for (const [name, data] of files) {
                const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name, {type: "text/plain"}));
            }
            const zone = document.getElementById("dropzone");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""", files)
    page.wait_for_selector("#read")
    assert f"{len(SAMPLES)} filer, 20 poster" in page.locator("section.read").inner_text()
    context.close()


def test_keyboard_alone_reaches_and_starts_the_build_with_a_visible_focus(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/")
    upload(page, SAMPLES)
    page.goto(f"{server.url}/")  # from the top of the page (the upload lands on what was read)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {id: e.id, tag: e.tagName, outline: s.outlineStyle, shadow: s.boxShadow, background: s.backgroundColor}; }""")
        seen.append(focus)
        assert focus["outline"] != "none" or focus["shadow"] != "none", focus
        if focus["id"] == "build":
            break
    assert seen[-1]["id"] == "build", [f["id"] or f["tag"] for f in seen]
    page.keyboard.press("Enter")
    page.wait_for_selector("ul.downloads", timeout=240_000)
    context.close()


def test_the_flow_without_script(server, browser, expected, tmp_path):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/")
    upload(page, SAMPLES)
    assert page.locator("#read").is_visible()
    look_without_script(page)
    page.uncheck("#format-pdf")
    page.click("#build")
    for _ in range(240):
        if page.locator("ul.downloads").count():
            break
        page.click(".refresh a")  # without script the page says how far it got; the user refreshes
        page.wait_for_timeout(500)
    got = downloads(page, tmp_path)
    got.pop("dokument.zip")
    assert got == {n: expected[n] for n in ("uppfoljning-2022-T1.docx", "statusmatris.xlsx")}
    context.close()


def look_without_script(page: Page) -> None:
    """The page without script cannot run axe-core in it: check its structure in a
    second context with script, on the same HTML."""
    html = page.content()
    browser = page.context.browser
    assert browser is not None
    other = browser.new_context()
    copy = other.new_page()
    copy.set_content(html)
    assert axe_violations(copy) == []
    other.close()
