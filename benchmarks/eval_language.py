"""Accuracy of the language stage against raw langdetect on the language dev set.

Usage: .venv/bin/python benchmarks/eval_language.py [PATH]
(default ../shared/data/language-dev.jsonl.gz; exits 0 with a message when it is absent).
Scoring: exact ISO 639-1 code, overall and for sentences under 40 characters.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

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


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.exists():
        print(f"no language dev data at {path}; nothing to evaluate")
        return 0
    from tasks.language import CODE_ALIASES, DetectLanguage, _factory
    from tasks.record import Article

    rows = load(path)
    known = {CODE_ALIASES.get(code, code) for code in _factory().langlist} | {"no"}
    stage = DetectLanguage()
    stage(Article(id="warm-up", text="warm the profiles up before timing"))
    raw_langdetect("warm up")
    hits: dict[str, Counter[str]] = {"stage": Counter(), "langdetect": Counter()}
    spent = dict.fromkeys(hits, 0.0)
    for i, row in enumerate(rows):
        text, gold = row["text"], row["lang"]
        started = time.perf_counter()
        got_stage = stage(Article(id=str(i), text=text)).language.code
        spent["stage"] += time.perf_counter() - started
        started = time.perf_counter()
        got_raw = raw_langdetect(text)
        spent["langdetect"] += time.perf_counter() - started
        for name, got in (("stage", got_stage), ("langdetect", got_raw)):
            if got == gold:
                hits[name]["all"] += 1
                hits[name]["short"] += len(text) < SHORT
                hits[name]["known"] += gold in known
    n = len(rows)
    n_short = sum(len(r["text"]) < SHORT for r in rows)
    n_known = sum(r["lang"] in known for r in rows)
    print(
        f"{path.name}: {n} sentences, {n_short} under {SHORT} characters, "
        f"{n_known} in the {len(known) - 1} languages langdetect has profiles for"
    )
    print(f"{'':12}{'accuracy':>10}{'<40 chars':>11}{'profiled':>10}{'ms/text':>9}")
    for name, tally in hits.items():
        print(
            f"{name:12}{tally['all'] / n:>10.3f}{tally['short'] / max(n_short, 1):>11.3f}"
            f"{tally['known'] / max(n_known, 1):>10.3f}{spent[name] * 1000 / n:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main(sys.argv))
