"""The tag stage: the publisher's tags normalised, tags from the entities, and keyphrases,
each with a score from 0 to 1 within its kind:

- source: ``SOURCE_BORNE_OUT`` (1) when the article's text mentions the tag (a country tag:
  when the entities name the country), ``SOURCE_UNMENTIONED`` (0.5) when it does not — the
  editor chose it, the text does not bear it out;
- entity: the salience of the tag's entities (``tasks.ner.salience``) over the best tag's;
- keyphrase: YAKE's score, relative to the best keyphrase's (``tasks.tag.keyphrases``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from tasks.config import DEFAULT_KEYPHRASES
from tasks.countries import place_country_code
from tasks.record import Article, Entity, ScoredTag
from tasks.tag.keyphrases import scored_keyphrases
from tasks.tag.source_tags import normalise_tags, split_run_together
from tasks.tag.synonyms import merged

SOURCE_BORNE_OUT = 1.0
SOURCE_UNMENTIONED = 0.5

ENTITY_PREFIXES = {"PERSON": "person", "ORG": "org"}
"""Entity labels that become ``prefix:canonical`` tags; places become ``country:`` tags."""

PLACE_LABELS = frozenset({"GPE", "LOC"})

SEGMENTED_LANGUAGES = frozenset({"en"})
"""Languages whose run-together tags are split (wordsegment's statistics are English); an
unknown language counts as English, the language most tags are written in."""


def entity_tags(entities: Iterable[Entity]) -> list[ScoredTag]:
    """``person:``, ``org:`` and ``country:`` tags, best first, each once.

    A tag's score is the salience of its entities (a country named as "China" and "PRC"
    adds both) over that of the article's best tag, so the best scores 1.
    """
    weight: dict[str, float] = {}
    for entity in entities:
        name = _entity_tag(entity)
        if name is not None:
            # an entity with no salience yet (built by hand) still counts, as one mention
            weight[name] = weight.get(name, 0.0) + (entity.salience or entity.count * 1e-6)
    best = max(weight.values(), default=0.0)
    ranked = sorted(weight.items(), key=lambda item: -item[1])
    return [ScoredTag(name, "entity", round(w / best, 4)) for name, w in ranked]


def _entity_tag(entity: Entity) -> str | None:
    if entity.label in ENTITY_PREFIXES:
        return f"{ENTITY_PREFIXES[entity.label]}:{entity.canonical}"
    if entity.label in PLACE_LABELS:
        code = next(filter(None, map(place_country_code, [entity.text, *entity.variants])), None)
        return f"country:{code}" if code is not None else None
    return None


def source_tags(tags: Iterable[str], text: str, language: str) -> list[ScoredTag]:
    """The publisher's tags normalised and their synonyms merged, in the publisher's order;
    each scores ``SOURCE_BORNE_OUT`` when the text mentions it (a country tag: when an
    entity names the country), else ``SOURCE_UNMENTIONED``."""
    article = text.lower()
    normal = normalise_tags(tags, article, segment=language in SEGMENTED_LANGUAGES)
    return [
        ScoredTag(
            name, "source", SOURCE_BORNE_OUT if _mentions(article, name) else SOURCE_UNMENTIONED
        )
        for name in merged(normal, text)
    ]


def _mentions(article: str, name: str) -> bool:
    if name.startswith("country:"):
        return False  # decided against the entity tags in ``_unique``
    # the substring test first spares compiling a pattern for every tag that is absent
    return name in article and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", article) is not None


def _unique(groups: Iterable[list[ScoredTag]]) -> list[ScoredTag]:
    """Each name once, under its first kind; a source country tag the entities confirm
    takes the better score."""
    kept: dict[str, ScoredTag] = {}
    for tag in (tag for group in groups for tag in group):
        first = kept.get(tag.name)
        if first is None:
            kept[tag.name] = tag
        elif first.kind == "source" and tag.kind == "entity":
            kept[tag.name] = msgspec.structs.replace(first, score=SOURCE_BORNE_OUT)
    return list(kept.values())


class Tag:
    """Set ``record.tags``: source tags, entity tags and keyphrases, each scored."""

    name = "tag"
    reads_raw = False

    def __init__(self, max_keyphrases: int = DEFAULT_KEYPHRASES) -> None:
        if max_keyphrases < 0:
            raise ValueError(f"max_keyphrases must be zero or more, got {max_keyphrases}")
        self.max_keyphrases = max_keyphrases

    def warm(self) -> None:
        """Load the word statistics before the first article (the transport calls this)."""
        split_run_together("warmupword")

    def __call__(self, record: Article) -> Article:
        language = record.language.code or "en"
        phrases = scored_keyphrases(record.text, language, self.max_keyphrases)
        tags = _unique(
            [
                source_tags(record.source_tags, record.text, language),
                entity_tags(record.entities),
                [ScoredTag(phrase, "keyphrase", score) for phrase, score in phrases],
            ]
        )
        return msgspec.structs.replace(record, tags=tags)
