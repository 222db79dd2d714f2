"""Headline casing: Title Case lines get the article's own casing before NER."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.ner.casing import is_title_case, sentence_case_headlines

ARTICLE = (
    "Ferry Operator Cuts Winter Timetable For Shetland Route\n\n"
    "The ferry operator said it would cut the winter timetable on the Shetland route, "
    "as fuel costs rose for a third year. Northern Ferry Services runs four crossings a day."
)


def test_a_headline_in_title_case_is_recognised() -> None:
    """Nearly every longer word capitalised: a headline."""
    assert is_title_case("Ferry Operator Cuts Winter Timetable For Shetland Route")


def test_an_ordinary_sentence_is_not_title_case() -> None:
    """A sentence with a couple of names is not a headline."""
    assert not is_title_case("The ferry operator said Shetland would lose a crossing.")
    assert not is_title_case("Two Words")


def test_headline_words_the_article_writes_in_lowercase_are_lowercased() -> None:
    """ "Operator", "Winter", "For"... follow the body; "Shetland" and "Cuts" (the body has only
    "cut") keep their capitals, and so does the first word."""
    fixed = sentence_case_headlines(ARTICLE)
    assert fixed.startswith("Ferry operator Cuts winter timetable for Shetland route\n\n")


def test_a_word_capitalised_mid_sentence_as_often_as_not_keeps_its_capital() -> None:
    """ "Ferry" in "Northern Ferry Services" counts against lowercasing it."""
    text = "Northern Ferry Sails Daily Again\n\nThe ferry sails daily. Northern Ferry said so."
    assert sentence_case_headlines(text).startswith("Northern Ferry sails daily Again\n")


def test_acronyms_and_mixed_case_names_are_left_alone() -> None:
    """ "US" and "TikTok" are never lowercased, even when the body has "us" or "tiktok"."""
    text = "China Counters US Moves Against TikTok Today\n\nlet us see; the tiktok fans moves."
    fixed = sentence_case_headlines(text)
    assert "US" in fixed.splitlines()[0]
    assert "TikTok" in fixed.splitlines()[0]


def test_text_without_headlines_is_returned_unchanged() -> None:
    """No Title Case line, nothing to do."""
    body = ARTICLE.split("\n\n", 1)[1]
    assert sentence_case_headlines(body) is body


@given(st.text(alphabet=st.sampled_from("AaBbÉéİıß Ǆ\n.,'"), max_size=200))
def test_casing_repair_keeps_length_and_letters(text: str) -> None:
    """Only case changes, never length: entity offsets stay valid for the original text."""
    fixed = sentence_case_headlines(text)
    assert len(fixed) == len(text)
    assert fixed.lower() == text.lower()
