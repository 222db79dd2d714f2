"""Mentions of one name merged into one entity: variants, a short later reference, one label.

Two mentions are one name when their keys match (case, spacing, dots, a possessive and a
leading "the" aside): "Wang Yi", "wang yi", "WANG YI's". A one-word mention that is the first or
last word of exactly one multi-word PERSON name is a short reference to it ("Wang" for "Wang
Yi", "Pompeo" for "Mike Pompeo"), whatever spaCy labelled it, unless it looks like a place
("Washington" beside "George Washington"). A one-word ORG that opens exactly one multi-word ORG
joins it ("Barclays" for "Barclays Bank"). The label of an entity is the majority label of its
fullest form, so a surname mislabelled ORG counts as the PERSON it refers to.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from tasks.countries import country_name, place_country_code
from tasks.ner.identify import country_of
from tasks.ner.mentions import Mention
from tasks.record import Entity

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"})
"""Titles dropped from a person's key, so that "Mr. Wang" is a reference to "Wang Yi"."""

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""A one-word place is not taken as a short reference to a person of the same name."""

COUNTRY_LABELS = frozenset({"GPE", "LOC"})
"""Labels under which a country name is recognised (French models have no GPE)."""

_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")
_DASHES = re.compile(r"[-‐‑‒–—]")


def key_of(text: str, label: str) -> str:
    """The comparison key of a surface form: casefolded, no dots, no possessive, no "the";
    a country's usual name for every way of writing it ("U.S.", "US", "the United States")."""
    if label in COUNTRY_LABELS and (code := place_country_code(text)) is not None:
        text = country_name(code)
    key = unicodedata.normalize("NFKC", text).casefold()
    key = _POSSESSIVE.sub("", key.strip()).replace(".", "")
    key = " ".join(_DASHES.sub(" ", key).split())
    key = _LEADING_ARTICLE.sub("", key)
    if label == "PERSON":
        words = key.split()
        while len(words) > 1 and words[0] in HONORIFICS:
            words.pop(0)
        key = " ".join(words)
    return key


def _majority(labels: Iterable[str]) -> str:
    """The most frequent label; ties go to the one seen first (Counter keeps insertion order)."""
    return Counter(labels).most_common(1)[0][0]


def _by_key(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        key = key_of(mention.text, mention.label)
        if key:
            groups.setdefault(key, []).append(mention)
    return groups


def _reference_target(key: str, label: str, full: dict[str, str]) -> str | None:
    """The one multi-word name (key) that the one-word ``key`` refers to, if exactly one."""
    targets = [
        name
        for name, name_label in full.items()
        if (
            name_label == "PERSON"
            and label not in PLACE_LABELS
            and key in (name.split()[0], name.split()[-1])
        )
        or (name_label == label == "ORG" and key == name.split()[0])
    ]
    return targets[0] if len(targets) == 1 else None


def named(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions that can be names: an all-lowercase one ("bush", "keyboard player") only
    as a variant of a name the text also capitalises ("wang yi" beside "Wang Yi")."""
    mentions = list(mentions)
    capitalised = {key_of(m.text, m.label) for m in mentions if not m.text.islower()}
    return [m for m in mentions if not m.text.islower() or key_of(m.text, m.label) in capitalised]


def group(mentions: Iterable[Mention]) -> list[tuple[str, str, list[Mention]]]:
    """The mentions grouped per name: ``(key, label, mentions)`` in order of first mention."""
    by_key = _by_key(named(mentions))
    labels = {key: _majority(m.label for m in found) for key, found in by_key.items()}
    full = {key: labels[key] for key in by_key if " " in key}
    merged: dict[str, list[Mention]] = {key: list(found) for key, found in by_key.items()}
    for key, found in by_key.items():
        target = None if " " in key else _reference_target(key, labels[key], full)
        if target is not None:
            merged[target].extend(found)
            del merged[key]
    result = [
        (key, labels[key], sorted(found, key=lambda m: m.start)) for key, found in merged.items()
    ]
    return sorted(result, key=lambda entry: entry[2][0].start)


def _fullest_form(key: str, found: list[Mention]) -> str:
    """The longest surface of the full name, not a possessive; then the most frequent, in
    ordinary capitals."""
    forms = Counter(m.text for m in found if key_of(m.text, m.label) == key)
    return max(
        forms,
        key=lambda f: (
            not _POSSESSIVE.search(f),
            len(f),
            forms[f],
            not f.islower(),
            not f.isupper(),
        ),
    )


def entities_of(mentions: Iterable[Mention]) -> list[Entity]:
    """One ``Entity`` per name, in order of first mention."""
    entities = []
    for key, label, found in group(mentions):
        first = found[0]
        text = _fullest_form(key, found)
        variants = list(dict.fromkeys(m.text for m in found))
        entities.append(
            Entity(
                text=text,
                label=label,
                canonical=key,
                count=len(found),
                start=first.start,
                end=first.end,
                variants=variants,
                mentions=[(m.start, m.end) for m in found],
                country=country_of(label, [text, *variants]),
            )
        )
    return entities


def relabelled(mentions: Iterable[Mention]) -> list[Mention]:
    """Every mention with the label of the entity it belongs to, in text order."""
    return sorted(
        (replace(m, label=label) for _, label, found in group(mentions) for m in found),
        key=lambda m: m.start,
    )
