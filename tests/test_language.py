"""The language stage: langdetect and CLD2 on a bounded sample of the clean text."""

from __future__ import annotations

import langdetect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.language import DetectLanguage, sample_of
from tasks.language.langdetect_opinion import langdetect_opinion
from tasks.record import Article, Language

ENGLISH = (
    "The harbour authority said on Monday that the new ferry terminal would open next spring, "
    "after two years of delays caused by flooding and a shortage of steel."
)
FRENCH = (
    "La mairie a annoncé lundi que la nouvelle gare maritime ouvrirait au printemps prochain, "
    "après deux années de retard dues aux inondations et à une pénurie d'acier."
)
CHINESE = "港口管理局星期一表示，新的渡轮码头将于明年春天开放，此前因洪水和钢材短缺而推迟了两年。"


def test_language_stage_has_its_name_and_reads_no_raw_body() -> None:
    """The stage is called "language" and works on the clean text only."""
    stage = DetectLanguage()
    assert stage.name == "language"
    assert stage.reads_raw is False


def test_language_detects_english_with_high_confidence() -> None:
    """A plain English paragraph is en, with a probability close to 1."""
    language = DetectLanguage()(Article(id="a", text=ENGLISH)).language
    assert language.code == "en"
    assert language.confidence is not None
    assert language.confidence > 0.9


def test_language_detects_french() -> None:
    """A plain French paragraph is fr."""
    assert DetectLanguage()(Article(id="a", text=FRENCH)).language.code == "fr"


def test_language_reports_chinese_as_plain_zh() -> None:
    """langdetect's zh-cn and zh-tw become the ISO 639-1 code zh."""
    assert DetectLanguage()(Article(id="a", text=CHINESE)).language.code == "zh"


def test_language_falls_back_to_the_title_when_the_text_is_empty() -> None:
    """With no clean text, the title decides."""
    record = Article(id="a", text="  \n", title=FRENCH)
    assert DetectLanguage()(record).language.code == "fr"


def test_language_is_deterministic_whatever_the_global_langdetect_seed() -> None:
    """The same text gives the same answer, however other code set langdetect's global seed."""
    stage = DetectLanguage(seed=3)
    text = "Gracias, merci, thanks"  # short and mixed: langdetect's random trials disagree
    record = Article(id="a", text=text)
    answers = set()
    for global_seed in (None, 0, 1, 12345):
        langdetect.DetectorFactory.seed = global_seed
        langdetect.detect_langs(ENGLISH)  # other code using langdetect in between
        answers.add(stage(record).language)
    langdetect.DetectorFactory.seed = None
    assert len(answers) == 1


def test_language_without_letters_is_null_with_a_warning() -> None:
    """Digits and punctuation only: code None, a warning, no exception."""
    result = DetectLanguage()(Article(id="a", text="2020-09-08 12:45 -- 334 / 512 !!!"))
    assert result.language == Language(code=None, confidence=None)
    assert [(w.stage, w.code) for w in result.warnings] == [("language", "no_letters")]


def test_language_with_no_text_and_no_title_is_null_with_a_warning() -> None:
    """An empty record gets a null language and a warning."""
    result = DetectLanguage()(Article(id="a"))
    assert result.language.code is None
    assert result.warnings[0].code == "no_letters"


def test_language_reads_only_the_bounded_sample() -> None:
    """Text past ``sample_chars`` does not count: an English lead decides a longer French tail."""
    record = Article(id="a", text=ENGLISH + "\n\n" + FRENCH * 20)
    assert DetectLanguage(sample_chars=len(ENGLISH))(record).language.code == "en"


def test_language_ignores_urls_and_numbers() -> None:
    """URLs, handles and digits do not push a short French text towards English."""
    text = "Voir https://example.com/news/2020/09/08/article @redaction 2020 : la gare ouvrira."
    assert DetectLanguage()(Article(id="a", text=text)).language.code == "fr"


def test_language_rejects_a_sample_too_small_to_judge() -> None:
    """Options are validated at construction, not per article."""
    with pytest.raises(ValueError, match="sample_chars"):
        DetectLanguage(sample_chars=10)


def test_sample_of_cuts_at_a_word_boundary() -> None:
    """The sample never ends inside a word."""
    assert sample_of("alpha beta gamma delta", 13) == "alpha beta"
    assert sample_of("short", 100) == "short"


def test_langdetect_reports_norwegian_bokmal_as_nb() -> None:
    """langdetect's Norwegian profile is Bokmål: reported as nb."""
    opinion = langdetect_opinion(
        "Regjeringen la fram forslaget til statsbudsjett for neste år i dag."
    )
    assert opinion.code == "nb"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_language_never_raises_and_gives_a_code_or_a_warning(text: str) -> None:
    """Any text whatever: a two-letter code, or None with a warning."""
    result = DetectLanguage()(Article(id="a", text=text))
    if result.language.code is None:
        assert result.warnings
    else:
        assert len(result.language.code) == 2


def test_a_long_clear_detection_is_reliable_and_comes_from_the_text() -> None:
    language = DetectLanguage()(Article(id="a", text=ENGLISH)).language
    assert (language.reliable, language.source) == (True, "text")


def test_a_short_text_is_not_reliable_when_only_langdetect_vouches_for_it() -> None:
    """Under 40 letters langdetect alone never vouches, and CLD2 declines three words."""
    language = DetectLanguage()(Article(id="a", text="Ferry terminal opens")).language
    assert (language.code, language.source, language.reliable) == ("en", "text", False)


def test_an_unsure_detection_gives_way_to_the_declared_language() -> None:
    """Two proper nouns, read as German by langdetect and as English by CLD2's best guess,
    on a page that says it is German: de, with the reason."""
    record = Article(id="a", text="Taxi Berlin", declared_language="de")
    result = DetectLanguage()(record)
    assert result.language == Language(code="de", source="declared")
    (warning,) = result.warnings
    assert warning.code == "language_declared"
    assert "detection unsure (langdetect de at 1.00, CLD2 en, on 10 letters)" in warning.message
    assert "declared language 'de'" in warning.message


def test_detection_and_declaration_that_agree_are_reliable_together() -> None:
    """Three English words are not reliable on their own; the page agreeing makes them so."""
    alone = DetectLanguage()(Article(id="a", text="Ferry terminal opens")).language
    assert (alone.code, alone.reliable) == ("en", False)
    record = Article(id="a", text="Ferry terminal opens", declared_language="en")
    language = DetectLanguage()(record).language
    assert (language.code, language.reliable, language.source) == ("en", True, "text")


def test_a_sure_detection_outweighs_a_wrong_declaration() -> None:
    """Templates often say lang="en" whatever the article is in."""
    language = DetectLanguage()(Article(id="a", text=FRENCH, declared_language="en")).language
    assert (language.code, language.source, language.reliable) == ("fr", "text", True)


def test_no_letters_falls_back_to_the_declared_language() -> None:
    result = DetectLanguage()(Article(id="a", text="2020 · 334 / 512", declared_language="fr"))
    assert result.language == Language(code="fr", source="declared")
    assert result.warnings[0].code == "no_letters"


ARMENIAN_HEADLINE = "Նոր լաստանավը կսկսի աշխատել մայիսին"  # "The new ferry starts work in May"
ICELANDIC = (
    "Ný ferja hefur siglingar milli lands og Eyja í maí, að sögn hafnarstjórnarinnar sem "
    "kynnti áætlunina í gær."
)
NYNORSK = "Den nye ferja skal gå frå hamna kvar morgon."


def test_an_armenian_headline_is_hy_though_langdetect_has_no_armenian() -> None:
    """langdetect, which has no Armenian profile, calls it Estonian at 0.99999; CLD2 reads hy.
    Short, so not reliable, and no langdetect probability to report."""
    language = DetectLanguage()(Article(id="a", text=ARMENIAN_HEADLINE)).language
    assert language == Language(code="hy", confidence=None, reliable=False, source="text")


def test_a_short_sentence_in_a_language_langdetect_lacks_is_found() -> None:
    """A one-line Nynorsk sentence (langdetect says Swedish) is nn, not nb or sv."""
    assert DetectLanguage()(Article(id="a", text=NYNORSK)).language.code == "nn"


def test_a_long_text_in_a_language_langdetect_lacks_is_reliable_when_cld2_says_so() -> None:
    """40+ letters of Icelandic that CLD2 calls reliable: is, reliable, outweighing a
    declaration that the page is English."""
    record = Article(id="a", text=ICELANDIC, declared_language="en")
    language = DetectLanguage()(record).language
    assert (language.code, language.reliable, language.source) == ("is", True, "text")


def test_a_one_line_german_brief_is_reliable_when_both_identifiers_agree() -> None:
    """Four German words: langdetect alone could not vouch for them, CLD2 agreeing can."""
    language = DetectLanguage()(Article(id="a", text="Neue Fähre ab Mai")).language
    assert (language.code, language.reliable, language.source) == ("de", True, "text")
    assert language.confidence is not None and language.confidence > 0.9


def test_identifiers_that_disagree_on_a_language_both_know_are_not_reliable() -> None:
    """A Dutch headline langdetect reads as Afrikaans (unsure: 19 letters): CLD2's nl,
    never reliable, with langdetect's probability for nl (none: it did not rank it)."""
    language = DetectLanguage()(Article(id="a", text="Nieuwe veerboot in mei")).language
    assert language == Language(code="nl", confidence=None, reliable=False, source="text")


def test_characters_cld2_refuses_do_not_cost_the_answer() -> None:
    """NUL, a lone surrogate and a noncharacter inside English: still en, reliable."""
    text = ENGLISH.replace("Monday", "Mon\x00day \ud800").replace("steel", "steel \uffff")
    language = DetectLanguage()(Article(id="a", text=text)).language
    assert (language.code, language.reliable) == ("en", True)
