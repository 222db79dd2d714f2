"""CLD2's opinion: the second language identifier, on texts of our own."""

from __future__ import annotations

import pytest

from tasks.language.cld2_opinion import cld2_opinion

BASQUE = (
    "Portuko agintaritzak astelehenean esan zuen ferry terminal berria datorren udaberrian "
    "irekiko dela, uholdeen eta altzairu faltaren ondorioz bi urteko atzerapenaren ondoren."
)
HEBREW = "רשות הנמל הודיעה ביום שני כי מסוף המעבורות החדש ייפתח באביב הבא, לאחר עיכוב של שנתיים."


def test_cld2_names_a_language_langdetect_has_no_profile_for() -> None:
    """A Basque paragraph is eu, and CLD2 calls it reliable."""
    opinion = cld2_opinion(BASQUE)
    assert (opinion.code, opinion.reliable) == ("eu", True)


def test_cld2s_retired_hebrew_code_is_reported_as_he() -> None:
    """CLD2 answers iw for Hebrew; the stage speaks ISO 639-1 as it stands: he."""
    assert cld2_opinion(HEBREW).code == "he"


def test_a_text_cld2_declines_gets_its_best_guess_never_called_reliable() -> None:
    """One word: CLD2 declines it, its best-effort guess stands but is not reliable."""
    opinion = cld2_opinion("Hotel")
    assert opinion.code is not None
    assert opinion.reliable is False


@pytest.mark.parametrize("text", ["", "2020 / 334 !!!", "\x00\x01\x7f"])
def test_cld2_has_no_opinion_on_text_without_letters(text: str) -> None:
    """Nothing to read: no code."""
    assert cld2_opinion(text).code is None


@pytest.mark.parametrize(
    "bad", ["\x00", "\x0b", "\x85", "\ud800", "\ufdd0", "\ufffe", "\U0010ffff"]
)
def test_characters_pycld2_rejects_are_blanked_before_it_reads(bad: str) -> None:
    """Control characters, surrogates and noncharacters: the rest of the text still counts."""
    assert cld2_opinion(BASQUE.replace(" ", bad, 3)).code == "eu"
