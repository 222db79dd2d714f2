"""Entity F1 of bare spaCy and of the NER stage on the NER dev set, side by side; and the
per-article cost of the language, NER and tag stages on real article bodies.

(One stage alone: a debugging aid. The product's figures: benchmarks/eval_product.py.)

Usage: .venv/bin/python benchmarks/eval_ner.py [NER_PATH] [ARTICLES_PATH]
(defaults ../shared/data/ner-dev.jsonl.gz and ../shared/data/cleaning-dev.jsonl.gz, whose
``expected_text`` bodies are used for timing only; exits 0 with a message when absent).

Scoring (shared/data/README.md): exact span and type; spaCy labels mapped PERSON→PER,
GPE/LOC→LOC, ORG→ORG, NORP/FAC/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC, others ignored.
"Bare spaCy" is the full model and ``doc.ents``; "stage" is what the stage finds (only the
entity components, headline casing, tidied spans, labels unified per entity).
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_NER = DATA / "ner-dev.jsonl.gz"
DEFAULT_ARTICLES = DATA / "cleaning-dev.jsonl.gz"

TO_DEV_LABEL = {
    "PERSON": "PER",
    "PER": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "ORG": "ORG",
    **dict.fromkeys(
        ["NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "MISC"], "MISC"
    ),
}

Span = tuple[int, int, int, str]
"""(sentence index, start, end, dev label)"""


def load(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def spans(i: int, found: Iterable[tuple[int, int, str]]) -> set[Span]:
    """Predictions in dev labels; labels without a dev counterpart are dropped."""
    return {(i, s, e, TO_DEV_LABEL[label]) for s, e, label in found if label in TO_DEV_LABEL}


def prf(gold: set[Span], predicted: set[Span]) -> tuple[float, float, float]:
    hits = len(gold & predicted)
    p = hits / len(predicted) if predicted else 0.0
    r = hits / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_ner(path: Path) -> None:
    import spacy

    from tasks.ner import DEFAULT_MODELS, Ner
    from tasks.ner.grouping import relabelled
    from tasks.record import Article, Language

    rows = load(path)
    texts = [row["text"] for row in rows]
    gold = {
        (i, e["start"], e["end"], e["label"]) for i, row in enumerate(rows) for e in row["entities"]
    }

    nlp = spacy.load(DEFAULT_MODELS["en"])
    started = time.perf_counter()
    bare: set[Span] = set()
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        bare |= spans(i, ((e.start_char, e.end_char, e.label_) for e in doc.ents))
    bare_ms = (time.perf_counter() - started) * 1000 / len(rows)

    stage = Ner(models=DEFAULT_MODELS)
    stage.check()
    records = [
        Article(id=str(i), text=t, language=Language(code="en", confidence=1.0))
        for i, t in enumerate(texts)
    ]
    started = time.perf_counter()
    found = stage.find(records)
    stage_ms = (time.perf_counter() - started) * 1000 / len(rows)
    ours: set[Span] = set()
    for i, result in enumerate(found):
        ours |= spans(i, ((m.start, m.end, m.label) for m in relabelled(result.mentions)))

    print(
        f"{path.name}: {len(rows)} sentences, {len(gold)} gold entities; "
        f"model {DEFAULT_MODELS['en']}"
    )
    print(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'ms/sent':>9}")
    for name, predicted, ms in (("bare spaCy", bare, bare_ms), ("stage", ours, stage_ms)):
        p, r, f = prf(gold, predicted)
        print(f"{name:14}{p:>7.3f}{r:>7.3f}{f:>7.3f}{ms:>9.2f}")
    print(
        "F1 per label:  "
        + "  ".join(
            f"{label} {prf(only(gold, label), only(bare, label))[2]:.3f}"
            f"→{prf(only(gold, label), only(ours, label))[2]:.3f}"
            for label in ("PER", "LOC", "ORG", "MISC")
        )
    )


def only(found: set[Span], label: str) -> set[Span]:
    return {s for s in found if s[3] == label}


def time_stages(path: Path, limit: int = 56) -> None:
    """Milliseconds per article of language, NER and tag on real article bodies."""
    from tasks.language import DetectLanguage
    from tasks.ner import Ner
    from tasks.record import Article
    from tasks.stage import Stage
    from tasks.tag import Tag

    bodies = [row["expected_text"] for row in load(path)[:limit] if row.get("expected_text")]
    ner = Ner()
    stages: list[Stage] = [DetectLanguage(), ner, Tag()]
    warm = Article(id="warm", text="Warm the models up before timing them.")
    for stage in stages:  # load profiles, models and word statistics outside the timing
        warm = stage(warm)
    spent: dict[str, list[float]] = {stage.name: [] for stage in stages}
    records = []
    for i, body in enumerate(bodies):
        record = Article(id=str(i), text=body)
        for stage in stages:
            started = time.perf_counter()
            record = stage(record)
            spent[stage.name].append((time.perf_counter() - started) * 1000)
        records.append(record)
    started = time.perf_counter()
    ner.pipe(records)
    piped = (time.perf_counter() - started) * 1000 / len(records)
    languages = Counter(r.language.code for r in records)
    chars = statistics.mean(len(b) for b in bodies)
    print(
        f"\nper-article cost on {len(bodies)} article bodies of {path.name} "
        f"(mean {chars:.0f} characters; languages {dict(languages)}):"
    )
    print(f"{'':10}{'mean ms':>9}{'median':>9}{'max':>9}")
    for name, times in spent.items():
        print(
            f"{name:10}{statistics.mean(times):>9.1f}{statistics.median(times):>9.1f}"
            f"{max(times):>9.1f}"
        )
    print(f"{'ner.pipe':10}{piped:>9.1f}   (per article, whole batch through nlp.pipe)")


def main(argv: list[str]) -> int:
    from stage_alone import announce  # this script's folder is on sys.path

    announce()
    ner_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_NER
    articles_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_ARTICLES
    if ner_path.exists():
        score_ner(ner_path)
    else:
        print(f"no NER dev data at {ner_path}; nothing to score")
    if articles_path.exists():
        time_stages(articles_path)
    else:
        print(f"no article bodies at {articles_path}; no per-article timing")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main(sys.argv))
