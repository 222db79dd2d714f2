"""The cost of entities and tags per article beside the NER model's, on the same pages, in one run.

    .venv/bin/python benchmarks/cost_tags.py [DATA_DIR] [--repeat 3] [--profile 25]

The pages of ``dates-dev.jsonl.gz`` and ``cleaning-dev.jsonl.gz`` go through
``tasks.clean.Clean`` and ``tasks.language.DetectLanguage`` as in the pipeline; on those in a
language with a NER model (``tasks.config.DEFAULT_MODELS``), three passes alternate:

- the NER model: ``Ner.find`` (``nlp.pipe`` in batches of ``BATCH_SIZE`` and reading its spans);
- entities: what the NER stage does with those spans (``Ner.with_entities``: merging,
  furniture rules, countries, salience);
- tags: the tag stage (``tasks.tag.Tag``: source tags, entity tags, YAKE keyphrases).

Prints CPU ms/article of each (best of ``--repeat`` rounds) and entities + tags as a share of
the model's (the issue's aim: under 10%). ``--profile N`` prints the N costliest functions of
the entities and tags passes. Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cost_dates import cost_arguments, each_pass, pages, timed
from tasks.config import DEFAULT_MODELS
from tasks.ner import Ner
from tasks.ner.stage import BATCH_SIZE, Found
from tasks.record import Article
from tasks.tag import Tag

TARGET_SHARE = 0.10
"""The issue's aim: entities and tags together under 10% of NER's time."""
FILES = ("dates-dev.jsonl.gz", "cleaning-dev.jsonl.gz")


def batches(records: Sequence[Article]) -> list[Sequence[Article]]:
    return [records[i : i + BATCH_SIZE] for i in range(0, len(records), BATCH_SIZE)]


def model_pass(ner: Ner, records: Sequence[Article]) -> Callable[[], None]:
    def run() -> None:
        for batch in batches(records):
            ner.find(batch)

    return run


def entities_pass(ner: Ner, records: Sequence[Article], found: list[Found]) -> Callable[[], None]:
    def run() -> None:
        for record, spans in zip(records, found, strict=True):
            ner.with_entities(record, spans)

    return run


def main() -> int:
    args = cost_arguments(__doc__).parse_args()
    paths = [args.data_dir / name for name in FILES if (args.data_dir / name).exists()]
    if not paths:
        print(f"none of {', '.join(FILES)} in {args.data_dir}: skipped")
        return 0
    records = [r for path in paths for r in pages(path) if r.language.code in DEFAULT_MODELS]
    ner, tag = Ner(), Tag()
    ner.warm()
    tag.warm()
    found = [f for batch in batches(records) for f in ner.find(batch)]
    entitled = [ner.with_entities(r, f) for r, f in zip(records, found, strict=True)]
    each_pass(tag, entitled[:10])()  # first calls build YAKE's extractors
    words = sum(len(r.text.split()) for r in records) / max(len(records), 1)
    print(f"{', '.join(p.name for p in paths)}: {len(records)} pages in a language with a NER")
    print(
        f"  model ({', '.join(sorted(DEFAULT_MODELS))}; {words:.0f} words of clean text on average)"
    )
    costs = timed(
        {
            f"ner model (batches of {BATCH_SIZE})": (model_pass(ner, records), len(records)),
            "entities": (entities_pass(ner, records, found), len(records)),
            "tags": (each_pass(tag, entitled), len(records)),
        },
        args.repeat,
    )
    for name, (cpu, wall) in costs.items():
        print(f"{name:28}: {cpu:7.2f} ms/article CPU ({wall:.2f} wall)")
    model, entities, tags = (cpu for cpu, _wall in costs.values())
    share = (entities + tags) / model if model else float("nan")
    print(
        f"{'entities + tags / model':28}: {share:.1%} (aim: under {TARGET_SHARE:.0%}); "
        f"entities {entities / model:.1%}, tags {tags / model:.1%}; CPU, best of {args.repeat}"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(entities_pass(ner, records, found))
        profile.runcall(each_pass(tag, entitled))
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
