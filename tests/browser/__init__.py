"""A real browser for the tests of the web page: headless Chromium with axe-core.

Chromium comes from the system (Debian's `chromium`); axe-core from npm, installed
next to this file (`npm ci --prefix tests/browser`). Each run starts a fresh browser
profile in a temporary folder, with networking features off; pages are opened from
files, and axe-core is loaded from the installed package, so nothing is fetched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from html import escape, unescape
from pathlib import Path

__all__ = ["AXE", "chromium_path", "missing", "axe_violations", "page_width", "screenshot", "print_to_pdf"]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
RESULT_ID = "axe-result-of-the-test"
TIMEOUT = 120  # seconds; a page of the samples takes a few


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None where they can."""
    if chromium_path() is None:
        return "Chromium is not installed (Debian package chromium)"
    if not AXE.is_file():
        return "axe-core is not installed (npm ci --prefix tests/browser)"
    return None


def _chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    command = [
        chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        "--hide-scrollbars", f"--user-data-dir={profile}", *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)


# Runs every rule axe-core has on by default (WCAG 2.x A and AA and best practices), then
# writes the violations into the page, where --dump-dom finds them.
_RUNNER = f"""<script src="axe.min.js"></script>
<script>
axe.run(document).then(function (result) {{
  var out = document.createElement("pre");
  out.id = "{RESULT_ID}";
  out.textContent = JSON.stringify(result.violations);
  document.body.appendChild(out);
}}, function (error) {{
  var out = document.createElement("pre");
  out.id = "{RESULT_ID}";
  out.textContent = JSON.stringify({{"error": String(error)}});
  document.body.appendChild(out);
}});
</script>
"""


def axe_violations(page: bytes) -> list[dict]:
    """The violations axe-core finds in `page` (the bytes of an HTML document) in Chromium."""
    text = page.decode("utf-8")
    end = text.rindex("</body>")
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        shutil.copyfile(AXE, folder_path / "axe.min.js")
        copy = folder_path / "page.html"
        copy.write_text(text[:end] + _RUNNER + text[end:], encoding="utf-8")
        profile = folder_path / "profile"
        dom = _chromium(profile, "--virtual-time-budget=30000", "--dump-dom", copy.as_uri()).stdout
    start = dom.find(f'<pre id="{RESULT_ID}">')
    if start < 0:
        raise AssertionError("axe-core gave no result: the page or the browser failed")
    start = dom.index(">", start) + 1
    result = json.loads(unescape(dom[start:dom.index("</pre>", start)]))
    if isinstance(result, dict):
        raise AssertionError(f"axe-core failed: {result['error']}")
    return result


def screenshot(page: Path, png: Path, width: int, height: int = 2000) -> None:
    """A picture of the page `width` CSS pixels wide."""
    with tempfile.TemporaryDirectory() as folder:
        _chromium(Path(folder) / "profile", f"--screenshot={png}", f"--window-size={width},{height}", page.as_uri())


def print_to_pdf(page: Path, pdf: Path) -> None:
    """The page as the browser prints it (A4 from the page's print style sheet)."""
    with tempfile.TemporaryDirectory() as folder:
        _chromium(Path(folder) / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())


def page_width(page: bytes, width: int) -> int:
    """The width of the page's content in a viewport `width` CSS pixels wide
    (`document.documentElement.scrollWidth`): wider than `width` means horizontal
    scrolling. The page is shown in a frame of that width (headless windows are at
    least 500 pixels wide)."""
    frame = escape(page.decode("utf-8"), quote=True)
    probe = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>
<iframe id="page" title="page" style="width: {width}px; height: 2000px; border: 0" srcdoc="{frame}"></iframe>
<script>
window.addEventListener("load", function () {{
  var out = document.createElement("pre");
  out.id = "{RESULT_ID}";
  out.textContent = document.getElementById("page").contentDocument.documentElement.scrollWidth;
  document.body.appendChild(out);
}});
</script></body></html>"""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "probe.html"
        copy.write_text(probe, encoding="utf-8")
        dom = _chromium(Path(folder) / "profile", "--virtual-time-budget=10000", "--dump-dom", copy.as_uri()).stdout
    marker = f'<pre id="{RESULT_ID}">'
    start = dom.index(marker) + len(marker)
    return int(dom[start:dom.index("</pre>", start)])
