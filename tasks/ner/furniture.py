"""Entities that come from page furniture left in the text, not from the story.

An entity is dropped only when a rule recognises every one of its mentions: a photo credit
(a name right before " - Pool / Getty Images" or after "Photo: "), a short copyright line
("© 2020 Example Media, Inc. All Rights Reserved"), a short newsletter or follow-us prompt,
the office in a title, which is no entity of its own ("State" in "Secretary of State
Mike Pompeo", which the small English model calls an organisation), or a span stretched
across a Title Case headline past a real name ("Norway Backs": ``overreach``).
A name the story also mentions elsewhere stays. Each drop names its rule (a warning on the
record), so a consumer can see what was removed and why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.ner.overreach import HeadlineOverreach
from tasks.record import Entity

MAX_FURNITURE_LINE = 200
"""A copyright or newsletter line is short; a paragraph that mentions a newsletter is not
furniture."""

_AGENCY = (
    r"(?:getty\s+images|afp|reuters|ap(?:\s+photo)?|associated\s+press|epa(?:-efe)?"
    r"|shutterstock|bloomberg|xinhua|anadolu|sipa|alamy)\b"
)
_CREDIT_AFTER = re.compile(
    r"\s*(?:[-–—/|]\s*)(?:(?:pool|handout|file)\s*[-–—/|]\s*)?(?:via\s+)?" + _AGENCY,
    re.IGNORECASE,
)
"""After a photographer's name: " - Pool / Getty Images", "/AFP", " | Reuters"."""
_CREDIT_BEFORE = re.compile(
    r"(?:photo(?:graph)?s?\s*(?:by|:)|credit\s*:|image\s*:|pictured\s*:)\s*$", re.IGNORECASE
)
"""Before it: "Photo: ", "Photograph by "."""
_OFFICE_BEFORE = re.compile(
    r"\b(?:secretary|minister|undersecretary|under-secretary|head|chancellor)"
    r"(?:[- ]general)?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Before the office of a title: "Secretary of ", "Minister of the "."""
_OFFICE_WORDS = 2
"""An office is one or two words ("State", "Foreign Affairs"); longer is a real body
("Secretary of the Federal Reserve Board" is unusual, "Bank of England" is no title)."""
_LINE_RULES: dict[str, re.Pattern[str]] = {
    "copyright": re.compile(r"©|\(c\)\s*\d{4}|\ball\s+rights\s+reserved\b", re.IGNORECASE),
    "newsletter": re.compile(
        r"\b(?:sign\s+up|subscribe|newsletter|follow\s+us|download\s+(?:the|our)\b.*\bapp)\b",
        re.IGNORECASE,
    ),
}
"""Rules that recognise a whole (short) line."""


def without_furniture(
    entities: Sequence[Entity], text: str
) -> tuple[list[Entity], list[tuple[Entity, str]]]:
    """The entities kept, and the dropped ones with the rule that dropped each."""
    kept: list[Entity] = []
    dropped: list[tuple[Entity, str]] = []
    overreach = HeadlineOverreach(entities, text)
    for entity in entities:
        rule = _rule_for(entity, text, overreach)
        if rule is None:
            kept.append(entity)
        else:
            dropped.append((entity, rule))
    return kept, dropped


def _rule_for(entity: Entity, text: str, overreach: HeadlineOverreach) -> str | None:
    """The rule every mention matches, if one does."""
    spans = entity.mentions or [(entity.start, entity.end)]
    common: set[str] | None = None
    for start, end in spans:
        matched = _rules_at(text, start, end)
        if overreach(start, end):
            matched.add("headline_overreach")
        common = matched if common is None else common & matched
        if not common:
            return None
    return min(common) if common else None


def _rules_at(text: str, start: int, end: int) -> set[str]:
    rules = set()
    if _CREDIT_AFTER.match(text, end) or _CREDIT_BEFORE.search(text, max(0, start - 30), start):
        rules.add("photo_credit")
    if len(text[start:end].split()) <= _OFFICE_WORDS and _OFFICE_BEFORE.search(
        text, max(0, start - 40), start
    ):
        rules.add("office_title")
    line = _line_at(text, start)
    if len(line) <= MAX_FURNITURE_LINE:
        rules.update(name for name, rule in _LINE_RULES.items() if rule.search(line))
    return rules


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]
