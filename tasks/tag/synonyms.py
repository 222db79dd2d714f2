"""Obvious synonyms among tags: one name for one thing.

Three kinds, each resting on a source rather than a hand-made thesaurus:

- a country under any of its names ("US", "U.S.", "United States", "America") is the
  ``country:`` tag the entities give (``tasks.countries``: pycountry and news aliases);
- an acronym the article itself defines ("artificial intelligence (AI)") is its long form,
  found the way Schwartz and Hearst (2003) find abbreviation definitions: the words right
  before the parentheses whose initials spell the acronym;
- singular and plural ("election", "elections") are one tag, under the form seen first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tasks.countries import country_code

MAX_ACRONYM = 8
"""Longer capitals in parentheses are words shouted, not acronyms."""

_ACRONYM = re.compile(rf"\(([A-Z][A-Za-z]{{1,{MAX_ACRONYM - 1}}})\)")
_WORD_BEFORE = re.compile(r"[^\W\d_][\w'’-]*")
LOOK_BACK = 120
"""Characters before the parenthesis searched for the long form."""
_FILLERS = frozenset({"of", "and", "for", "the", "in", "on", "to", "de", "la", "des", "du"})
"""Words an acronym's letters usually skip ("Organisation *for* Economic...")."""


def country_tag(tag: str) -> str | None:
    """``country:XX`` when the tag is a country's name ("u.s.", "united states"), else None."""
    code = country_code(tag)
    return f"country:{code}" if code else None


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines, lowercased, to their long form: {"ai": "artificial
    intelligence"} from "... artificial intelligence (AI) ..."."""
    found: dict[str, str] = {}
    # the parentheses first: a pattern that also matched the words before them tried every
    # word of the text as a start (2.7 ms an article under cProfile; this is 0.004 ms)
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        long_form = _long_form(_words_before(text, match.start()), acronym.upper())
        if long_form:
            found.setdefault(acronym.lower(), long_form.lower())
    return found


def _words_before(text: str, end: int) -> list[str]:
    """The words right before ``end``, up to the last punctuation (a long form is never
    split by a comma or a full stop)."""
    words: list[str] = []
    for piece in reversed(text[max(0, end - LOOK_BACK) : end].split()):
        if not _WORD_BEFORE.fullmatch(piece):
            break
        words.append(piece)
    return words[::-1][-(MAX_ACRONYM + 2) :]


def _long_form(words: list[str], acronym: str) -> str | None:
    """The shortest run of the last ``words`` whose initials, fillers aside, are the
    acronym's capital letters in order ("Organisation for Economic Co-operation and
    Development" for "OECD": a hyphenated word is one word)."""
    letters = [ch for ch in acronym if ch.isupper()]
    for start in range(len(words) - 1, -1, -1):
        run = words[start:]
        initials = [w[0].upper() for w in _content_words(run)]
        if initials == letters:
            return " ".join(run)
        if len(initials) > len(letters):
            return None
    return None


def _content_words(words: list[str]) -> list[str]:
    return [word for word in words if word.lower() not in _FILLERS]


def fold(tag: str) -> str:
    """The tag with each word's plural folded: the key under which variants are one."""
    return " ".join(map(plural_fold, tag.split()))


def plural_fold(word: str) -> str:
    """A crude plural fold, enough to see "efforts" and "effort" as one word."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def merged(tags: Iterable[str], text: str) -> list[str]:
    """The normalised ``tags`` with their obvious synonyms made one, in their order: each
    country as ``country:XX``, an acronym ``text`` defines as its long form, plural and
    singular under the first form seen."""
    acronyms = defined_acronyms(text)
    seen: dict[str, str] = {}
    for tag in tags:
        name = country_tag(tag) or acronyms.get(tag, tag)
        seen.setdefault(fold(name), name)
    return list(seen.values())
