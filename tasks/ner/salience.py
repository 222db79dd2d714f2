"""How central each entity is to the article: a documented score, as paid NLP APIs give.

    raw = MENTIONS * (its mentions / all mentions)
        + TITLE    * (named in the title)
        + LEAD     * (mentioned in the first LEAD_CHARS characters)
        + POSITION * (1 - first mention's offset / text length)

The raw scores are divided by their sum, so an article's saliences add up to 1, like
Google Cloud Natural Language's. The weights favour repetition, then the headline and lead,
where news states what a story is about.
"""

from __future__ import annotations

import re

import msgspec

from tasks.record import Entity

MENTIONS = 0.5
TITLE = 0.25
LEAD = 0.15
POSITION = 0.1
LEAD_CHARS = 400


def ranked(entities: list[Entity], text: str, title: str | None) -> list[Entity]:
    """The entities with their salience, most salient first (ties: first mentioned first)."""
    if not entities:
        return []
    total = sum(e.count for e in entities) or 1
    length = max(len(text), 1)
    heading = (title or "").casefold()
    raw = [
        MENTIONS * e.count / total
        + TITLE * _named_in(e, heading)
        + LEAD * (e.start < LEAD_CHARS)
        + POSITION * (1 - min(e.start, length) / length)
        for e in entities
    ]
    scale = sum(raw) or 1.0
    scored = [
        _with_salience(e, round(score / scale, 4)) for e, score in zip(entities, raw, strict=True)
    ]
    return sorted(scored, key=lambda e: (-e.salience, e.start))


def _named_in(entity: Entity, heading: str) -> bool:
    forms = {form.casefold() for form in (entity.text, *entity.variants)}
    # the substring test first: compiling a pattern per name was most of this stage's cost
    return any(form in heading and _whole_words(form, heading) for form in forms)


def _whole_words(form: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def _with_salience(entity: Entity, salience: float) -> Entity:
    return msgspec.structs.replace(entity, salience=salience)
