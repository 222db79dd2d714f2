"""How langdetect's and CLD2's opinions make one answer: the rules, on opinions built by hand."""

from __future__ import annotations

from tasks.language.cld2_opinion import Cld2Opinion
from tasks.language.langdetect_opinion import LangdetectOpinion
from tasks.language.verdict import Verdict, combine

PROFILED = frozenset({"en", "de", "nl", "af", "sv", "nb"})
LONG, SHORT = 120, 20


def sure(code: str) -> LangdetectOpinion:
    return LangdetectOpinion(ranked=[(code, 0.9876)])


def test_without_a_cld2_answer_langdetect_decides_alone() -> None:
    """No second opinion: langdetect's code, sure only at 0.9 on 40+ letters."""
    long = combine(sure("de"), Cld2Opinion(), LONG, PROFILED)
    short = combine(sure("de"), Cld2Opinion(), SHORT, PROFILED)
    assert (long.code, long.confidence, long.reliable) == ("de", 0.9876, True)
    assert (short.code, short.reliable) == ("de", False)


def test_agreement_is_reliable_when_either_identifier_is_sure_on_its_own() -> None:
    """Same code from both: reliable on a short text when CLD2 vouches for it."""
    verdict = combine(sure("de"), Cld2Opinion("de", reliable=True), SHORT, PROFILED)
    assert (verdict.code, verdict.confidence, verdict.reliable) == ("de", 0.9876, True)


def test_agreement_of_two_unsure_identifiers_is_not_reliable() -> None:
    """Same code, but langdetect on too few letters and CLD2 only guessing: not reliable."""
    verdict = combine(sure("en"), Cld2Opinion("en", reliable=False), SHORT, PROFILED)
    assert (verdict.code, verdict.reliable) == ("en", False)


def test_a_language_langdetect_has_no_profile_for_is_cld2s_without_a_probability() -> None:
    """langdetect's sure sv cannot argue against CLD2's is: is, and no probability."""
    verdict = combine(sure("sv"), Cld2Opinion("is", reliable=True), LONG, PROFILED)
    assert verdict == Verdict("is", None, True, verdict.why)


def test_cld2_alone_is_never_reliable_on_a_short_text() -> None:
    """The 40-letter floor holds for CLD2's answers as for langdetect's."""
    verdict = combine(sure("sv"), Cld2Opinion("is", reliable=True), SHORT, PROFILED)
    assert (verdict.code, verdict.reliable) == ("is", False)


def test_a_sure_langdetect_keeps_its_answer_against_cld2_but_not_its_reliability() -> None:
    """Both know both languages and disagree: langdetect's sure answer, not reliable."""
    verdict = combine(sure("nl"), Cld2Opinion("af", reliable=True), LONG, PROFILED)
    assert (verdict.code, verdict.reliable) == ("nl", False)


def test_an_unsure_langdetect_gives_way_to_cld2_with_its_own_probability_for_it() -> None:
    """langdetect unsure: CLD2's code, with the probability langdetect gave that code."""
    first = LangdetectOpinion(ranked=[("af", 0.57), ("nl", 0.43)])
    verdict = combine(first, Cld2Opinion("nl", reliable=True), LONG, PROFILED)
    assert (verdict.code, verdict.confidence, verdict.reliable) == ("nl", 0.43, False)


def test_a_langdetect_failure_leaves_the_answer_to_cld2() -> None:
    """langdetect found no features: CLD2's code, not reliable on a short text."""
    first = LangdetectOpinion(failure="langdetect: No features in text.")
    verdict = combine(first, Cld2Opinion("en", reliable=True), SHORT, PROFILED)
    assert (verdict.code, verdict.confidence, verdict.reliable) == ("en", None, False)


def test_the_why_names_both_opinions_and_the_letters() -> None:
    """The warning a declared language brings quotes both identifiers."""
    verdict = combine(sure("de"), Cld2Opinion("en"), SHORT, PROFILED)
    assert verdict.why == "langdetect de at 0.99, CLD2 en, on 20 letters"
