"""The clean stage as the pipeline calls it: record in, record out, for every mix of bodies."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.clean import Clean
from tasks.pipeline import STAGE_NAMES, StageConfig, build_stage
from tasks.record import Article, RawBody

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
TIDAL = (ROOT / "examples" / "tidal-array.txt").read_text(encoding="utf-8")
PIER = (FIXTURES / "harbour-pier.html").read_text(encoding="utf-8")
SEED = ROOT.parent / "shared" / "data" / "seed-article.txt"


@pytest.fixture(scope="module")
def clean() -> Clean:
    """One stage for the module: it loads its stop-word lists at construction."""
    return Clean()


def _codes(record: Article) -> list[str]:
    return [w.code for w in record.warnings if w.stage == "clean"]


def test_clean_is_the_first_stage_and_reads_the_raw_body() -> None:
    """The pipeline builds it by name; it declares that it reads the raw body."""
    stage = build_stage("clean", StageConfig())
    assert STAGE_NAMES[0] == "clean"
    assert isinstance(stage, Clean)
    assert stage.name == "clean"
    assert stage.reads_raw is True


def test_clean_rejects_nonsense_limits_at_construction() -> None:
    """Options are validated at start-up, not per article."""
    with pytest.raises(ValueError, match="positive"):
        Clean(max_html_chars=0)


def test_clean_fills_record_from_text_dump(clean: Clean) -> None:
    """From a dump: text, title, caption, dateline, metadata block and the page's tags."""
    record = clean(Article(id="tidal", raw=RawBody(text=TIDAL), source_tags=["energy"]))
    assert record.text.startswith("Norway agreed on Wednesday")
    assert record.title == "Norway Backs Scottish Tidal Array With Export Credit Deal"
    assert record.captions == [
        "Norway's Energy Minister Ingrid Halvorsen (Per Lunde - Pool / Nordic Images)"
    ]
    assert record.dateline == "Wednesday, 03 March 2021 02:17 PM EST"
    assert record.page_metadata[-1] == "Harbour Daily Media, Ltd."
    assert record.source_tags == ["energy", "renewableenergy"]
    assert record.warnings == []
    assert record.raw is not None  # the transport, not the stage, drops the raw body


def test_clean_appends_page_tags_only_when_new(clean: Clean) -> None:
    """A tag the payload already gave is not repeated."""
    record = clean(Article(id="t", raw=RawBody(text=TIDAL), source_tags=["renewableenergy"]))
    assert record.source_tags == ["renewableenergy"]


def test_clean_keeps_the_payloads_title_and_authors(clean: Clean) -> None:
    """Title and byline from the payload win over what the page says."""
    record = clean(
        Article(
            id="pier",
            title="Pier to be rebuilt",
            byline="Harbour Desk",
            authors=["Harbour Desk"],
            raw=RawBody(html=PIER),
        )
    )
    assert record.title == "Pier to be rebuilt"
    assert record.authors == ["Harbour Desk"]
    assert record.byline == "Harbour Desk"


def test_clean_takes_authors_from_the_page_when_the_payload_has_none(clean: Clean) -> None:
    """Without a payload byline, the page's author fills byline and authors."""
    record = clean(Article(id="pier", raw=RawBody(html=PIER)))
    assert record.authors == ["Maren Holt"]
    assert record.byline == "Maren Holt"
    assert record.dateline == "Wednesday, 03 March 2021 02:17 PM EST"
    assert len(record.captions) == 2


def test_clean_prefers_html_and_keeps_the_dumps_metadata_block(clean: Clean) -> None:
    """With both bodies, HTML gives the text; the dump still gives its metadata block."""
    record = clean(Article(id="both", raw=RawBody(html=PIER, text=TIDAL)))
    assert record.text.startswith("The harbour council voted")
    assert record.page_metadata[0] == "GB"


def test_clean_falls_back_to_the_dump_when_html_yields_nothing(clean: Clean) -> None:
    """Unusable HTML with a usable dump: the dump's article, no warning about missing text."""
    record = clean(Article(id="fallback", raw=RawBody(html="<html></html>", text=TIDAL)))
    assert record.text.startswith("Norway agreed on Wednesday")
    assert "no_text" not in _codes(record)


def test_clean_empty_body_gives_empty_text_and_a_warning(clean: Clean) -> None:
    """A body with nothing to read yields empty text and a no_text warning, never an error."""
    for raw in (RawBody(), RawBody(html="   "), RawBody(text="\n\n"), RawBody(html="<p></p>")):
        record = clean(Article(id="empty", raw=raw))
        assert record.text == ""
        assert "no_text" in _codes(record)


def test_clean_without_raw_body_warns(clean: Clean) -> None:
    """A record whose raw body is gone is left without text and a warning."""
    record = clean(Article(id="no-raw"))
    assert record.text == ""
    assert _codes(record) == ["no_text"]


def test_clean_cuts_oversized_html_and_says_so() -> None:
    """HTML past the size cap is cut before parsing, with a warning."""
    stage = Clean(max_html_chars=2000)
    record = stage(Article(id="big", raw=RawBody(html=PIER + " " * 5000)))
    assert "html_truncated" in _codes(record)


def test_clean_cleans_seed_article(clean: Clean) -> None:
    """The founding example through the stage: title, text, dateline and the datasecurity
    tag."""
    if not SEED.exists():
        pytest.skip("the seed article (../shared/data) is not available")
    record = clean(Article(id="seed", raw=RawBody(text=SEED.read_text(encoding="utf-8"))))
    assert record.title == "China Counters US Data Security Effort With Its Own"
    assert record.text.startswith("China launched an effort")
    assert record.text.endswith("risk being banned in the States.")
    assert record.dateline == "Tuesday, 08 September 2020 09:43 AM EDT"
    assert "datasecurity" in record.source_tags


@settings(max_examples=60, deadline=None)
@given(
    html=st.one_of(st.none(), st.text(alphabet=st.sampled_from("<>/ap \n=\"'&;#x01é©"))),
    text=st.one_of(st.none(), st.text()),
)
def test_clean_never_raises_on_garbage(clean: Clean, html: str | None, text: str | None) -> None:
    """Whatever bytes come as bodies, the stage returns a record (maybe empty, with warnings)."""
    record = clean(Article(id="garbage", raw=RawBody(html=html, text=text)))
    assert isinstance(record.text, str)
    assert record.text == "" or "no_text" not in _codes(record)


PAGE_IN_GERMAN = (
    '<html lang="de-AT"><body><article><h1>Neue Fähre</h1>'
    "<p>Die Hafenbehörde kündigte am Montag an, dass die neue Fähre im Mai fahren wird.</p>"
    "</article></body></html>"
)


def test_the_page_declares_its_language() -> None:
    """``<html lang>`` becomes the record's declared language, as an ISO 639-1 code."""
    record = Clean()(Article(id="a", raw=RawBody(html=PAGE_IN_GERMAN)))
    assert record.declared_language == "de"


def test_the_crawlers_declared_language_wins_over_the_pages() -> None:
    record = Article(id="a", raw=RawBody(html=PAGE_IN_GERMAN), declared_language="en")
    assert Clean()(record).declared_language == "en"


def test_clean_keeps_a_short_clean_text_whole(clean: Clean) -> None:
    """A two-line brief shows no page around it: it is kept whole, and the record says so."""
    record = clean(
        Article(id="brief", raw=RawBody(text="  Das ist ein kurzer Satz.\n\n\n\nZwei.  "))
    )
    assert record.text == "Das ist ein kurzer Satz.\n\nZwei."
    assert _codes(record) == ["text_already_clean"]


def test_clean_keeps_a_dump_it_finds_no_article_in(clean: Clean) -> None:
    """A dump with no prose is kept as sent, with a warning: cleaning never empties a text."""
    dump = "* Home\n* News\n* Sport\n\n© 2021 Example Media\n"
    record = clean(Article(id="menu", raw=RawBody(text=dump)))
    assert record.text == "* Home\n* News\n* Sport\n\n© 2021 Example Media"
    assert "text_kept" in _codes(record)
    assert "no_text" not in _codes(record)


LIST_PAGE = (
    "<html><body><ul><li>The council voted on Wednesday to rebuild the old pier, which has "
    "been closed since a storm damaged it in 2019.</li><li>Work starts in the autumn.</li></ul>"
    "</body></html>"
)
MENU_PAGE = (
    "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
    "<li><a href='/sport'>Sport</a></li><li><a href='/weather'>Weather</a></li>"
    "<li><a href='/travel'>Travel</a></li></ul></nav><footer><p>© 2021 Harbour Daily. All "
    "rights reserved.</p><p>Privacy policy</p></footer></body></html>"
)


def test_clean_reads_the_text_lines_of_a_page_trafilatura_gives_up_on(clean: Clean) -> None:
    """An article written as a bare list, which trafilatura finds nothing in: the page's text
    lines are cleaned as a dump would be (here, kept whole), and the record says so."""
    record = clean(Article(id="list", raw=RawBody(html=LIST_PAGE)))
    assert record.text == (
        "The council voted on Wednesday to rebuild the old pier, which has been closed since "
        "a storm damaged it in 2019.\n\nWork starts in the autumn."
    )
    assert _codes(record) == ["html_text_fallback", "text_already_clean"]


def test_clean_keeps_the_text_lines_of_a_page_with_no_article_whole(clean: Clean) -> None:
    """A page of a menu and a footer only: its visible text is kept, with warnings saying
    that no article was found, rather than thrown away."""
    record = clean(Article(id="menu", raw=RawBody(html=MENU_PAGE)))
    assert record.text.startswith("Home\n\nNews\n\nSport")
    assert record.text.endswith("Privacy policy")
    assert _codes(record) == ["html_text_fallback", "no_article_text", "html_text_kept"]


def test_clean_gives_no_text_for_a_page_that_shows_none(clean: Clean) -> None:
    """A page that writes its text with scripts shows none: no text, and a no_text warning."""
    page = (
        "<html><body><script>draw()</script><noscript>Enable JavaScript.</noscript></body></html>"
    )
    record = clean(Article(id="script", raw=RawBody(html=page)))
    assert record.text == ""
    assert _codes(record) == ["no_text"]
