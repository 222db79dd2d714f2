"""The tag stage: the publisher's tags normalised, tags from the entities, and keyphrases."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from tasks.countries import country_code
from tasks.record import Article, Entity
from tasks.tag.keyphrases import keyphrases
from tasks.tag.source_tags import normalise_tags, split_run_together

DEFAULT_MAX_KEYPHRASES = 5
"""Keyphrases kept per article."""

ENTITY_PREFIXES = {"PERSON": "person", "ORG": "org"}
"""Entity labels that become ``prefix:canonical`` tags; places become ``country:`` tags."""

PLACE_LABELS = frozenset({"GPE", "LOC"})

SEGMENTED_LANGUAGES = frozenset({"en"})
"""Languages whose run-together tags are split (wordsegment's statistics are English); an
unknown language counts as English, the language most tags are written in."""


def entity_tags(entities: Iterable[Entity]) -> list[str]:
    """``person:``, ``org:`` and ``country:`` tags, most mentioned first, each once."""
    tags: list[str] = []
    for entity in sorted(entities, key=lambda e: (-e.count, e.start)):
        if entity.label in ENTITY_PREFIXES:
            tags.append(f"{ENTITY_PREFIXES[entity.label]}:{entity.canonical}")
        elif entity.label in PLACE_LABELS:
            code = next(filter(None, map(country_code, [entity.text, *entity.variants])), None)
            if code is not None:
                tags.append(f"country:{code}")
    return list(dict.fromkeys(tags))


class Tag:
    """Set ``record.tags`` (source tags, then entity tags) and ``record.keywords``."""

    name = "tag"
    reads_raw = False

    def __init__(self, max_keyphrases: int = DEFAULT_MAX_KEYPHRASES) -> None:
        if max_keyphrases < 0:
            raise ValueError(f"max_keyphrases must be zero or more, got {max_keyphrases}")
        self.max_keyphrases = max_keyphrases

    def warm(self) -> None:
        """Load the word statistics before the first article (the transport calls this)."""
        split_run_together("warmupword")

    def __call__(self, record: Article) -> Article:
        language = record.language.code or "en"
        source = normalise_tags(
            record.source_tags,
            record.text.lower(),
            segment=language in SEGMENTED_LANGUAGES,
        )
        tags = list(dict.fromkeys([*source, *entity_tags(record.entities)]))
        keywords = keyphrases(record.text, language, self.max_keyphrases)
        return msgspec.structs.replace(record, tags=tags, keywords=keywords)
