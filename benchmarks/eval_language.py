"""Accuracy and cost of the language stage, beside each of its identifiers and raw langdetect.

(One stage alone: a debugging aid. The product's figures: benchmarks/eval_product.py.)

Usage: .venv/bin/python benchmarks/eval_language.py [PATH]
(default ../shared/data/language-dev.jsonl.gz; exits 0 with a message when it is absent).
Scoring: exact ISO 639-1 code, overall, for sentences under 40 characters and for the
languages langdetect has a profile for; ``reliable`` is the share of the stage's answers
marked reliable and how many of those are right. All rows are timed in the same run.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "data" / "language-dev.jsonl.gz"
SHORT = 40


def load(path: Path) -> list[dict[str, str]]:
    """The dev records: ``text`` and its ``lang``."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def raw_langdetect(text: str) -> str | None:
    """langdetect as most projects call it: global seed, the text as it is."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(detect(text))
    except LangDetectException:
        return None


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def identifiers() -> dict[str, Callable[[str], tuple[str | None, bool]]]:
    """Each contender as text -> (code, reliable), loaded now, with the memory it took."""
    before = rss_mb()
    from tasks.language import DetectLanguage
    from tasks.language.cld2_opinion import cld2_opinion
    from tasks.language.langdetect_opinion import langdetect_opinion
    from tasks.record import Article

    stage = DetectLanguage()
    stage.warm()
    cld2_opinion("warm up")
    print(f"memory: the stage's identifiers loaded, {rss_mb() - before:.0f} MB")

    def run_stage(text: str) -> tuple[str | None, bool]:
        language = stage(Article(id="x", text=text)).language
        return language.code, language.reliable

    def langdetect_only(text: str) -> tuple[str | None, bool]:
        return langdetect_opinion(text).code, False

    def cld2_only(text: str) -> tuple[str | None, bool]:
        opinion = cld2_opinion(text)
        return opinion.code, opinion.reliable

    return {
        "stage": run_stage,
        "langdetect": langdetect_only,
        "cld2": cld2_only,
        "raw ldet": lambda text: (raw_langdetect(text), False),
    }


def main(argv: list[str]) -> int:
    from stage_alone import announce  # this script's folder is on sys.path

    announce()
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.exists():
        print(f"no language dev data at {path}; nothing to evaluate")
        return 0
    from tasks.language.langdetect_opinion import profiled_codes

    rows = load(path)
    contenders = identifiers()
    known = profiled_codes()
    hits: dict[str, Counter[str]] = {name: Counter() for name in contenders}
    spent = dict.fromkeys(contenders, 0.0)
    for row in rows:
        text, gold = row["text"], row["lang"]
        for name, identify in contenders.items():
            started = time.perf_counter()
            got, reliable = identify(text)
            spent[name] += time.perf_counter() - started
            right = got == gold
            tally = hits[name]
            tally.update(
                all=right, short=right and len(text) < SHORT, known=right and gold in known
            )
            tally.update(reliable=reliable, reliable_right=reliable and right)
    n = len(rows)
    n_short = sum(len(r["text"]) < SHORT for r in rows)
    n_known = sum(r["lang"] in known for r in rows)
    print(
        f"{path.name}: {n} sentences, {n_short} under {SHORT} characters, "
        f"{n_known} in the {len(known)} languages langdetect has profiles for"
    )
    print(f"{'':12}{'accuracy':>10}{'<40 chars':>11}{'profiled':>10}{'ms/text':>9}  reliable")
    for name, tally in hits.items():
        marked = tally["reliable"]
        trust = f"{marked / n:.3f}, {tally['reliable_right'] / marked:.3f} right" if marked else "-"
        print(
            f"{name:12}{tally['all'] / n:>10.3f}{tally['short'] / max(n_short, 1):>11.3f}"
            f"{tally['known'] / max(n_known, 1):>10.3f}{spent[name] * 1000 / n:>9.2f}  {trust}"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main(sys.argv))
