"""The report outline: what a follow-up report says, decided once for every format."""

from __future__ import annotations

import datetime as dt

import pytest

from exporter.model import Period, RecordSet, Status
from exporter.report import build_outline
from exporter.report.outline import (
    Badge, BarChart, BulletList, Fact, Figure, Heading, Link, Paragraph, Table, Text, plain_text,
)
from exporter.writers import BuildOptions

from ..support import changing_record_set, hostile_record_set, make_record

T2 = Period(2022, 2)


def blocks(record_set, period, theme, **options):
    return list(build_outline(record_set, period, theme, BuildOptions(**options)).body())


def section(body, anchor):
    """The blocks under the heading `anchor`, up to the next heading of its level or above."""
    start = next(i for i, b in enumerate(body) if isinstance(b, Heading) and b.anchor == anchor)
    level = body[start].level
    end = next((i for i in range(start + 1, len(body))
                if isinstance(body[i], Heading) and body[i].level <= level), len(body))
    return body[start + 1:end]


def list_titles(blocks_):
    return [plain_text(item.content[0]) for b in blocks_ if isinstance(b, BulletList) for item in b.items]


def test_every_record_appears_with_its_full_text(sample_records, theme):
    for period in sample_records.periods:
        body = blocks(sample_records, period, theme)
        headings = [b.text for b in body if isinstance(b, Heading)]
        paragraphs = [b.text for b in body if isinstance(b, Paragraph)]
        for record in sample_records.for_period(period):
            assert record.title in headings
            assert all(c in paragraphs for c in record.comment if c.strip())
            if record.status_text:
                assert record.status_text in paragraphs


def test_headings_never_skip_a_level_and_anchors_are_unique(sample_records, theme):
    for group_by in ("source", "committee", "status"):
        body = blocks(sample_records, sample_records.periods[-1], theme, group_by=group_by)
        headings = [b for b in body if isinstance(b, Heading)]
        assert headings[0].level == 1
        for before, after in zip(headings, headings[1:]):
            assert after.level <= before.level + 1
        anchors = [h.anchor for h in headings]
        assert len(anchors) == len(set(anchors)) and all(a.isalnum() for a in anchors)


def test_every_link_goes_to_a_heading(theme):
    records = changing_record_set()
    body = blocks(records, T2, theme, group_by="committee")
    anchors = {b.anchor for b in body if isinstance(b, Heading)}

    def links(content):
        for part in content:
            if isinstance(part, Link):
                yield part.target

    targets = [t for b in body if isinstance(b, BulletList) for item in b.items for t in links(item.content)]
    targets += [t for b in body if isinstance(b, Table) for row in b.rows for cell in row for t in links(cell)]
    assert targets and set(targets) <= anchors


def test_the_summary_leads_with_a_sentence_of_counts(theme):
    records = RecordSet((
        *(make_record(f"Uppdrag {i}", ["x"]) for i in range(9)),
        make_record("Glider", ["x"], status=Status.EXPECTED_NOT_DONE),
        make_record("Okänt", ["x"], status=Status.UNKNOWN, status_text=""),
    ))
    lead = next(b for b in blocks(records, Period(2022, 1), theme) if isinstance(b, Paragraph) and b.role == "lead")
    assert lead.text == ("Rapporten omfattar 11 uppdrag: 9 bedöms bli genomförda under året, "
                         "1 bedöms inte bli genomfört och 1 saknar status.")


def test_counts_count_each_assignment_once_and_show_the_statuses_of_the_period(theme):
    records = RecordSet((make_record("Två gånger", ["a"]), make_record("Två gånger", ["b"], line=9),
                         make_record("En gång", ["c"], status=Status.EXPECTED_NOT_DONE)))
    body = blocks(records, Period(2022, 1), theme)
    table = next(b for b in section(body, "status") if isinstance(b, Table))
    shown = {row[0][0].status: plain_text(row[1]) for row in table.rows}
    # A forecast tertial lists the forecasts and "no status", not the outcomes.
    assert shown == {Status.EXPECTED_DONE: "1", Status.EXPECTED_NOT_DONE: "1", Status.UNKNOWN: "0"}
    assert plain_text(table.total[1]) == "2"
    chart = next(b for b in section(body, "status") if isinstance(b, Figure))
    assert isinstance(chart.content, BarChart) and [bar.value for bar in chart.content.bars] == [1, 1, 0]
    assert "1 bedöms bli genomfört under året" in chart.alt and "tabellen" in chart.alt


def test_attention_lists_the_not_done_the_expected_not_done_and_those_without_status(theme):
    records = changing_record_set()
    attention = section(blocks(records, T2, theme), "attention")
    assert list_titles(attention) == ["Inför digitala bygglov"]
    t1 = section(blocks(records, Period(2022, 1), theme), "attention")
    assert list_titles(t1) == ["Utred en ny simhall"]


def attention_sentence(records, period, theme, lang="sv"):
    attention = section(blocks(records, period, theme, lang=lang), "attention")
    return next(b.text for b in attention if isinstance(b, Paragraph))


def test_the_attention_sentence_says_the_cases_that_apply(theme):
    records = changing_record_set()
    assert attention_sentence(records, T2, theme) == "Detta uppdrag bedöms inte bli genomfört:"
    assert attention_sentence(records, Period(2022, 1), theme) == "Detta uppdrag saknar status:"
    assert attention_sentence(records, T2, theme, "en") == "This assignment is not expected to be done:"
    t3 = Period(2022, 3)
    every = RecordSet(tuple(
        make_record(f"Uppdrag {n}", ["x"], period=t3, status=status, status_text="")
        for n, status in enumerate((Status.UNKNOWN, Status.NOT_DONE, Status.PARTLY_DONE, Status.NOT_DONE))))
    assert attention_sentence(every, t3, theme) == (
        "Dessa uppdrag är inte genomförda, är delvis genomförda eller saknar status:")
    assert attention_sentence(every, t3, theme, "en") == (
        "These assignments are not done, are partly done or have no status:")
    two = RecordSet(every.records[1:2] + every.records[3:])
    assert attention_sentence(two, t3, theme) == "Dessa uppdrag är inte genomförda:"


def test_changes_name_exactly_the_slipped_the_changed_the_new_and_the_gone(theme):
    body = blocks(changing_record_set(), T2, theme)
    assert [b.text for b in body if isinstance(b, Heading) and b.level == 3][:4] == [
        "Har halkat efter", "Annan ändrad status", "Nya uppdrag", "Rapporteras inte längre"]
    assert list_titles(section(body, "slipped")) == ["Inför digitala bygglov"]
    assert list_titles(section(body, "changed")) == ["Utred en ny simhall"]
    assert list_titles(section(body, "new")) == ["Stärk skolans elevhälsa"]
    assert list_titles(section(body, "gone")) == ["Ta fram en kulturstrategi"]
    assert "Förändringar sedan T1 2022" in [b.text for b in body if isinstance(b, Heading)]


def test_no_changes_section_without_the_tertial_before(sample_records, theme):
    # The samples hold T3 2020 and T1 2022: a year apart, so nothing is compared.
    for period in sample_records.periods:
        assert "changes" not in {b.anchor for b in blocks(sample_records, period, theme) if isinstance(b, Heading)}


def test_changes_reach_back_over_a_new_year(theme):
    records = RecordSet((make_record("Över nyår", ["a"], period=Period(2021, 3), status=Status.DONE),
                         make_record("Över nyår", ["b"], period=Period(2022, 1), status=Status.EXPECTED_NOT_DONE)))
    body = blocks(records, Period(2022, 1), theme)
    assert list_titles(section(body, "slipped")) == ["Över nyår"]


def test_grouped_by_committee_each_assignment_is_printed_once_under_its_lead(theme):
    records = changing_record_set()
    body = blocks(records, T2, theme, group_by="committee")
    titles = [b.text for b in body if isinstance(b, Heading) and b.anchor.startswith("r")]
    assert sorted(titles) == sorted(r.title for r in records.for_period(T2))
    comments = [b.text for b in body if isinstance(b, Paragraph) and b.role == "comment"]
    assert len(comments) == len(set(comments))
    # SAN leads nothing but takes part in two: one line each, linked to the full section.
    groups = [b for b in body if isinstance(b, Heading) and b.level == 2 and b.anchor.startswith("g")]
    san = next(g for g in groups if "(SAN)" in g.text)
    assert list_titles(section(body, san.anchor)) == ["Utred en ny simhall", "Stärk skolans elevhälsa"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_grouped_by_committee_no_line_repeats_the_heading_of_its_lead_committee(theme, lang):
    records = changing_record_set()
    body = blocks(records, T2, theme, group_by="committee", lang=lang)
    lead = theme.word("lead_committee", lang)
    assert not any(b.text.startswith(f"{lead}:") for b in body if isinstance(b, Paragraph))
    # those taking part are still named, and the lead committee is the heading above
    cycle = section(body, next(b.anchor for b in body if isinstance(b, Heading) and b.text == "Bygg ut cykelvägnätet"))
    assert [b.text for b in cycle if isinstance(b, Paragraph) and b.role == "field"][0] == (
        f"{theme.word('taking_part', lang)}: Kommunstyrelsen (KS)")
    group = next(b for b in reversed(body[:body.index(next(b for b in body if isinstance(b, Heading)
                                                             and b.text == "Bygg ut cykelvägnätet"))])
                 if isinstance(b, Heading) and b.level == 2)
    assert group.text == "Tekniska nämnden (TN)"
    # grouped otherwise, each section names its lead committee
    source = blocks(records, T2, theme, lang=lang)
    assert sum(b.text.startswith(f"{lead}:") for b in source if isinstance(b, Paragraph)) == 4


def test_an_english_report_names_its_period_in_english(theme):
    outline = build_outline(changing_record_set(), T2, theme, BuildOptions(lang="en"))
    assert outline.title_page.subtitle == "Four-month period 2, 2022"
    assert outline.title_page.facts[0] == Fact("Covers", "January–August 2022")
    assert outline.running.header_right == "Four-month period 2, 2022"
    assert outline.title == "Follow-up of assignments, four-month period 2, 2022"
    captions = [b.caption for b in outline.body() if isinstance(b, (Table, Figure))]
    assert captions and all(c.endswith("Four-month period 2, 2022") for c in captions)
    assert not any("Tertial" in c for c in captions)
    swedish = build_outline(changing_record_set(), T2, theme, BuildOptions())
    assert (swedish.title_page.subtitle, swedish.running.header_right) == ("Tertial 2 2022", "Tertial 2 2022")


def test_an_assignment_section_names_the_lead_committee_first(theme):
    body = blocks(changing_record_set(), T2, theme)
    fields = [b.text for b in section(body, "r1") if isinstance(b, Paragraph) and b.role == "field"]
    assert fields == ["Ansvarig nämnd: Tekniska nämnden (TN)", "Deltagande nämnder: Kommunstyrelsen (KS)",
                      "Status: Bedöms bli genomfört", "Föregående: Bedöms bli genomfört (T1 2022)"]


def test_statuses_are_badges_with_symbol_colour_and_words(theme):
    body = blocks(changing_record_set(), T2, theme)
    badges = [part for b in body if isinstance(b, Paragraph) for part in b.content if isinstance(part, Badge)]
    style = theme.status_style(Status.EXPECTED_NOT_DONE)
    assert Badge(Status.EXPECTED_NOT_DONE, style.symbol, "Bedöms inte bli genomfört", style.colour) in badges


def test_in_an_english_report_the_records_own_text_is_marked_swedish(theme):
    body = blocks(changing_record_set(), T2, theme, lang="en")
    heading = next(b for b in body if isinstance(b, Heading) and b.anchor == "r1")
    assert heading.content == (Text("Bygg ut cykelvägnätet", lang="sv-SE", source=True),)
    assert body[0].text == "Summary"
    sv = blocks(changing_record_set(), T2, theme)
    assert next(b for b in sv if isinstance(b, Heading) and b.anchor == "r1").content[0].lang is None


def test_the_title_page_says_what_a_handout_needs_and_nothing_more(theme):
    records = changing_record_set()
    plain = build_outline(records, T2, theme, BuildOptions()).title_page
    # the months the report covers, and no date made up from the period
    assert [(f.label, f.value) for f in plain.facts] == [("Avser", "januari–augusti 2022")]
    handout = build_outline(records, T2, theme, BuildOptions(
        case_number="KS 2022/123", meeting="Kommunfullmäktige 2022-09-26", contact="Anna Andersson",
        committees=("SAN",), report_date=dt.date(2022, 9, 12))).title_page
    assert [(f.label, f.value) for f in handout.facts] == [
        ("Avser", "januari–augusti 2022"), ("Datum", "2022-09-12"),
        ("Omfattar", "Social- och arbetsmarknadsnämnden (SAN)"),
        ("Diarienummer", "KS 2022/123"), ("Sammanträde", "Kommunfullmäktige 2022-09-26"),
        ("Kontaktperson", "Anna Andersson")]
    assert all(f.lang is None for f in handout.facts)  # a Swedish report: nothing to mark


@pytest.mark.parametrize("options, date", [
    ({}, None),
    ({"meeting": "Kommunfullmäktige 2022-06-13"}, "2022-06-13"),  # the meeting's date
    ({"meeting": "Kommunfullmäktige i juni"}, None),  # a meeting without a date gives none
    ({"meeting": "Kommunfullmäktige 2022-02-30"}, None),  # nor one that is no date
    ({"meeting": "Kommunfullmäktige 2022-06-13", "report_date": dt.date(2022, 5, 17)}, "2022-05-17"),
])
def test_the_date_is_only_the_one_the_report_has(theme, options, date):
    records = RecordSet((make_record("Uppdrag", ["x"], period=Period(2020, 3), status=Status.DONE),))
    facts = build_outline(records, Period(2020, 3), theme, BuildOptions(**options)).title_page.facts
    assert facts[0] == Fact("Avser", "januari–december 2020")
    assert [f.value for f in facts if f.label == "Datum"] == ([date] if date else [])
    english = build_outline(records, Period(2020, 3), theme, BuildOptions(lang="en", **options)).title_page.facts
    assert english[0] == Fact("Covers", "January–December 2020")
    assert [f.value for f in english if f.label == "Date"] == ([date] if date else [])


def test_in_an_english_report_the_committees_on_the_title_page_are_marked_swedish(theme):
    facts = build_outline(changing_record_set(), T2, theme, BuildOptions(
        lang="en", committees=("SAN",), case_number="KS 2022/123")).title_page.facts
    assert [(f.label, f.lang) for f in facts] == [("Covers", None), ("Committees", "sv-SE"), ("Case number", None)]


def test_hostile_text_stays_source_text(theme):
    records = hostile_record_set()
    for period in records.periods:
        body = blocks(records, period, theme)
        texts = [part for b in body if isinstance(b, Paragraph) for part in b.content if isinstance(part, Text)]
        for record in records.for_period(period):
            for comment in record.comment:
                assert Text(comment, source=True) in texts


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_outline_can_be_read_twice_with_the_same_result(sample_records, theme, lang):
    outline = build_outline(sample_records, sample_records.periods[0], theme, BuildOptions(lang=lang))
    assert list(outline.body()) == list(outline.body())
    assert [h.anchor for h in outline.headings] == [b.anchor for b in outline.body() if isinstance(b, Heading)]


def test_a_count_column_holds_its_headers_longest_word_and_the_names_take_the_rest():
    from exporter.report.build import count_column_shares, word_share

    names = ["Kommunstyrelsen (KS)", "Social- och arbetsmarknadsnämnden (SAN)"]
    headers = ["Genomfört", "Bedöms inte bli genomfört", "Status saknas", "Totalt"]
    name, *counts = count_column_shares(names, headers)
    assert counts == [word_share(["Genomfört"]), word_share(["genomfört"]), word_share(["saknas"]),
                      word_share(["Totalt"])]
    assert name == pytest.approx(1 - sum(counts)) and name >= word_share(["arbetsmarknadsnämnden"])
    # More columns than fit: the names keep their longest word, the counts shrink alike.
    many_name, *many = count_column_shares(names, ["Bedöms inte bli genomfört"] * 8)
    assert many_name == pytest.approx(word_share(["arbetsmarknadsnämnden"])) and len(set(many)) == 1
    assert many_name + sum(many) == pytest.approx(1)


def test_the_per_committee_table_gives_each_status_room_for_its_words(theme):
    from exporter.report.build import word_share

    body = blocks(changing_record_set(), T2, theme)
    table = next(b for b in body if isinstance(b, Table) and b.columns[0].header == "Ansvarig nämnd")
    for column in table.columns[1:]:
        assert column.width >= word_share([column.header]) - 1e-9
    assert sum(c.width for c in table.columns) == pytest.approx(1)
