"""What the follow-up report of one period says, decided once: record set + theme +
options -> `Outline`.

The report leads with what a council and its auditors ask first: a sentence with the
counts, the assignments that need attention, what changed since the previous period;
then the counts as a table and a chart, the status per lead committee, an overview of
every assignment, and one section per assignment, grouped as asked. Every word comes
from the theme; every status is shown by its words, its symbol and its colour.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from functools import partial

from ..model import Changes, Period, Record, RecordSet, Status
from ..theme import LANGUAGE_TAGS, Theme
from ..writers.base import BuildOptions
from .outline import (
    Badge,
    Bar,
    BarChart,
    Block,
    BulletList,
    Column,
    Fact,
    Figure,
    Heading,
    Image,
    Inline,
    Link,
    ListItem,
    Outline,
    Paragraph,
    RunningText,
    Table,
    Text,
    TitlePage,
)

__all__ = ["build_outline", "ATTENTION", "relevant_statuses"]

# The statuses an administrator must look at: not done, partly done, expected not to be
# done, or no status at all.
ATTENTION = (Status.NOT_DONE, Status.EXPECTED_NOT_DONE, Status.PARTLY_DONE, Status.UNKNOWN)
_OUTCOMES = (Status.DONE, Status.PARTLY_DONE, Status.NOT_DONE)
_FORECASTS = (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE)

LOGO_HEIGHT_TITLE_MM = 22.0
LOGO_HEIGHT_HEADER_MM = 7.0

# Every heading of a report, each with what follows it (made when the body is drawn).
Plan = list[tuple[Heading, Callable[[], Iterable[Block]]]]


def relevant_statuses(period: Period, counts: dict[Status, int]) -> tuple[Status, ...]:
    """The statuses a summary of `period` lists: outcomes at T3, forecasts at T1 and T2,
    "no status" always, and any other status that occurs."""
    expected = _OUTCOMES if period.tertial == 3 else _FORECASTS
    return tuple(s for s in Status if s in expected or s is Status.UNKNOWN or counts.get(s))


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def meeting_date(meeting: str) -> _dt.date | None:
    """The date a meeting's name gives ("Kommunfullmäktige 2022-06-13": 2022-06-13), or None."""
    for match in _ISO_DATE.finditer(meeting):
        try:
            return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def build_outline(record_set: RecordSet, period: Period, theme: Theme, options: BuildOptions) -> Outline:
    """The outline of the report of `period`."""
    return _Builder(record_set, period, theme, options).outline()


def word_share(texts: Iterable[str]) -> float:
    """The share of the text width a column needs for the longest word of `texts` to
    stand on one line in a table's text, in a wide typeface (a word broken inside,
    "Genomf-ört", reads badly)."""
    return 0.02 + 0.015 * max((len(word) for text in texts for word in text.split()), default=6)


def count_column_shares(names: Iterable[str], headers: list[str], least: float = 0.28) -> list[float]:
    """The shares of the text width for a table of names (wrapping at their spaces)
    and columns of counts headed `headers`: each count column as wide as its header's
    longest word needs, the names the rest, at least `least` or their longest word;
    where that does not fit, the count columns shrink alike. The names' share first."""
    wanted = [word_share([header]) for header in headers]
    room = 1 - max(least, word_share(names))
    total = sum(wanted)
    counts = wanted if total <= room else [share * room / total for share in wanted]
    return [1.0 - sum(counts, 0.0), *counts]


class _Builder:
    def __init__(self, record_set: RecordSet, period: Period, theme: Theme, options: BuildOptions) -> None:
        self.record_set = record_set
        self.period = period
        self.theme = theme
        self.options = options
        self.lang = options.lang
        self.records = record_set.for_period(period)
        # The records' own text is Swedish; in a report in another language it is marked so.
        self.source_lang = None if self.lang == "sv" else LANGUAGE_TAGS["sv"]
        self.anchors = {id(r): f"r{i + 1}" for i, r in enumerate(self.records)}
        self._badges: dict[Status, Badge] = {}
        # Made once per report, since every assignment repeats them.
        self._words: dict[str, str] = {}
        self._labels: dict[str, Text] = {}
        self._committees: dict[tuple[str, ...], Text] = {}
        self._periods: dict[Period, str] = {}
        self._titles: dict[int, Text] = {}  # by id() of records the record set holds
        self._repeated: dict[Hashable, Paragraph] = {}
        self.assignments = record_set.assignment_records(period)
        self.counts = record_set.status_counts(self.assignments)
        self.statuses = relevant_statuses(period, self.counts)

    # -- words and pieces ------------------------------------------------------------

    def word(self, key: str, **values: object) -> str:
        if values:
            return self.theme.word(key, self.lang, **values)
        word = self._words.get(key)
        if word is None:
            word = self._words[key] = self.theme.word(key, self.lang)
        return word

    def period_short(self, period: Period) -> str:
        """ "T1 2022" """
        short = self._periods.get(period)
        if short is None:
            short = self._periods[period] = self.theme.period_short(period, self.lang)
        return short

    def badge(self, status: Status) -> Badge:
        badge = self._badges.get(status)
        if badge is None:
            style = self.theme.status_style(status)
            badge = self._badges[status] = Badge(status, style.symbol, style.words[self.lang], style.colour)
        return badge

    def source(self, text: str) -> Text:
        """The input's own text, marked Swedish in a report in another language."""
        return Text(text, lang=self.source_lang, source=True)

    def title(self, record: Record) -> Text:
        """The record's title as the input's own text, made once for the heading, the
        overview and the lists that name it."""
        title = self._titles.get(id(record))
        if title is None:
            title = self._titles[id(record)] = self.source(record.title)
        return title

    def committee_text(self, codes: Iterable[str]) -> Text:
        """Committees in full with their codes, or the word for none."""
        codes = tuple(codes)
        text = self._committees.get(codes)
        if text is None:
            text = self._committees[codes] = Text(self.theme.responsible(codes, self.lang),
                                                  lang=self.source_lang if codes else None)
        return text

    def field(self, key: str, *value: Inline) -> Paragraph:
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = Text(f"{self.word(key)}: ", strong=True)
        return Paragraph((label, *value), "field")

    def link_to(self, record: Record) -> Link:
        return Link(self.anchors[id(record)], (self.title(record),))

    @property
    def period_name(self) -> str:
        return self.theme.period_name(self.period, self.lang)

    def count_phrase(self, status: Status, n: int) -> str:
        """ "9 bedöms bli genomförda under året" """
        return self.word(f"count_{'one' if n == 1 else 'many'}_{status.value}", n=n)

    def listing(self, phrases: list[str], conjunction: str = "and") -> str:
        """ "a, b och c" (or, with the word "or", "a, b eller c") """
        if len(phrases) < 2:
            return "".join(phrases)
        return f"{', '.join(phrases[:-1])} {self.word(conjunction)} {phrases[-1]}"

    # -- the document --------------------------------------------------------------------

    def outline(self) -> Outline:
        plan = self.plan()
        title = self.theme.report_title(self.lang)
        period_name = self.period_name
        scope = self.scope()
        header_right = f"{period_name} – {', '.join(self.options.committees)}" if scope else period_name
        logo = self.logo(LOGO_HEIGHT_TITLE_MM)
        return Outline(
            lang=LANGUAGE_TAGS[self.lang],
            title=f"{title}, {period_name[:1].lower()}{period_name[1:]}" + (f" ({scope})" if scope else ""),
            subject=f"{title} – {self.theme.organisation}",
            keywords=", ".join(k for k in (self.theme.keywords[self.lang],
                                           self.theme.period_short(self.period, self.lang)) if k),
            author=self.theme.organisation,
            description=self.lead_sentence(),
            title_page=TitlePage(title, period_name, self.theme.organisation, self.facts(), logo),
            contents_title=self.word("contents"),
            headings=tuple(heading for heading, _ in plan if heading.in_contents),
            running=RunningText(title, header_right, self.theme.organisation,
                                self.word("page_x_of_y", page="{page}", pages="{pages}"),
                                self.logo(LOGO_HEIGHT_HEADER_MM)),
            _body=partial(self.body, plan),
        )

    def logo(self, height_mm: float) -> Figure | None:
        logo = self.theme.logo
        if logo is None:
            return None
        return Figure(Image(str(logo.path), height_mm), logo.alt[self.lang])

    def scope(self) -> str:
        """The committees a filtered report covers, in words; "" for a full report."""
        return self.theme.committees_in_words(self.options.committees) if self.options.committees else ""

    def facts(self) -> tuple[Fact, ...]:
        """The title page's facts, each only where it has a value: the months the report
        covers; its date only where it has one (asked for, or the date of the meeting it
        goes to), never one made up from the period; then the handout's facts."""
        period = self.period
        facts = [Fact(self.word("covers"), self.word(f"covers_t{period.tertial}", year=period.year))]
        handout = self.theme.handout
        given = {"case_number": self.options.case_number, "meeting": self.options.meeting,
                 "contact": self.options.contact}
        values = {key: value or handout.get(key, "") for key, value in given.items()}
        date = self.options.report_date or meeting_date(values["meeting"])
        if date is not None:
            facts.append(Fact(self.word("report_date"), date.isoformat()))
        if self.options.committees:
            facts.append(Fact(self.word("scope"), self.scope(), lang=self.source_lang))
        for key, value in values.items():
            if value:
                facts.append(Fact(self.word(key), value))
        return tuple(facts)

    @staticmethod
    def body(plan: Plan) -> Iterator[Block]:
        for heading, then in plan:
            yield heading
            yield from then()

    # -- the plan: every heading, each with what follows it ---------------------------------

    @staticmethod
    def add(plan: Plan, level: int, content: tuple[Inline, ...], then: Callable[[], Iterable[Block]] = tuple,
            anchor: str | None = None, page_break: bool = False) -> None:
        """A heading and what follows it, at the end of `plan`."""
        plan.append((Heading(level, content, anchor or f"h{len(plan) + 1}", page_break), then))

    def add_word(self, plan: Plan, level: int, key: str, then: Callable[[], Iterable[Block]] = tuple,
                 anchor: str | None = None, page_break: bool = False, **values: object) -> None:
        """A heading of the theme's words, and what follows it, at the end of `plan`."""
        self.add(plan, level, (Text(self.word(key, **values)),), then, anchor, page_break)

    def lead(self) -> tuple[Block, ...]:
        return (Paragraph((Text(self.lead_sentence()),), "lead"),)

    def plan(self) -> Plan:
        plan: Plan = []
        self.add_word(plan, 1, "summary", self.lead, anchor="summary", page_break=True)
        self.add_word(plan, 2, "attention", self.attention, anchor="attention")
        changes = self.record_set.changes(self.period)
        if changes.previous is not None:
            previous = self.period_short(changes.previous)
            self.add_word(plan, 2, "changes", partial(self.changes_intro, changes), anchor="changes", period=previous)
            for key, anchor, blocks in self.change_lists(changes):
                self.add_word(plan, 3, key, partial(tuple, blocks), anchor=anchor)
        self.add_word(plan, 2, "status_summary", self.status_summary, anchor="status")
        self.add_word(plan, 2, "per_lead_committee", self.committee_table, anchor="committees")
        self.add_word(plan, 2, "overview", self.overview, anchor="overview")

        group_by = self.options.group_by
        key = {"source": "assignments", "committee": "grouped_by_committee", "status": "grouped_by_status"}[group_by]
        self.add_word(plan, 1, key, anchor="assignments", page_break=True)
        for n, (group, records) in enumerate(
                self.record_set.groups(self.period, group_by, self.theme.committees), start=1):
            level = 2
            full = records
            if group is not None:
                level = 3
                name = self.theme.group_name(group, self.lang)
                lang = self.source_lang if isinstance(group, str) and group else None
                if group_by == "committee" and group:
                    full = tuple(r for r in records if r.committees[0] == group)
                    elsewhere = tuple(r for r in records if r.committees[0] != group)
                else:
                    elsewhere = ()
                self.add(plan, 2, (Text(name, lang=lang),), partial(self.references, elsewhere), anchor=f"g{n}")
            # By committee, the group's heading names the lead committee: no line repeats it.
            under_lead = group_by == "committee" and group is not None
            for record in full:
                self.add(plan, level, (self.title(record),), partial(self.assignment, record, under_lead),
                    anchor=self.anchors[id(record)])
        return plan

    # -- the summary ---------------------------------------------------------------------------

    def lead_sentence(self) -> str:
        total = len(self.assignments)
        parts = [self.count_phrase(s, self.counts[s]) for s in Status if self.counts[s]]
        return self.word("summary_lead_one" if total == 1 else "summary_lead", total=total,
                         parts=self.listing(parts))

    def attention(self) -> Iterator[Block]:
        records = [r for status in ATTENTION for r in self.records if r.status is status]
        if not records:
            yield Paragraph((Text(self.word("attention_none")),), "note")
            return
        yield Paragraph((Text(self.attention_sentence(records)),))
        yield BulletList(tuple(
            ListItem((self.link_to(r), Text(" – "), self.badge(r.status), *self.lead_of(r))) for r in records
        ), self.word("attention"))

    def attention_sentence(self, records: list[Record]) -> str:
        """ "Dessa uppdrag är inte genomförda eller saknar status:": the cases that apply,
        in the order of `ATTENTION`, one or many as the list is long."""
        number = "one" if len(records) == 1 else "many"
        present = {r.status for r in records}
        cases = [self.word(f"attention_{number}_{s.value}") for s in ATTENTION if s in present]
        return self.word("attention_intro_one" if number == "one" else "attention_intro",
                         cases=self.listing(cases, "or"))

    def lead_of(self, record: Record) -> tuple[Inline, ...]:
        if not record.committees:
            return ()
        return (Text(f", {self.word('lead_committee').lower()} "), Text(record.committees[0], lang=self.source_lang))

    def changes_intro(self, changes: Changes) -> Iterator[Block]:
        """The sentence under the changes heading: what follows, or that nothing changed."""
        previous = self.period_short(changes.previous) if changes.previous else ""
        if not changes:
            yield Paragraph((Text(self.word("changes_none", period=previous)),), "note")
        else:
            yield Paragraph((Text(self.word("changes_intro", period=previous)),))

    def change_lists(self, changes: Changes) -> Iterator[tuple[str, str, tuple[Block, ...]]]:
        """The changes as lists under their own headings, the slipped first."""
        arrow = Text(f" {self.word('becomes')} ")
        slipped = changes.slipped
        other = tuple(c for c in changes.changed if not c.slipped)
        if slipped:
            yield "slipped", "slipped", (BulletList(tuple(
                ListItem((self.link_to(c.after), Text(": "), self.badge(c.before.status), arrow,
                          self.badge(c.after.status))) for c in slipped), self.word("slipped")),)
        if other:
            yield "status_changed", "changed", (BulletList(tuple(
                ListItem((self.link_to(c.after), Text(": "), self.badge(c.before.status), arrow,
                          self.badge(c.after.status))) for c in other), self.word("status_changed")),)
        if changes.new:
            yield "new_assignments", "new", (BulletList(tuple(
                ListItem((self.link_to(r), Text(" – "), self.badge(r.status))) for r in changes.new),
                self.word("new_assignments")),)
        if changes.gone:
            yield "gone_assignments", "gone", (BulletList(tuple(
                ListItem((self.title(r), Text(f" – {self.word('last_reported')} "),
                          self.badge(r.status),
                          Text(f", {self.period_short(r.period)}")))
                for r in changes.gone), self.word("gone_assignments")),)

    def status_summary(self) -> Iterator[Block]:
        statuses = self.statuses
        total = len(self.assignments)
        yield Table(
            caption=self.word("status_table_caption", period=self.period_name),
            description=self.word("status_table_description", period=self.period_name),
            columns=(Column(self.word("status"), 0.7), Column(self.word("count"), 0.3, numeric=True)),
            rows=tuple(((self.badge(s),), (Text(str(self.counts[s])),)) for s in statuses),
            total=((Text(self.word("total"), strong=True),), (Text(str(total), strong=True),)),
        )
        phrases = [self.count_phrase(s, self.counts[s]) for s in statuses]
        yield Figure(
            BarChart(tuple(Bar(self.theme.status_words(s, self.lang), self.counts[s],
                               self.theme.status_style(s).colour) for s in statuses)),
            alt=self.word("chart_alt", period=self.period_name, parts=self.listing(phrases)),
            caption=self.word("chart_caption", period=self.period_name),
        )

    def committee_table(self) -> Iterator[Block]:
        """The status of the assignments per lead committee (the first of each record's
        committees), committees in the theme's order, then as first seen."""
        statuses = self.statuses
        counts: dict[str, dict[Status, int]] = {code: {} for code in self.theme.committees}
        for record in self.assignments:
            lead = record.committees[0] if record.committees else ""
            row = counts.setdefault(lead, {})
            row[record.status] = row.get(record.status, 0) + 1
        without = counts.pop("", None)
        rows = [(code, row) for code, row in counts.items() if row]
        if without:
            rows.append(("", without))
        headers = [self.theme.status_words(s, self.lang) for s in statuses] + [self.word("total")]
        names = [self.committee_text((code,) if code else ()).text for code, _ in rows]
        name_share, *shares = count_column_shares(names, headers)
        yield Table(
            caption=self.word("per_lead_committee_caption", period=self.period_name),
            description=self.word("per_lead_committee_description", period=self.period_name),
            columns=(Column(self.word("lead_committee"), name_share),
                     *(Column(header, share, numeric=True) for header, share in zip(headers, shares))),
            rows=tuple(
                ((self.committee_text((code,) if code else ()),),
                 *((Text(str(row.get(s, 0))),) for s in statuses),
                 (Text(str(sum(row.values()))),))
                for code, row in rows
            ),
        )

    def overview(self) -> Iterator[Block]:
        """Every assignment of the period with its committees (the lead committee first,
        in bold) and its status, each title linked to its section."""
        cells: dict[object, tuple[Inline, ...]] = {}  # made once for each set of committees, each status
        yield Table(
            caption=self.word("overview_caption", period=self.period_name),
            description=self.word("overview_description", period=self.period_name),
            columns=(Column(self.word("assignment"), 0.55), Column(self.word("committees_column"), 0.17),
                     Column(self.word("status"), 0.28)),
            rows=tuple(((self.link_to(r),), self.committees_cell(r, cells), self.status_cell(r, cells))
                       for r in self.records),
        )

    def committees_cell(self, record: Record, cells: dict[object, tuple[Inline, ...]]) -> tuple[Inline, ...]:
        """An overview row's committees, the lead committee first in bold; the same cell
        for the same committees (`cells`)."""
        codes = record.committees
        cell = cells.get(codes)
        if cell is None:
            if not codes:
                cell = (Text(self.word("other_committees")),)
            else:
                lead = Text(codes[0], strong=True, lang=self.source_lang)
                cell = (lead,) if len(codes) == 1 else (lead, Text(", " + ", ".join(codes[1:]),
                                                                   lang=self.source_lang))
            cells[codes] = cell
        return cell

    def status_cell(self, record: Record, cells: dict[object, tuple[Inline, ...]]) -> tuple[Inline, ...]:
        """An overview row's status badge; the same cell for the same status (`cells`)."""
        cell = cells.get(record.status)
        if cell is None:
            cell = cells[record.status] = (self.badge(record.status),)
        return cell

    # -- the assignments -------------------------------------------------------------------------

    def references(self, records: tuple[Record, ...]) -> Iterator[Block]:
        """Under a committee, the assignments it takes part in but does not lead: one line
        each, linked to the assignment under its lead committee."""
        if not records:
            return
        yield Paragraph((Text(self.word("also_takes_part")),), "reference")
        yield BulletList(tuple(
            ListItem((self.link_to(r), Text(f" ({self.word('lead_committee').lower()} "),
                      Text(r.committees[0], lang=self.source_lang), Text(")")))
            for r in records), self.word("also_takes_part"))

    def assignment(self, record: Record, under_lead: bool = False) -> Iterator[Block]:
        """What follows an assignment's heading: the lead committee (unless the assignment
        stands `under_lead`, under a heading that names it) and those taking part, the
        status, the previous status, the status sentence and the comment."""
        lead, others = record.committees[:1], record.committees[1:]
        if not under_lead:
            yield self.repeated(("lead_committee", lead),
                                lambda: self.field("lead_committee", self.committee_text(lead)))
        if others:
            yield self.repeated(("taking_part", others),
                                lambda: self.field("taking_part", self.committee_text(others)))
        yield self.repeated(("status", record.status), lambda: self.field("status", self.badge(record.status)))
        # The previous status is the tertial right before's, as in the changes section: where
        # the input reports that tertial but not the assignment, it says so; where it does not
        # report that tertial, the line is left out (the same in a full and a --period build).
        before = record.period.previous
        previous = self.record_set.previous(record)
        if previous is not None:
            yield self.repeated(("previous", previous.status, before), lambda: self.field(
                "previous", self.badge(previous.status), Text(f" ({self.period_short(before)})")))
        elif self.record_set.reports(before):
            yield self.repeated(("previous", None, before), lambda: self.field(
                "previous", Text(f"{self.word('not_reported')} ({self.period_short(before)})")))
        if record.status_text:
            yield Paragraph((self.source(record.status_text),), "status_text")
        else:
            yield self.repeated("no_status_text", lambda: Paragraph((Text(self.word("no_status_text")),), "note"))
        comments = [c for c in record.comment if c.strip()]
        for comment in comments:
            yield Paragraph((self.source(comment),), "comment")
        if not comments:
            yield self.repeated("no_comment", lambda: Paragraph((Text(self.word("no_comment")),), "note"))

    def repeated(self, key: Hashable, make: Callable[[], Paragraph]) -> Paragraph:
        """A paragraph many assignments show alike (a field with its value, a note about
        what is missing), made once per report."""
        paragraph = self._repeated.get(key)
        if paragraph is None:
            paragraph = self._repeated[key] = make()
        return paragraph
