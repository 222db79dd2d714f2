"""The clean stage on plain-text page dumps (the seed's shape, and renderer output with
indented menus), in several languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.clean.textdump import clean_dump

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
TIDAL = ROOT / "examples" / "tidal-array.txt"
SEED = ROOT.parent / "shared" / "data" / "seed-article.txt"

TIDAL_BODY_START = "Norway agreed on Wednesday to guarantee loans"
TIDAL_BODY_END = "according to the Norwegian embassy."


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_textdump_keeps_the_body_paragraphs_in_order() -> None:
    """A seed-shaped dump cleans to the body's paragraphs, nothing else: the headline and the
    caption are the record's title and captions, as an HTML page's are."""
    found = clean_dump(TIDAL.read_text(encoding="utf-8"))
    paragraphs = _paragraphs(found.text)
    assert paragraphs[0].startswith(TIDAL_BODY_START)
    assert paragraphs[-1].endswith(TIDAL_BODY_END)
    assert len(paragraphs) == 7
    assert "Norway Backs Scottish Tidal Array" not in found.text
    assert "(Per Lunde - Pool / Nordic Images)" not in found.text


def test_textdump_drops_navigation_byline_and_footer_lines() -> None:
    """Skip links, the tag line, the byline and every footer line stay out of the text."""
    text = clean_dump(TIDAL.read_text(encoding="utf-8")).text
    for boilerplate in (
        "Skip to main content",
        "Tags:",
        "By ",
        "All rights reserved",
        "Sign up",
        "inbox",
        "Community Guidelines",
        "TOP",
        "trademarks",
        "App for iOS",
        "HARBOURDAILY.COM",
    ):
        assert boilerplate not in text


def test_textdump_drops_newsletter_block() -> None:
    """The newsletter sign-up and its promise of news in your inbox are not article text."""
    text = clean_dump(TIDAL.read_text(encoding="utf-8")).text
    assert "Morning Briefing" not in text
    assert "delivered to your inbox" not in text


def test_textdump_drops_alt_text_line_repeating_caption() -> None:
    """The lower-case alt text printed above the caption is dropped; the caption is read."""
    found = clean_dump(TIDAL.read_text(encoding="utf-8"))
    assert "norway's energy minister ingrid halvorsen" not in found.text
    assert found.captions[0].startswith("Norway's Energy Minister Ingrid Halvorsen (Per Lunde")


def test_textdump_reads_title_caption_and_dateline() -> None:
    """The headline becomes the title, the caption a caption, the byline's date the dateline."""
    found = clean_dump(TIDAL.read_text(encoding="utf-8"))
    assert found.title == "Norway Backs Scottish Tidal Array With Export Credit Deal"
    assert found.captions == (
        "Norway's Energy Minister Ingrid Halvorsen (Per Lunde - Pool / Nordic Images)",
    )
    assert found.dateline == "Wednesday, 03 March 2021 02:17 PM EST"
    assert found.authors == ()


def test_textdump_moves_metadata_tail_to_page_metadata() -> None:
    """The value-per-line block after the article goes to page_metadata, not the text."""
    found = clean_dump(TIDAL.read_text(encoding="utf-8"))
    assert found.page_metadata[0] == "GB"
    assert found.page_metadata[2:] == (
        "renewableenergy",
        "512",
        "2021-17-03",
        "Wednesday, 03 March 2021 02:17 PM",
        "Harbour Daily Media, Ltd.",
    )
    assert found.page_metadata[1].endswith("signed...")
    assert "2021-17-03" not in found.text
    assert found.text.count(TIDAL_BODY_START) == 1


def test_textdump_reads_tag_line() -> None:
    """The page's "Tags:" line gives its tags."""
    assert clean_dump(TIDAL.read_text(encoding="utf-8")).tags == ("renewableenergy",)


def test_textdump_cleans_seed_article_exactly() -> None:
    """The founding example: the nine body paragraphs, nothing else; headline and caption
    read as title and caption."""
    if not SEED.exists():
        pytest.skip("the seed article (../shared/data) is not available")
    found = clean_dump(SEED.read_text(encoding="utf-8"))
    paragraphs = _paragraphs(found.text)
    assert found.title == "China Counters US Data Security Effort With Its Own"
    assert found.captions == (
        "China's Foreign Minister Wang Yi (Michael Sohn - Pool / Getty Images)",
    )
    assert paragraphs[0].startswith("China launched an effort")
    assert paragraphs[-1].endswith("risk being banned in the States.")
    assert len(paragraphs) == 9
    assert found.dateline == "Tuesday, 08 September 2020 09:43 AM EDT"
    assert found.tags == ("datasecurity",)
    assert found.page_metadata[-3:] == (
        "2020-43-08",
        "Tuesday, 08 September 2020 09:43 AM",
        "Newsmax Media, Inc.",
    )


def test_textdump_cleans_german_dump() -> None:
    """A German dump: menus, share buttons, related links, comments, cookie and copyright lines
    go; the body stays; headline, caption and byline give title, caption, author, dateline."""
    found = clean_dump((FIXTURES / "windpark.de.txt").read_text(encoding="utf-8"))
    paragraphs = _paragraphs(found.text)
    assert found.title == "Nordsee-Windpark erhält grünes Licht aus Berlin"
    assert found.captions[0].startswith("Windräder vor der Küste bei Helgoland")
    assert paragraphs[0].startswith("Die Bundesregierung hat am Freitag")
    assert paragraphs[-1].startswith("Der Betreiber kündigte an")
    assert len(paragraphs) == 4
    assert found.authors == ("Anna Berg",)
    assert found.dateline == "12. März 2021, 14:05 Uhr"


def test_textdump_cleans_indented_spanish_dump() -> None:
    """A renderer's indented Spanish dump: the article's paragraphs on both sides of a nested
    "related" box are kept, readers' comments and menus are not."""
    found = clean_dump((FIXTURES / "mercado.es.txt").read_text(encoding="utf-8"))
    paragraphs = _paragraphs(found.text)
    assert found.title == "El mercado central de Valdeluz reabre tras dos años de obras"
    assert paragraphs[0].startswith("El mercado central de Valdeluz volvió")
    assert paragraphs[-1].startswith("Los vecinos podrán aparcar gratis")
    assert len(paragraphs) == 5
    for other in ("Las obras del puerto", "Por fin, ya era hora", "Lo más leído", "Inicio"):
        assert other not in found.text
    assert found.authors == ("María López Ruiz",)
    assert found.dateline == "Miércoles, 3 de marzo de 2021 - 14:17"


def test_textdump_without_prose_gives_no_text_and_a_warning() -> None:
    """A dump that is all menu yields no text and says so, without raising."""
    found = clean_dump("* Home\n* News\n* Sport\n\n© 2021 Example Media\n")
    assert found.text == ""
    assert [code for code, _ in found.warnings] == ["no_article_text"]


def test_textdump_uses_payload_title_to_find_headline() -> None:
    """With the payload's title, the headline is the line that says it, even far up."""
    dump = (
        "Lighthouse keeper retires\n\n* Home\n* News\n\n"
        "The last keeper of the Skerry Point lighthouse handed over the keys on Friday, "
        "ending forty years of nights spent watching the shipping lane from the tower.\n"
    )
    found = clean_dump(dump, title="Lighthouse Keeper Retires")
    assert found.title == "Lighthouse keeper retires"
    assert found.text.startswith("The last keeper")


def test_textdump_unwraps_hard_wrapped_dump() -> None:
    """A lynx-style dump wrapped at a fixed width is read paragraph by paragraph."""
    found = clean_dump((FIXTURES / "harbour-pier.wrapped.txt").read_text(encoding="utf-8"))
    paragraphs = _paragraphs(found.text)
    assert found.title == "Harbour council votes to rebuild the old pier"
    assert paragraphs[0] == (
        "The harbour council voted on Wednesday to rebuild the old pier, which has been closed "
        "to the public since a storm damaged its supports in the winter of 2019."
    )
    assert paragraphs[-1].endswith("that visitors know from old postcards.")
    assert len(paragraphs) == 5
    assert found.authors == ("Maren Holt",)


def test_textdump_reads_markdown_dump() -> None:
    """A page handed over as Markdown: links and emphasis become plain text, the image's alt
    text and the link lists go."""
    found = clean_dump((FIXTURES / "harbour-pier.md").read_text(encoding="utf-8"))
    assert found.title == "Harbour council votes to rebuild the old pier"
    assert found.captions == ("The old pier at low tide (Jon Berg / Harbour Daily)",)
    assert _paragraphs(found.text) == [
        "The harbour council voted on Wednesday to rebuild the old pier, which has been closed "
        "to the public since a storm damaged its supports in the winter of 2019.",
        "Councillors approved a budget of 4.2 million for the work, which is expected to start "
        "in the autumn, according to the council's engineers.",
    ]
    assert found.dateline == "Wednesday, 03 March 2021 02:17 PM EST"


def test_textdump_reads_scripts_written_without_spaces() -> None:
    """A Thai dump (no spaces between words, no full stops) still yields its paragraphs."""
    body = (
        "เทศบาลเมืองเปิดตลาดใหม่ริมแม่น้ำเมื่อวันพุธ หลังจากใช้เวลาก่อสร้างนานกว่าสองปี "
        "พ่อค้าแม่ค้าหลายร้อยคนย้ายเข้ามาขายสินค้าในอาคารหลังใหม่ซึ่งมีหลังคาป้องกันฝนและแสงแดด "
        "นายกเทศมนตรีกล่าวว่าตลาดแห่งนี้จะช่วยให้เกษตรกรในท้องถิ่นขายผลผลิตได้โดยตรงกับผู้บริโภค"
    )
    dump = f"* หน้าแรก\n* ข่าว\n* กีฬา\n\n{body}\n\n© 2021 ข่าวเมือง สงวนลิขสิทธิ์\n"
    found = clean_dump(dump)
    assert found.text == body


LANTERN = (FIXTURES / "lantern-route.txt").read_text(encoding="utf-8")
LANTERN_DUMP = (FIXTURES / "lantern-route.dump.txt").read_text(encoding="utf-8")


def test_textdump_keeps_already_clean_text_whole() -> None:
    """Clean text with a heading, a short list, a sign-up sentence and a short credit at the
    end passes through whole, as it came, and says so."""
    found = clean_dump(LANTERN)
    assert found.text == LANTERN.strip()
    assert [code for code, _ in found.warnings] == ["text_already_clean"]


def test_textdump_reads_the_byline_of_clean_text_and_keeps_it() -> None:
    """A byline opening clean text gives the record its author and date, and stays in the text."""
    text = "By Ada Moss | 14 March 2021\n\n" + LANTERN
    found = clean_dump(text)
    assert found.authors == ("Ada Moss",)
    assert found.dateline == "14 March 2021"
    assert found.text.startswith("By Ada Moss | 14 March 2021\n\nVolunteers reopen")


def test_textdump_still_cleans_the_same_article_in_a_page_dump() -> None:
    """Put in a page (menus, share buttons, related links, legal footer), the same article
    loses the page and keeps its paragraphs; the headline is its title."""
    found = clean_dump(LANTERN_DUMP)
    paragraphs = _paragraphs(found.text)
    assert found.title == "Volunteers reopen the lantern route on the east cliffs"
    assert paragraphs[0].startswith("The lantern route along the east cliffs")
    assert paragraphs[-1].startswith('"It is the best view on the coast')
    assert len(paragraphs) == 3
    assert "text_already_clean" not in [code for code, _ in found.warnings]
