"""CLD2's opinion of a text: the second identifier, for what langdetect cannot say.

langdetect has profiles for 55 languages; a text in any other (Armenian, Basque, Malay,
Norwegian Nynorsk, Zulu...) still gets one of those 55, often with a probability near 1.
Google's Compact Language Detector 2 (``pycld2``) knows about 160 languages, ships its
tables inside the wheel (about 7 MB in memory, nothing loaded at run time) and takes
microseconds per text, so it can be asked about every article.
"""

from __future__ import annotations

import re

import msgspec
import pycld2  # type: ignore[import-untyped]  # a C extension that ships no type information

from tasks.language_codes import iso_639_1

_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
"""Characters pycld2 rejects as "invalid UTF-8" (control characters, surrogates and Unicode
noncharacters): a stray one in a crawled page would otherwise cost the whole opinion."""


class Cld2Opinion(msgspec.Struct, frozen=True):
    """CLD2's answer: its best language as ISO 639-1 (None when it has none), and whether
    CLD2 itself calls that answer reliable."""

    code: str | None = None
    reliable: bool = False


def cld2_opinion(text: str) -> Cld2Opinion:
    """CLD2's best language for ``text``.

    CLD2 first answers as it is built to, calling an answer reliable or declining a text
    too short to judge; a declined text is asked again in CLD2's best-effort mode, whose
    answer is kept but never called reliable (best effort calls even "Hotel" reliable).
    """
    cleaned = _REFUSED.sub(" ", text)
    try:
        reliable, _, found = pycld2.detect(cleaned)
        code = _top_code(found)
        if code is not None:
            return Cld2Opinion(code=code, reliable=bool(reliable))
        _, _, found = pycld2.detect(cleaned, bestEffort=True)
    except pycld2.error:  # a character we did not foresee: no opinion rather than a crash
        return Cld2Opinion()
    return Cld2Opinion(code=_top_code(found))


def _top_code(found: tuple[tuple[str, str, int, float], ...]) -> str | None:
    """The ISO 639-1 code of CLD2's first language, None for "unknown", a script-only
    answer (``xx-Latn``) or a language with no ISO 639-1 code (``ceb``, ``haw``)."""
    name = found[0][1] if found else "un"
    if name in ("un", "xxx") or name.startswith("xx-"):
        return None
    return iso_639_1(name)  # also reads the retired iw (Hebrew), zh-Hant, sr-ME
