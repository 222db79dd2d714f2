"""Language tags as pages and crawlers write them, read as ISO 639-1 codes.

``<html lang="en-US">``, ``og:locale`` ``fr_FR``, a crawler's ``"language": "deu"``: the
primary subtag is the language; three-letter codes are mapped through pycountry (ISO 639-3).
Anything else ("English", "x-klingon", "*") is not a code and is not guessed at.
"""

from __future__ import annotations

import re

import pycountry

CODE_ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb"}
"""Codes read as another: langdetect's ``zh-cn``/``zh-tw`` are Chinese, and its Norwegian
profile is built from the Bokmål Wikipedia, so ``no`` is ``nb`` on both sides."""

RETIRED_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
"""Codes ISO 639 withdrew, which Java locales and CLD2 still write (``jw`` is CLD2's own
misspelling of Javanese's ``jv``)."""

_SUBTAG = re.compile(r"[-_]")


def iso_639_1(tag: str | None) -> str | None:
    """The ISO 639-1 code of a language tag, or None when it names no known language."""
    cleaned = (tag or "").strip().lower()
    if cleaned in CODE_ALIASES:
        return CODE_ALIASES[cleaned]
    primary = _SUBTAG.split(cleaned, maxsplit=1)[0]
    primary = RETIRED_CODES.get(primary, primary)
    if not primary.isalpha() or len(primary) not in (2, 3):
        return None
    found = pycountry.languages.get(**{"alpha_2" if len(primary) == 2 else "alpha_3": primary})
    code = getattr(found, "alpha_2", None) if found is not None else None
    return CODE_ALIASES.get(code, code) if code else None
