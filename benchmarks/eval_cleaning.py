"""Quality of the clean stage against plain trafilatura on the cleaning dev set.

(One stage alone: a debugging aid. The product's figures: benchmarks/eval_product.py.)

Usage: .venv/bin/python benchmarks/eval_cleaning.py [PATH] [--pages]
(default ../shared/data/cleaning-dev.jsonl.gz; exits 0 with a message when it is absent).

Each page is cleaned twice, from its HTML only and from its plain-text dump only, and scored
with the article-extraction-benchmark metric (see ``shingles``). The baseline is
``trafilatura.extract`` on the same input. ``--pages`` adds one line per page and form.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from shingles import PageCounts, page_counts, precision, recall, score

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "data" / "cleaning-dev.jsonl.gz"
FORMS = ("html", "text")


def load(path: Path) -> list[dict[str, str]]:
    """The dev pages: ``id``, ``url``, ``html``, ``text`` and ``expected_text``."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def clean_stage() -> Callable[[dict[str, str], str], str]:
    """The clean stage on one form of a page, as the pipeline would call it."""
    from tasks.clean import Clean
    from tasks.record import Article, RawBody

    stage = Clean()

    def run(page: dict[str, str], form: str) -> str:
        raw = RawBody(html=page["html"]) if form == "html" else RawBody(text=page["text"])
        return stage(Article(id=page["id"], url=page.get("url"), raw=raw)).text

    return run


def plain_trafilatura(page: dict[str, str], form: str) -> str:
    """``trafilatura.extract`` with its defaults, as most projects call it."""
    import trafilatura

    return trafilatura.extract(page[form], url=page.get("url")) or ""


def evaluate(
    pages: list[dict[str, str]], system: Callable[[dict[str, str], str], str], form: str
) -> tuple[list[PageCounts], float]:
    """Per-page shingle counts of ``system`` on ``form``, and the seconds it took."""
    started = time.perf_counter()
    counts = [page_counts(page["expected_text"], system(page, form)) for page in pages]
    return counts, time.perf_counter() - started


def main(argv: list[str]) -> int:
    from stage_alone import announce  # this script's folder is on sys.path

    announce()
    args = [a for a in argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT_PATH
    if not path.exists():
        print(f"cleaning dev set not found at {path}; nothing to evaluate")
        return 0
    pages = load(path)
    systems = {"clean stage": clean_stage(), "trafilatura": plain_trafilatura}
    print(f"{len(pages)} pages from {path}")
    print(f"{'input':<6} {'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'ms/page':>8}")
    for form in FORMS:
        for name, system in systems.items():
            counts, seconds = evaluate(pages, system, form)
            s = score(counts)
            ms = seconds * 1000 / len(pages)
            print(f"{form:<6} {name:<12} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {ms:8.1f}")
            if "--pages" in argv and name == "clean stage":
                for page, c in zip(pages, counts, strict=True):
                    print(f"    {precision(c):.2f} {recall(c):.2f}  {page['url'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
