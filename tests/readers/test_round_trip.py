"""A property: any record set, written in either layout of the export with any of the
status placements real exports use, parses back to the same records."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.model import Period, Record, Source, Status, assignment_key
from exporter.readers.text import ReadOptions, parse_text

# Words that are no status word, label, code or header word, so that a title or a comment
# made of them can only be read as what it is.
WORDS = (
    "arbetet", "med", "att", "öka", "andelen", "kvinnor", "som", "driver", "företag", "i", "kommunen", "och",
    "samverkan", "regionen", "pågår", "enligt", "plan", "under", "hösten", "våren", "två", "tre", "möten",
    "är", "hållna", "förskolan", "skolan", "äldreomsorgen", "bostäder", "landsbygd", "tätort", "e-tjänster",
    "arbetsmarknads-", "barn-", "unga", "stöd", "översyn", "kartläggning", "riktlinje", "2022", "5", "maj",
)
CODES = ("KF", "KS", "BUN", "KFN", "MSN", "SAN", "TN", "VON", "VN", "ÖFN")
PHRASES = {
    Status.DONE: ("Uppdraget är genomfört", "Uppdraget har genomförts", "Uppdraget är genomförd"),
    Status.PARTLY_DONE: ("Uppdraget är delvis genomfört", "Uppdraget är delvis genomförd"),
    Status.NOT_DONE: ("Uppdraget är inte genomfört", "Uppdraget är ej genomfört", "Uppdraget har inte genomförts"),
    Status.EXPECTED_DONE: ("Uppdraget bedöms bli genomfört", "Uppdraget bedöms bli genomförd"),
    Status.EXPECTED_NOT_DONE: ("Uppdraget bedöms inte bli genomfört", "Uppdraget bedöms ej bli genomförd"),
}
LABELS = {
    Status.DONE: "Genomförd",
    Status.PARTLY_DONE: "Delvis genomförd",
    Status.NOT_DONE: "Ej genomförd",
    Status.EXPECTED_DONE: "Bedöms bli genomförd",
    Status.EXPECTED_NOT_DONE: "Bedöms inte bli genomförd",
}
TAILS = ("", " under året", " under 2022", " under år 2022")
SEPARATORS = (", ", " och ", "/", "; ")
PLACEMENTS = ("alone", "runs into comment", "opens comment", "after title", "label", "none")


def sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:]


@st.composite
def records(draw, layout: str) -> tuple[Record, str, str]:
    """A record, and where its status stands and how its codes are written."""
    title = sentence(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14)))
    codes_style = draw(st.sampled_from(("parenthesised", "bare", "bare and parenthesised")))
    if layout == "codes" and codes_style != "parenthesised":
        title += "."
    committees = tuple(draw(st.lists(st.sampled_from(CODES), min_size=1 if layout == "names" else 0,
                                     max_size=3, unique=True)))
    if codes_style == "bare and parenthesised" and len(committees) < 2:
        codes_style = "bare"
    if layout == "codes" and codes_style != "parenthesised" and not committees:
        codes_style = "parenthesised"
    comment = tuple(
        sentence(words) + "."
        for words in draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30), max_size=3))
    )
    placement = draw(st.sampled_from(PLACEMENTS))
    if placement in ("runs into comment", "opens comment") and not comment:
        placement = "alone"
    if placement == "none":
        status, status_text = Status.UNKNOWN, ""
    else:
        status = draw(st.sampled_from(sorted(PHRASES)))
        if placement == "label":
            status_text = ""
        else:
            stop = "." if placement == "opens comment" else draw(st.sampled_from(("", ".")))
            status_text = draw(st.sampled_from(PHRASES[status])) + draw(st.sampled_from(TAILS)) + stop
    record = Record(assignment_key(title), Period(2022, 1), title, committees, status, status_text, comment,
                    Source("export.txt", 0))
    return record, placement, codes_style


@dataclass
class Writer:
    """Writes records as an export, and notes the line each title lands on."""

    layout: str
    space: str
    separator: str
    theme: object
    lines: list[str]

    def words(self, text: str, per_line: int) -> list[str]:
        """`text` wrapped after every `per_line` words, with this export's spaces."""
        words = text.split(" ")
        return [self.space.join(words[i:i + per_line]) for i in range(0, len(words), per_line)]

    def write(self, record: Record, placement: str, codes_style: str, wrap: int) -> int:
        lines = self.lines
        label = LABELS.get(record.status, "") if placement == "label" else ""
        if self.layout == "names":
            names = ", ".join(self.theme.committee_name(c) for c in record.committees)
            lines.append(f"({names}) {label or '.'}")
            title = record.title
        else:
            lines.append(label or ".")
            codes = list(record.committees)
            if not codes:
                title = record.title
            elif codes_style == "parenthesised":
                title = f"{record.title} ({self.separator.join(codes)})"
            elif codes_style == "bare":
                title = f"{record.title} {self.separator.join(codes)}"
            else:
                title = f"{record.title} {codes[0]} ({self.separator.join(codes[1:])})"
        line = len(lines) + 1
        lines.extend(self.words(title, wrap))
        comment = [self.words(p, wrap) for p in record.comment]
        if placement == "after title":  # no blank line between the title and the status line
            lines.append(record.status_text)
        lines.append("")
        if placement == "alone":
            lines.extend((record.status_text, ""))
        elif placement == "opens comment":
            comment[0] = self.words(f"{record.status_text} {record.comment[0]}", wrap)
        elif placement == "runs into comment":
            comment[0] = [record.status_text, *comment[0]]
        for paragraph in comment:
            lines.extend(paragraph)
            lines.append("")
        return line


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    layout=st.sampled_from(("codes", "names")),
    drawn=st.data(),
    space=st.sampled_from((" ", "  ", "\u00a0", " \t")),
    separator=st.sampled_from(SEPARATORS),
    wrap=st.sampled_from((1000, 7, 3)),
    ending=st.sampled_from(("\n", "\r\n")),
)
def test_any_record_set_in_either_layout_with_any_status_placement_parses_back_the_same(
    theme, layout, drawn, space, separator, wrap, ending
):
    written = drawn.draw(st.lists(records(layout), min_size=1, max_size=6))
    header = "T1 2022 Uppdrag. Kommentar T1 2022" if layout == "codes" else "Nämnd T1 2022 Uppdrag Kommentar T1 2022"
    writer = Writer(layout, space, separator, theme, [header])
    expected = []
    for record, placement, codes_style in written:
        line = writer.write(record, placement, codes_style, wrap)
        expected.append(Record(record.assignment, record.period, record.title, record.committees, record.status,
                               record.status_text, record.comment, Source("export.txt", line)))
    text = ending.join(writer.lines)
    parsed = parse_text(text, "export.txt", theme, ReadOptions(repair=False))  # the text as written
    assert list(parsed.records) == expected, text
    assert not parsed.errors
