"""Evaluate the dates stage on the shared dev sets.

(One stage alone: a debugging aid. The product's figures: benchmarks/eval_product.py.)

    .venv/bin/python benchmarks/eval_dates.py [DATA_DIR] [--htmldate] [--errors]

1. ``dates-dev.jsonl.gz``: publication-day accuracy (``published.date`` against
   ``expected_date``) from the HTML page (record with raw html + url) and, separately, from
   the plain-text dump alone (through ``tasks.clean.Clean`` when that stage exists).
2. ``malformed-dev.jsonl.gz``: each crawler payload through ``record_from_payload`` and the
   stage; correct / wrong / no-day counts per kind of corruption.
3. Per-source habits: streams in file order through the stage with a ``LocalMemory`` (recall,
   date, count: what the workers do against Redis), beside the same records with no memory,
   in the same run: the dev sets by their real sources, then two simulated crawlers built
   from them at run time (``--no-memory`` skips this part).

Prints the stage's cost per article. Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.clean.handed_on import handed_on
from tasks.dates import Dates
from tasks.dates.habits import MIN_ARTICLES
from tasks.dates.zone_locale import ZONE_NOTE
from tasks.memory import LocalMemory
from tasks.payload import record_from_payload
from tasks.pipeline import enrich_inline
from tasks.record import Article, DateResult, RawBody

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DATES = "dates-dev.jsonl.gz"
MALFORMED = "malformed-dev.jsonl.gz"
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
        record = handed_on(record)  # what the clean stage reads of the page; not timed
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
    return _support(result) == "written"


_ORDER_READING = re.compile(r"^day/month order| read (?:day|month) first, ")


def _support(result: DateResult) -> str:
    """``written`` when an agreeing candidate gives the chosen day as written (a note about its
    zone abbreviation leaves the day as written); ``order`` when only a reading of an
    ambiguous all-digit date in one order does; ``none`` otherwise (a repair alone)."""
    on_day = [c for c in result.candidates if c.agreed and (c.value or "")[:10] == result.date]
    if any(c.repair is None and (not c.note or c.note.startswith(ZONE_NOTE)) for c in on_day):
        return "written"
    if any(c.note and _ORDER_READING.search(c.note) for c in on_day):
        return "order"
    return "none"


def _outcome(result: DateResult, expected: str) -> str:
    if result.date is None:
        return "no-day"
    return "correct" if result.date == expected else "wrong"


_HABIT = re.compile(r"as its source writes|its source's .* values had|earlier articles of its")
"""Evidence that a source's habit decided something (an order, a doubt, a zone)."""

Stream = list[tuple[Article, str, str]]
"""Records in arrival order, each with its expected day and the group it is reported under."""


def run_stream(stage: Dates, stream: Stream) -> dict[str, dict[str, Counter[str]]]:
    """Outcomes per group with no memory and with a ``LocalMemory`` learning as it goes."""
    store = LocalMemory()
    outcomes: dict[str, dict[str, Counter[str]]] = {
        "none": defaultdict(Counter),
        "memory": defaultdict(Counter),
    }
    for raw_record, expected, group in stream:
        record = handed_on(raw_record)
        (learned,), failed = enrich_inline([record], [stage], memory=store)
        if failed:
            raise RuntimeError(failed[0].reason)
        for mode, result in (("none", stage(record).published), ("memory", learned.published)):
            counts = outcomes[mode][group]
            counts[_outcome(result, expected)] += 1
            if result.date is not None:
                support = _support(result)
                counts["unsupported"] += support == "none"
                counts["order-read"] += support == "order"
            counts["by habit"] += any(_HABIT.search(e) for e in result.evidence)
    return outcomes


def print_side_by_side(title: str, outcomes: dict[str, dict[str, Counter[str]]]) -> None:
    print(f"\n{title}")
    columns = ("correct", "wrong", "no-day", "unsupported", "order-read")
    header = " ".join(f"{c:>11}" for c in columns)
    print(f"{'':28} {'n':>4}  no memory: {header}  |  memory: {header} {'by habit':>9}")
    groups = sorted(outcomes["none"])
    for group in [*groups, "all"]:
        rows = {
            mode: (
                sum((outcomes[mode][g] for g in groups), Counter[str]())
                if group == "all"
                else outcomes[mode][group]
            )
            for mode in outcomes
        }
        n = sum(rows["none"][c] for c in ("correct", "wrong", "no-day"))
        cells = {m: " ".join(f"{rows[m][c]:11d}" for c in columns) for m in rows}
        print(
            f"{group:28} {n:4d}             {cells['none']}  |          {cells['memory']} "
            f"{rows['memory']['by habit']:9d}"
        )


def eval_memory(data_dir: Path, stage: Dates) -> None:
    """The habit prior, side by side with no memory, on real and on simulated streams."""
    malformed_path, dates_path = data_dir / MALFORMED, data_dir / DATES
    print(
        f"\n== per-source habits: streams in file order with LocalMemory vs no memory "
        f"(trusted from {MIN_ARTICLES} articles of a source)"
    )
    if malformed_path.exists():
        malformed = list(rows(malformed_path))
        real = [
            (record_from_payload(r["payload"]), r["expected_date"], r["kind"]) for r in malformed
        ]
        sources = Counter(record.source for record, _, _ in real)
        print_side_by_side(
            f"real sources, malformed-dev: {len(sources)} sources, "
            f"{sum(n >= MIN_ARTICLES for n in sources.values())} with {MIN_ARTICLES}+ articles",
            run_stream(stage, real),
        )
        print_side_by_side(
            "simulated: one crawler per kind (its source), every other payload arriving as a "
            "feed item without its page (url, published, a teaser); the feed items",
            _thin_only(run_stream(stage, crawler_stream(malformed))),
        )
    if dates_path.exists():
        print_side_by_side(
            "simulated: dates-dev pages fed by two crawlers that write published as dd/mm/yyyy "
            "and mm/dd/yyyy, every other payload a feed item without its page; the feed items",
            _thin_only(run_stream(stage, order_stream(list(rows(dates_path))))),
        )


THIN = "thin "
TEASER = "Read the full story on our site."
"""The body of a thin payload: a feed item's teaser, without the page (nor a date)."""


def crawler_stream(malformed: list[dict[str, Any]]) -> Stream:
    """Each kind of corruption as the habit of one source; every other payload of a source
    arrives without its page, so only the URL can confirm its date."""
    seen: Counter[str] = Counter()
    stream: Stream = []
    for row in malformed:
        kind = row["kind"]
        payload = {**row["payload"], "source": f"crawler-{kind}"}
        seen[kind] += 1
        thin = seen[kind] % 2 == 0
        if thin:
            payload = {**{k: v for k, v in payload.items() if k != "html"}, "text": TEASER}
        group = f"{THIN if thin else ''}{kind}"
        stream.append((record_from_payload(payload), row["expected_date"], group))
    return stream


def order_stream(pages: list[dict[str, Any]]) -> Stream:
    """The dev pages split between a day-first and a month-first crawler (alternately), each
    sending ``published`` as the expected day in its order; every other payload thin."""
    stream: Stream = []
    for index, row in enumerate(pages):
        if not row.get("expected_date"):
            continue
        year, month, day = row["expected_date"].split("-")
        order = "dmy" if index % 2 == 0 else "mdy"
        value = f"{day}/{month}/{year}" if order == "dmy" else f"{month}/{day}/{year}"
        payload: dict[str, Any] = {
            "id": row["id"],
            "url": row.get("url"),
            "published": value,
            "source": f"crawler-{order}",
        }
        thin = (index // 2) % 2 == 1
        payload["text" if thin else "html"] = TEASER if thin else row["html"]
        ambiguous = "ambiguous" if int(day) <= 12 and day != month else "unambiguous"
        group = f"{THIN if thin else ''}{order} {ambiguous}"
        stream.append((record_from_payload(payload), row["expected_date"], group))
    return stream


def _thin_only(
    outcomes: dict[str, dict[str, Counter[str]]],
) -> dict[str, dict[str, Counter[str]]]:
    return {
        mode: {g.removeprefix(THIN): c for g, c in groups.items() if g.startswith(THIN)}
        for mode, groups in outcomes.items()
    }


def main() -> int:
    from stage_alone import announce  # this script's folder is on sys.path

    announce()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--htmldate", action="store_true", help="also score htmldate")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--no-memory", action="store_true", help="skip the habit streams")
    args = parser.parse_args()
    stage = Dates()
    ran = False
    for name, evaluate in ((DATES, eval_dates_dev), (MALFORMED, eval_malformed)):
        path = args.data_dir / name
        if not path.exists():
            print(f"{path} not found: skipped (pass the data folder as the first argument)")
            continue
        evaluate(path, stage, args)
        ran = True
    if not ran:
        print("no dev data found; nothing evaluated")
    elif not args.no_memory:
        eval_memory(args.data_dir, stage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
