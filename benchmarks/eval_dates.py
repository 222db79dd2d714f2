"""Evaluate the dates stage on the shared dev sets.

    .venv/bin/python benchmarks/eval_dates.py [DATA_DIR] [--htmldate] [--errors]

1. ``dates-dev.jsonl.gz``: publication-day accuracy (``published.date`` against
   ``expected_date``) from the HTML page (record with raw html + url) and, separately, from
   the plain-text dump alone (through ``tasks.clean.Clean`` when that stage exists).
2. ``malformed-dev.jsonl.gz``: each crawler payload through ``record_from_payload`` and the
   stage; correct / wrong / no-day counts per kind of corruption.

Prints the stage's cost per article. Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.dates import Dates
from tasks.payload import record_from_payload
from tasks.record import Article, DateResult, RawBody

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CONFIDENT = 0.5
"""A wrong day at or above this confidence counts as confidently wrong."""


def rows(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def text_record_builder() -> tuple[str, Callable[[dict[str, Any]], Article]]:
    """Text dumps go through the clean stage when it exists, else straight in as text."""
    try:
        from tasks.clean import Clean  # type: ignore[attr-defined]
    except ImportError:

        def bare(row: dict[str, Any]) -> Article:
            return Article(
                id=row["id"], url=row.get("url"), text=row["text"], raw=RawBody(text=row["text"])
            )

        return "raw text (tasks.clean not available)", bare
    clean = Clean()

    def cleaned(row: dict[str, Any]) -> Article:
        return clean(Article(id=row["id"], url=row.get("url"), raw=RawBody(text=row["text"])))

    return "tasks.clean.Clean", cleaned


class Timer:
    """The stage's cost per article: wall clock, and CPU time (steadier on a shared machine)."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self.count = 0

    def run(self, stage: Dates, record: Article) -> Article:
        wall, cpu = time.perf_counter(), time.process_time()
        out = stage(record)
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu
        self.count += 1
        return out

    def __str__(self) -> str:
        n = max(self.count, 1)
        return f"{1000 * self.wall / n:.1f} ms/article wall, {1000 * self.cpu / n:.1f} ms CPU"


def eval_dates_dev(path: Path, stage: Dates, args: argparse.Namespace) -> None:
    data = [r for r in rows(path) if r.get("expected_date")]
    print(f"\n== {path.name}: {len(data)} pages with an expected date")
    html_ok = text_ok = htmldate_ok = 0
    html_timer, text_timer = Timer(), Timer()
    label, build_text = text_record_builder()
    for row in data:
        expected = row["expected_date"]
        record = Article(id=row["id"], url=row.get("url"), raw=RawBody(html=row["html"]))
        got = html_timer.run(stage, record).published
        html_ok += got.date == expected
        if args.errors and got.date != expected:
            print(
                f"  html miss {row['id']} expected {expected} got {got.value} "
                f"[{got.confidence}] {row.get('url', '')[:90]}"
            )
        if row.get("text"):
            text_got = text_timer.run(stage, build_text(row)).published
            text_ok += text_got.date == expected
        if args.htmldate:
            htmldate_ok += _htmldate(row) == expected
    total = len(data)
    print(f"from HTML : {html_ok}/{total} = {html_ok / total:.3f} correct day  ({html_timer})")
    print(
        f"from text : {text_ok}/{total} = {text_ok / total:.3f} correct day  ({text_timer}; "
        f"{label})"
    )
    if args.htmldate:
        print(
            f"htmldate  : {htmldate_ok}/{total} = {htmldate_ok / total:.3f} "
            "(find_date, extensive_search, original_date; for comparison)"
        )


def _htmldate(row: dict[str, Any]) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(row["html"], url=row.get("url"), original_date=True)
    except Exception:  # noqa: BLE001  (a comparison baseline must not stop the run)
        return None
    return str(found) if found else None


def eval_malformed(path: Path, stage: Dates, args: argparse.Namespace) -> None:
    data = list(rows(path))
    print(f"\n== {path.name}: {len(data)} payloads")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    timer = Timer()
    for row in data:
        record = record_from_payload(row["payload"])
        got = timer.run(stage, record).published
        expected = row["expected_date"]
        if got.date is None:
            outcome = "no-day"
        elif got.date == expected:
            outcome = "correct"
        else:
            outcome = "wrong"
            counts[row["kind"]]["confident-wrong"] += got.confidence >= CONFIDENT
            if args.errors:
                print(
                    f"  wrong {row['kind']} payload {row['payload'].get('published')!r} "
                    f"expected {expected} got {got.value} [{got.confidence}]"
                )
        counts[row["kind"]][outcome] += 1
        counts[row["kind"]]["unsupported"] += got.date is not None and not _supported(got)
    columns = ("correct", "wrong", "no-day", "confident-wrong", "unsupported")
    print(f"{'kind':28} {'n':>4} " + " ".join(f"{c:>15}" for c in columns))
    total = Counter[str]()
    for kind in sorted(counts):
        total.update(counts[kind])
        _row(kind, counts[kind], columns)
    _row("all", total, columns)
    n = total["correct"] + total["wrong"] + total["no-day"]
    print(f"malformed correct-day rate: {total['correct'] / max(n, 1):.3f}  ({timer})")
    print(
        "confident-wrong: a wrong day with confidence >= 0.5; unsupported: a day that no "
        "candidate gives as written (only a repair or an order reading does)"
    )


def _row(kind: str, counts: Counter[str], columns: tuple[str, ...]) -> None:
    n = counts["correct"] + counts["wrong"] + counts["no-day"]
    print(f"{kind:28} {n:4d} " + " ".join(f"{counts[c]:15d}" for c in columns))


def _supported(result: DateResult) -> bool:
    """True when some candidate gives the chosen day as written, without a repair."""
    return any(
        c.agreed and c.repair is None and not c.note and (c.value or "")[:10] == result.date
        for c in result.candidates
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--htmldate", action="store_true", help="also score htmldate")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args()
    stage = Dates()
    ran = False
    for name, evaluate in (
        ("dates-dev.jsonl.gz", eval_dates_dev),
        ("malformed-dev.jsonl.gz", eval_malformed),
    ):
        path = args.data_dir / name
        if not path.exists():
            print(f"{path} not found: skipped (pass the data folder as the first argument)")
            continue
        evaluate(path, stage, args)
        ran = True
    if not ran:
        print("no dev data found; nothing evaluated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
