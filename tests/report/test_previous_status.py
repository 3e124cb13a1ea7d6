"""One previous-status rule: the tertial right before (T1 -> T3 of the year before,
T2 -> T1, T3 -> T2), in the record set, in every report's "Föregående" line and in the
changes section alike, and the same text in a full build and a --period build."""

from __future__ import annotations

import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from exporter.cli import cli
from exporter.model import Period, RecordSet, Status
from exporter.report import build_outline
from exporter.report.outline import Heading, Paragraph
from exporter.theme import load_theme
from exporter.writers.base import BuildOptions

from ..support import INPUT, make_record, shown

T3_2020, T3_2021, T1_2022, T2_2022 = Period(2020, 3), Period(2021, 3), Period(2022, 1), Period(2022, 2)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# A T3 2021 export with two of the T1 2022 sample's assignments: one done, one not done.
T3_2021_TEXT = """T3 2021 Uppdrag. Kommentar T3 2021
.
Skapa en tydlig och gemensam omvärldsbild av Östersund (KS)

Uppdraget är genomfört.

Profilen är framtagen.

.
Ta fram en bostadsförsörjningsstrategi (KS)

Uppdraget är inte genomfört.

Arbetet fortsätter 2022.
"""


def fields(record_set: RecordSet, period: Period, lang: str = "sv") -> dict[str, list[str]]:
    """Every assignment's field lines ("Föregående: …"), by the assignment's title."""
    out: dict[str, list[str]] = {}
    title = None
    for block in build_outline(record_set, period, load_theme(), BuildOptions(lang=lang)).body():
        if isinstance(block, Heading):
            title = shown(block.content) if block.anchor.startswith("r") else None
            if title is not None:
                out[title] = []
        elif isinstance(block, Paragraph) and block.role == "field" and title is not None:
            out[title].append(shown(block.content))
    return out


def test_the_previous_record_is_the_one_of_the_tertial_right_before():
    a = [make_record("Uppdrag A", ["x"], period=p) for p in (T3_2020, T3_2021, T1_2022, T2_2022)]
    b_old = make_record("Uppdrag B", ["x"], period=T3_2020)
    b_now = make_record("Uppdrag B", ["x"], period=T1_2022)
    records = RecordSet((*a, b_old, b_now))
    assert records.previous(a[2]) == a[1]  # T1 2022 -> T3 2021
    assert records.previous(a[3]) == a[2]  # T2 2022 -> T1 2022
    assert records.previous(a[1]) is None  # T3 2021 -> T2 2021: not in the input
    assert records.previous(b_now) is None  # T3 2020 is five tertials back, not the previous status
    assert records.reports(T3_2021) and not records.reports(Period(2021, 2))


def test_the_report_says_the_tertial_right_before_or_that_the_assignment_was_not_reported_then(theme):
    reported = make_record("Uppdrag A", ["x"], period=T3_2021, status=Status.NOT_DONE,
                           status_text="Uppdraget är inte genomfört.")
    long_ago = make_record("Uppdrag B", ["x"], period=T3_2020, status=Status.DONE,
                           status_text="Uppdraget är genomfört.")
    now = [make_record(title, ["y"], period=T1_2022) for title in ("Uppdrag A", "Uppdrag B")]
    with_t3_2021 = fields(RecordSet((reported, long_ago, *now)), T1_2022)
    assert "Föregående: ✖ Inte genomfört (T3 2021)" in with_t3_2021["Uppdrag A"]
    assert "Föregående: Ej rapporterat (T3 2021)" in with_t3_2021["Uppdrag B"]
    english = fields(RecordSet((reported, long_ago, *now)), T1_2022, "en")
    assert "Previous: Not reported (T3 2021)" in english["Uppdrag B"]
    # Where the input does not report the tertial right before, there is no previous status.
    without = fields(RecordSet((long_ago, *now)), T1_2022)
    assert not any(line.startswith("Föregående") for lines in without.values() for line in lines)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "head")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "head")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


def docx_text(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


@pytest.mark.parametrize("with_t3_2021", [False, True], ids=["samples", "samples-and-T3-2021"])
def test_a_full_build_and_a_period_build_give_the_same_report_text(tmp_path, with_t3_2021):
    source = tmp_path / "in"
    shutil.copytree(INPUT, source)
    if with_t3_2021:
        (source / "2021-T3.txt").write_text(T3_2021_TEXT, encoding="utf-8")
    runner = CliRunner()
    for name, extra in (("full", []), ("period", ["--period", "T1 2022"])):
        result = runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / name), "-f", "docx", "-f", "html",
                                     *extra])
        assert result.exit_code == 0, result.output
    full, period = tmp_path / "full", tmp_path / "period"
    assert docx_text(full / "uppfoljning-2022-T1.docx") == docx_text(period / "uppfoljning-2022-T1.docx")
    assert html_text(full / "uppfoljning-2022-T1.html") == html_text(period / "uppfoljning-2022-T1.html")
    lines = docx_text(full / "uppfoljning-2022-T1.docx")
    previous = [line for line in lines if line.startswith("Föregående:")]
    if with_t3_2021:
        # the two assignments T3 2021 reports, by their status then; the others not reported then
        assert previous.count("Föregående: ✔ Genomfört (T3 2021)") == 1
        assert previous.count("Föregående: Ej rapporterat (T3 2021)") == 10
        assert "Förändringar sedan T3 2021" in lines
    else:
        # T3 2021 is not in the input: no previous status (T3 2020 is five tertials back)
        assert previous == [] and not any("T3 2020" in line for line in lines)
