"""The parts of the dump classifier: lines, furniture, captions, tags, the metadata block."""

from __future__ import annotations

import re
import textwrap

from tasks.clean.boilerplate import NOTICE, PHRASE, is_furniture
from tasks.clean.captions import is_alt_text, read_caption
from tasks.clean.classify import Kind, judge_lines
from tasks.clean.lines import split_lines
from tasks.clean.metadata_block import find_blocks
from tasks.clean.sections import is_comments_heading, is_section_heading
from tasks.clean.stopwords import page_stoplist
from tasks.clean.tags import read_tags
from tasks.clean.unwrap import unwrap, wrap_width

PROSE = (
    "The harbour council voted on Wednesday to rebuild the old pier, which has been closed "
    "to the public since a storm damaged its supports."
)


def test_lines_keep_indentation_bullets_and_paragraph_breaks() -> None:
    """A renderer's layout survives: indentation, list markers, blank-line breaks."""
    lines = split_lines("  * Home\n      + News\n\n    Body text here.\n    o Tide tables\n")
    assert [line.text for line in lines] == ["Home", "News", "Body text here.", "Tide tables"]
    assert [line.indent for line in lines] == [2, 6, 4, 4]
    assert [line.bullet for line in lines] == [True, True, False, True]
    assert [line.blank_before for line in lines] == [False, False, True, False]


def test_lines_count_chinese_and_japanese_characters_as_words() -> None:
    """Unspaced scripts get a length comparable to spaced ones."""
    (line,) = split_lines("先日、不正に改造したiPhoneを販売したとして男性が逮捕されました。")
    assert line.words > 10


def test_furniture_recognises_labels_phrases_and_notices_in_many_languages() -> None:
    """Buttons, sign-up phrases and legal notices are furniture; sentences are not."""
    for line in (
        "Share",
        "Teilen",
        "Compartir en Facebook",
        "Sign up for our morning newsletter",
        "Newsletter abonnieren",
        "© 2021 Küstenbote Verlag GmbH. Alle Rechte vorbehalten.",
        "Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Website zu ermöglichen.",
        "Skip to main content",
    ):
        assert is_furniture(line, len(line.split())), line
    assert not is_furniture(PROSE, len(PROSE.split()))
    assert not is_furniture("Home Depot shares fell after the earnings report.", 8)


def test_section_headings_open_comments_or_related_links() -> None:
    """Comments and related-link headings are recognised; comments are told apart."""
    assert is_comments_heading("[ 167 comments ]", 2)
    assert is_comments_heading("Comentarios (12)", 1)
    assert is_section_heading("Related Stories", 2)
    assert is_section_heading("Mehr zum Thema", 3)
    assert not is_comments_heading("Related Stories", 2)
    assert not is_section_heading("Councillors approved the budget on Monday", 6)


def test_classifier_tells_prose_from_menus_and_repeats() -> None:
    """Long stop-word-rich sentences are prose; menu items and repeated lines are not."""
    dump = f"* Home\n* News\nShare\n{PROSE}\nShare\nYears of delay\n"
    lines = split_lines(dump)
    judged = judge_lines(lines, page_stoplist(t for line in lines for t in line.tokens))
    kinds = [item.kind for item in judged]
    assert kinds[3] is Kind.PROSE
    assert kinds[2] is Kind.FURNITURE and kinds[4] is Kind.FURNITURE
    assert kinds[5] is Kind.SHORT


def test_captions_are_read_with_or_without_label() -> None:
    """A credit in brackets or an "Image caption" label marks a caption; a credit alone is not."""
    assert read_caption("The pier at low tide (Jon Berg / Harbour Daily)", 9)
    assert read_caption("Image caption The pier at low tide", 7) == "The pier at low tide"
    assert read_caption("Photo: Jon Berg", 3) is None
    assert read_caption("He said (and I agree) that it is fine.", 9) is None


def test_alt_text_is_the_lower_cased_start_of_the_caption() -> None:
    """The alt text line repeats the caption's start in lower case."""
    caption = "Norway's Energy Minister Ingrid Halvorsen (Per Lunde - Pool / Nordic Images)"
    assert is_alt_text("norway's energy minister ingrid halvorsen", caption)
    assert not is_alt_text(caption, caption)


def test_tag_lines_list_their_tags() -> None:
    """ "Tags:" lines in several languages give their tags; other lines give None."""
    assert read_tags("Tags: datasecurity") == ["datasecurity"]
    assert read_tags("Schlagwörter: Windkraft, Nordsee, Helgoland") == [
        "Windkraft",
        "Nordsee",
        "Helgoland",
    ]
    assert read_tags("Tagged with energy | wind") == ["energy", "wind"]
    assert read_tags("Tagesschau meldet Sturm") is None


def test_metadata_block_is_a_run_of_bare_values() -> None:
    """Codes, ids, dates and a cut-off summary between blank lines make a metadata block;
    a menu of single words does not."""
    dump = (
        f"{PROSE}\n\nGB\nThe harbour council voted on Wednesday to rebuild the old...\n"
        "harbour\n512\n2021-17-03\nHarbour Daily Media, Ltd.\n\nHome\nNews\nSport\nWeather\n"
    )
    lines = split_lines(dump)
    assert [[lines[i].text for i in block] for block in find_blocks(lines)] == [
        [
            "GB",
            "The harbour council voted on Wednesday to rebuild the old...",
            "harbour",
            "512",
            "2021-17-03",
            "Harbour Daily Media, Ltd.",
        ]
    ]


def test_unwrap_detects_wrap_width_only_in_wrapped_dumps() -> None:
    """Lines all ending near one width mean wrapping; free-length paragraphs do not."""
    sentence = "The harbour council voted on Wednesday to rebuild the old pier again. "
    wrapped = textwrap.wrap(sentence * 20, width=72)
    assert wrap_width(wrapped) == max(len(line) for line in wrapped)
    assert wrap_width([sentence * 3, "Short line", sentence * 5]) is None


def test_unwrap_joins_only_lines_that_fill_the_width() -> None:
    """A full line continues on the next; a short line, a blank or a list item starts anew."""
    width = 40
    lines = ["x" * 38, "continues here.", "", "y" * 39, "* item", "short", "next"]
    assert unwrap(lines, width) == [
        "x" * 38 + " continues here.",
        "",
        "y" * 39,
        "* item",
        "short",
        "next",
    ]


def test_notices_and_phrases_are_found_whatever_their_case() -> None:
    """NOTICE and PHRASE run on the lowercased line: capitals in the page change nothing."""
    assert is_furniture("© 2031 HARBOUR DAILY. ALL RIGHTS RESERVED.", 6)
    assert is_furniture("We Use Cookies To Improve Your Visit To Harbour Daily", 10)
    assert is_furniture("SIGN UP FOR the Morning Tide briefing", 7)
    assert not is_furniture("The Harbour Board Signed Up Five New Ferry Operators", 9)


def test_the_patterns_matched_against_lowercased_lines_hold_no_capital_letter() -> None:
    for pattern in (NOTICE, PHRASE):
        letters = re.sub(r"\\[A-Za-z]", "", pattern.pattern)  # escapes like \d, \b are no text
        assert letters == letters.lower(), pattern.pattern[:40]
