"""The outline's classes: frozen values, the model every writer reads."""

from __future__ import annotations

import dataclasses

import pytest

from exporter.model import Status
from exporter.report import outline

EXAMPLES = [
    outline.Text("text"),
    outline.Badge(Status.DONE, "●", "Genomfört", "#00703C"),
    outline.Link("r1", (outline.Text("title"),)),
    outline.Heading(1, (outline.Text("heading"),), "h1"),
    outline.Paragraph((outline.Text("paragraph"),)),
    outline.Column("Status", 0.5),
    outline.Table("caption", "description", (outline.Column("Status", 1.0),), ()),
    outline.Bar("Genomfört", 3, "#00703C"),
    outline.BarChart(()),
    outline.Image("logo.png", 7.0),
    outline.Figure(outline.Image("logo.png", 7.0), "logo"),
    outline.ListItem((outline.Text("item"),)),
    outline.BulletList(()),
    outline.Fact("Datum", "2022-04-30"),
    outline.TitlePage("title", "subtitle", "organisation", ()),
    outline.RunningText("left", "right", "footer", "{page}"),
]


def test_every_class_of_the_outline_has_an_example():
    classes = {c for c in vars(outline).values() if isinstance(c, type) and dataclasses.is_dataclass(c)}
    assert classes - {type(e) for e in EXAMPLES} == {outline.Outline}  # the Outline: tests/report/test_build.py


@pytest.mark.parametrize("made", EXAMPLES, ids=lambda e: type(e).__name__)
def test_each_value_is_frozen(made):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(made)[0].name, None)


def test_text_and_headings_read_as_plain_text():
    heading = outline.Heading(2, (outline.Text("Status "), outline.Badge(Status.DONE, "●", "Genomfört", "#00703C"),
                                  outline.Link("r1", (outline.Text(" och mer"),))), "h2")
    assert heading.text == "Status Genomfört och mer"
    assert outline.Paragraph(heading.content).text == heading.text
