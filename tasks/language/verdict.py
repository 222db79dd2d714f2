"""One answer from two identifiers' opinions, and how far it can be trusted.

langdetect is the stage's base; CLD2 is asked about every text too, and decides where
langdetect cannot know better. The rules, in order (figures: the language dev set, 1,499
sentences in 75 languages, of which 20 have no langdetect profile):

1. CLD2 has no answer: langdetect alone, sure at 0.9 on 40+ letters as before.
2. Both name the same language: that language, reliable when either is sure of it on its
   own (langdetect as in 1, or CLD2's own reliability verdict): 98% right on the dev set.
3. CLD2 names a language langdetect has no profile for: langdetect could not have named it,
   so its answer is no evidence against it; CLD2's, reliable when CLD2 calls it so on 40+
   letters (96% right; langdetect's answer there was always wrong).
4. They disagree on a language both know: langdetect's answer when it is sure, else CLD2's;
   never reliable, since one of two identifiers that both know the language is wrong.

``confidence`` stays langdetect's probability for the language reported, None when
langdetect did not rank it (CLD2 gives no probability, and inventing one would mislead).
"""

from __future__ import annotations

import msgspec

from tasks.language.cld2_opinion import Cld2Opinion
from tasks.language.langdetect_opinion import RELIABLE_CHARS, LangdetectOpinion


class Verdict(msgspec.Struct, frozen=True):
    """The language the text is in, per the two identifiers."""

    code: str | None
    confidence: float | None
    reliable: bool
    why: str
    """How the answer was reached, for the warning when a declared language overrides it."""


def combine(
    first: LangdetectOpinion, second: Cld2Opinion, letters: int, profiled: frozenset[str]
) -> Verdict:
    """The stage's answer from langdetect's opinion (``first``) and CLD2's (``second``) on
    a text with ``letters`` letters; ``profiled`` are the codes langdetect can answer."""
    mine, theirs = first.code, second.code
    said = f"langdetect {mine or 'none'} at {first.probability:.2f}, CLD2 {theirs or 'none'}"
    why = f"{said}, on {letters} letters"
    if theirs is None:
        return Verdict(mine, _confidence(first, mine), first.sure(letters), why)
    if theirs == mine:
        sure = first.sure(letters) or second.reliable
        return Verdict(mine, _confidence(first, mine), sure, why)
    if theirs not in profiled:
        sure = second.reliable and letters >= RELIABLE_CHARS
        return Verdict(theirs, None, sure, why)
    code = mine if mine is not None and first.sure(letters) else theirs
    return Verdict(code, _confidence(first, code), False, why)


def _confidence(first: LangdetectOpinion, code: str | None) -> float | None:
    found = first.probability_of(code) if code is not None else None
    return round(found, 4) if found is not None else None
