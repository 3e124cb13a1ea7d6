"""The status-placement rules: where the status sentence stands after the title."""

from __future__ import annotations

from exporter.model import Status
from exporter.readers.layouts import STATUS_RULES, Paragraph, StatusFound
from exporter.readers.layouts.status_line import status_line
from exporter.readers.layouts.status_opens_comment import status_opens_comment
from exporter.readers.layouts.status_paragraph import status_paragraph
from exporter.readers.layouts.status_unknown import status_unknown

COMMENT = Paragraph(9, ("Mer text.",))


def test_the_rules_are_tried_alone_opening_line_unknown():
    # a sentence that ends with its full stop is found whole before a line is taken for it
    assert STATUS_RULES == (status_paragraph, status_opens_comment, status_line, status_unknown)


def test_status_paragraph_is_a_status_sentence_standing_alone(context):
    paragraphs = [Paragraph(5, ("Uppdraget är genomfört under 2022.",)), COMMENT]
    assert status_paragraph(paragraphs, context) == StatusFound(Status.DONE, "Uppdraget är genomfört under 2022.", 5, [COMMENT])
    assert status_paragraph([Paragraph(5, ("Arbetet pågår.",))], context) is None


def test_status_line_runs_into_the_comment(context):
    paragraphs = [Paragraph(5, ("Uppdraget bedöms bli genomfört under året", "Enheten har börjat.", "Och fortsätter.")), COMMENT]
    assert status_line(paragraphs, context) == StatusFound(
        Status.EXPECTED_DONE, "Uppdraget bedöms bli genomfört under året", 5,
        [Paragraph(6, ("Enheten har börjat.", "Och fortsätter.")), COMMENT],
    )
    assert status_line([Paragraph(5, ("Uppdraget är genomfört.",))], context) is None


def test_status_opens_comment_keeps_the_rest_word_for_word(context):
    paragraphs = [Paragraph(5, ("Uppdraget bedöms bli genomfört under året. Arbetet pågår och tre", "av tio besök är gjorda.")), COMMENT]
    assert status_opens_comment(paragraphs, context) == StatusFound(
        Status.EXPECTED_DONE, "Uppdraget bedöms bli genomfört under året.", 5,
        [Paragraph(5, ("Arbetet pågår och tre av tio besök är gjorda.",)), COMMENT],
    )
    wrapped = [Paragraph(5, ("Uppdraget är genomfört", "under året. Arbetet är klart."))]
    assert status_opens_comment(wrapped, context) == StatusFound(
        Status.DONE, "Uppdraget är genomfört under året.", 5, [Paragraph(5, ("Arbetet är klart.",))])
    whole_line = [Paragraph(5, ("Uppdraget är genomfört.", "Arbetet är klart."))]
    assert status_opens_comment(whole_line, context) == StatusFound(
        Status.DONE, "Uppdraget är genomfört.", 5, [Paragraph(6, ("Arbetet är klart.",))])
    # a sentence that is no status sentence opens nothing
    assert status_opens_comment([Paragraph(5, ("Uppdraget är viktigt. Arbetet pågår.",))], context) is None


def test_status_unknown_keeps_a_sentence_that_only_reads_like_a_status(context):
    paragraphs = [Paragraph(5, ("Uppdraget är nästan klart.",)), COMMENT]
    assert status_unknown(paragraphs, context) == StatusFound(Status.UNKNOWN, "Uppdraget är nästan klart.", 5, [COMMENT])
    assert status_unknown([Paragraph(5, ("Uppdraget är viktigt. Arbetet pågår enligt plan.",))], context) is None
