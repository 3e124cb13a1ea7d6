"""A seeded generator of follow-up text files in the layout of the samples
(codes in the title), for benchmarks and scale tests.

    python -m bench.corpus 10000 --seed 1 --shape spread -o corpus/

Shapes: "spread" puts the records over every tertial of 2019-2026 (one to three
files per period, some assignments recurring across periods with the same title);
"single" puts every record in one period (T3 2022), the stress case of one huge
document per format. The same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import fragments as f

__all__ = ["SHAPES", "YEARS", "SINGLE_PERIOD", "periods", "generate", "main"]

SHAPES = ("spread", "single")
YEARS = tuple(range(2019, 2027))
SINGLE_PERIOD = (2022, 3)
RECORDS_PER_SINGLE_FILE = 10_000  # the single shape splits its one period into files of this size
NBSP = "\u00a0"


def periods(shape: str = "spread") -> list[tuple[int, int]]:
    """The (year, tertial) periods a shape spreads its records over, in time order."""
    if shape == "single":
        return [SINGLE_PERIOD]
    if shape == "spread":
        return [(year, tertial) for year in YEARS for tertial in (1, 2, 3)]
    raise ValueError(f"unknown shape {shape!r}: use {' or '.join(SHAPES)}")


class _Generator:
    """The random choices of one corpus; one instance per call of `generate`."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_titles: set[str] = set()
        self.recurring: list[tuple[str, tuple[str, ...]]] = []  # assignments of recent periods
        self._sentences: dict[int, tuple[str, ...]] = {}
        self._forecast = [p for p, _ in f.FORECAST_PHRASES], [w for _, w in f.FORECAST_PHRASES]
        self._outcome = [p for p, _ in f.OUTCOME_PHRASES], [w for _, w in f.OUTCOME_PHRASES]

    # -- pieces -------------------------------------------------------------------

    def sentences(self, year: int) -> tuple[str, ...]:
        found = self._sentences.get(year)
        if found is None:
            found = tuple(s.format(year=year, next_year=year + 1) for s in f.SENTENCES)
            self._sentences[year] = found
        return found

    def committees(self, area_codes: tuple[str, ...]) -> tuple[str, ...]:
        rng = self.rng
        codes = list(area_codes[: rng.randint(1, len(area_codes))])
        roll = rng.random()
        if roll < 0.35 and "KS" not in codes:
            codes.insert(0, "KS")
        elif roll > 0.93:
            for _ in range(rng.randint(1, 3)):
                extra = rng.choice(f.COMMITTEES)
                if extra not in codes:
                    codes.append(extra)
        return tuple(codes)

    def new_assignment(self) -> tuple[str, tuple[str, ...]]:
        """A title not used before in this corpus, and its committees."""
        rng = self.rng
        if rng.random() < 0.01:
            title, codes = rng.choice(f.SAMPLE_TITLES)
            if title not in self.used_titles:
                self.used_titles.add(title)
                return title, codes
        for attempt in range(8):
            area_codes, objects, purposes = rng.choice(f.AREAS)
            title = rng.choice(f.VERBS) + " " + rng.choice(objects) + rng.choice(purposes) + rng.choice(f.PLACES)
            if attempt >= 4:
                title += f" – etapp {rng.randint(2, 999)}"
            if title not in self.used_titles:
                self.used_titles.add(title)
                return title, self.committees(area_codes)
        # Practically never reached; a number keeps the title unique.
        title = f"{title} – del {len(self.used_titles)}"
        self.used_titles.add(title)
        return title, self.committees(area_codes)

    def status(self, tertial: int) -> str:
        rng = self.rng
        phrases, weights = self._forecast if tertial < 3 else self._outcome
        text = rng.choices(phrases, weights)[0]
        if rng.random() < 0.85:
            text += " under året"
        if rng.random() < 0.88:
            text += "."
        if rng.random() < 0.06:
            text += " "
        return text

    def paragraph(self, year: int) -> str:
        rng = self.rng
        pool = self.sentences(year)
        text = " ".join(rng.choice(pool) for _ in range(rng.choices((1, 2, 3, 4, 5), (3, 4, 4, 2, 1))[0]))
        roll = rng.random()
        if roll < 0.04:  # a non-breaking space inside, as pasted from Word
            spaces = [i for i, ch in enumerate(text) if ch == " "]
            if spaces:
                at = rng.choice(spaces)
                text = text[:at] + NBSP + text[at + 1 :]
        elif roll < 0.07:  # trailing non-breaking space and space
            text += NBSP + " "
        elif roll < 0.10:
            text += " "
        return text

    def record(self, title: str, codes: tuple[str, ...], year: int, tertial: int) -> str:
        rng = self.rng
        comments = [self.paragraph(year) for _ in range(rng.choices((1, 2, 3, 4), (5, 3, 1, 1))[0])]
        parts = [".", f"{title} ({', '.join(codes)})", "", self.status(tertial), ""]
        for comment in comments:
            parts.append(comment)
            parts.append("")
        return "\n".join(parts) + "\n"

    # -- periods ------------------------------------------------------------------------

    def period_records(self, year: int, tertial: int, count: int, recur: bool) -> list[str]:
        """`count` records of one period, titles unique within it; with `recur`, many
        take up assignments of earlier periods."""
        rng = self.rng
        in_period: set[str] = set()
        chosen: list[tuple[str, tuple[str, ...]]] = []
        share = 0.75 if tertial > 1 else 0.35  # T2 and T3 follow up T1's assignments
        for _ in range(count):
            picked = None
            if recur and self.recurring and rng.random() < share:
                candidate = self.recurring[rng.randrange(len(self.recurring))]
                if candidate[0] not in in_period:
                    picked = candidate
            if picked is None:
                picked = self.new_assignment()
            in_period.add(picked[0])
            chosen.append(picked)
        if recur:
            # Assignments stay current for about a year (three tertials).
            keep = max(1, 2 * count)
            self.recurring = (self.recurring + chosen)[-keep:]
        return [self.record(title, codes, year, tertial) for title, codes in chosen]


def _file_sizes(count: int, files: int) -> list[int]:
    base, extra = divmod(count, files)
    return [base + (1 if i < extra else 0) for i in range(files)]


def generate(n_records: int, seed: int = 0, shape: str = "spread", out_dir: str | Path | None = None) -> list[Path]:
    """Write `n_records` records in follow-up files to `out_dir` (a new temporary folder
    if None); the paths written, in the sorted order exporter reads a folder in. The
    same arguments give the same bytes."""
    if n_records < 0:
        raise ValueError("the number of records cannot be negative")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: use {' or '.join(SHAPES)}")
    out = Path(tempfile.mkdtemp(prefix="exporter-corpus-")) if out_dir is None else Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gen = _Generator(seed)
    rng = gen.rng
    spans = periods(shape)
    per_period = _file_sizes(n_records, len(spans))
    written: list[Path] = []
    for (year, tertial), count in zip(spans, per_period):
        if count == 0:
            continue
        if shape == "single":
            files = max(1, -(-count // RECORDS_PER_SINGLE_FILE))
            topics = [f"del-{i + 1:03d}" for i in range(files)]
        else:
            files = min(count, rng.choice((1, 1, 2, 3)))
            topics = sorted(rng.sample(f.TOPICS, files))
        records = gen.period_records(year, tertial, count, recur=shape == "spread")
        header = f"T{tertial} {year} Uppdrag. Kommentar T{tertial} {year}\n"
        start = 0
        for topic, size in zip(topics, _file_sizes(count, files)):
            path = out / f"{year}-T{tertial}-{topic}.txt"
            text = header + "".join(records[start : start + size])
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
            start += size
    return sorted(written)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: python -m bench.corpus N [--seed S] [--shape spread|single] -o DIR."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=int, help="number of records")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default="spread")
    parser.add_argument("-o", "--output", required=True, help="folder to write the files to")
    args = parser.parse_args(argv)
    paths = generate(args.records, args.seed, args.shape, args.output)
    print(f"{len(paths)} files, {args.records} records in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
