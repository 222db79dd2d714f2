"""Hostile HTML through the clean stage: each page is cleaned, perhaps with a warning, within
bounded time and memory, and nothing in it is fetched or expanded.

The timeouts are hang guards, far above what the cases take; no assertion is on timing.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tasks.clean import Clean
from tasks.record import Article, RawBody

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
ROOT = Path(__file__).resolve().parent.parent

SENTENCES = (
    "The harbour council voted on Wednesday to rebuild the old pier after years of delay.",
    "Fishermen said the pier was vital for the town and for the lifeboat crew's launches.",
    "Engineers expect the work to take eighteen months once the foundations are surveyed.",
    "The council will pay for most of it from reserves set aside after the last storm.",
)
ARTICLE = "".join(f"<p>{s}</p>" for s in SENTENCES)
NON_ASCII = "Café owners, naïve tourists and the Ünïcödé Society (日本語の看板) all agreed."
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def clean() -> Clean:
    """One stage for the module: it loads its stop-word lists at construction."""
    return Clean()


def _clean(stage: Clean, html: str) -> tuple[str, list[str]]:
    record = stage(Article(id="hostile", raw=RawBody(html=html)))
    return record.text, [w.code for w in record.warnings]


def _page(body: str, head: str = "<title>Pier</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.timeout(60)
def test_unclosed_tags_still_give_every_paragraph(clean: Clean) -> None:
    """Unclosed p, li, div and b elements and a missing end of document lose no text."""
    text, _ = _clean(clean, (FIXTURES / "unclosed-tags.html").read_text(encoding="utf-8"))
    assert text.startswith("The last keeper of the Skerry Point lighthouse")
    page = "<html><body><div><article>" + "".join(f"<p>{s}<b>" for s in SENTENCES)
    text, _ = _clean(clean, page)
    assert all(sentence in text for sentence in SENTENCES)


HUGE_BODIES: dict[str, Callable[[], str]] = {
    "many paragraphs": lambda: ARTICLE + "<p>Filler text of the page.</p>" * 700_000,
    "one text node": lambda: ARTICLE + "<p>" + "word " * 4_200_000 + "</p>",
    "one word": lambda: ARTICLE + "<p>" + "x" * 21_000_000 + "</p>",
}
"""Three shapes of a 20 MB page, built when their test runs."""
DEEP_PAGES: dict[str, Callable[[], str]] = {
    "closed divs": lambda: _page("<div>" * 100_000 + ARTICLE + "</div>" * 100_000),
    "unclosed div and span": lambda: _page("<div><span>" * 50_000 + ARTICLE),
    "inline after the text": lambda: _page(ARTICLE + "<b>" * 100_000 + "bold end"),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("shape", HUGE_BODIES)
def test_twenty_megabyte_page_is_cut_and_cleaned(clean: Clean, shape: str) -> None:
    """A 20 MB page is cut to the size cap, with a warning, and its article still found."""
    html = _page("<article>" + HUGE_BODIES[shape]() + "</article>")
    assert len(html) >= 20 * 1_000_000
    text, codes = _clean(clean, html)
    assert "html_truncated" in codes
    assert text.startswith(SENTENCES[0])


@pytest.mark.timeout(120)
@pytest.mark.parametrize("shape", DEEP_PAGES)
def test_hundred_thousand_deep_nesting_is_flattened(clean: Clean, shape: str) -> None:
    """Markup nested 100,000 deep is flattened, with a warning, and its text is not lost."""
    text, codes = _clean(clean, DEEP_PAGES[shape]())
    assert "html_too_deep" in codes
    assert all(sentence in text for sentence in SENTENCES)


@pytest.mark.timeout(60)
def test_deep_page_gives_memory_keys_and_debug_lines() -> None:
    """Memory keys and the debug field read the flattened page without recursion limits."""
    stage = Clean(debug=True)
    record = Article(id="deep", source="s", raw=RawBody(html=_page("<div>" * 100_000 + ARTICLE)))
    assert len(stage.read(record).keys) == len(SENTENCES)
    assert stage(record).removed == []


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)
"""Nine levels of ten references each: 10**9 times "lol" if anything expanded it."""
QUADRATIC = '<!DOCTYPE html [<!ENTITY big "' + "lol" * 100_000 + '">]>'
"""One 300 kB entity, referenced 10,000 times below: 3 GB if expanded."""


BOMBS = {
    "billion laughs": (BILLION_LAUGHS, "&lol9;"),
    "quadratic blow-up": (QUADRATIC, "&big;" * 10_000),
    "unterminated subset": ('<!DOCTYPE html [<!ENTITY lol "lol"><!ENTITY a "&lol;&lol;">', "&a;"),
}
"""Each: a prolog declaring entities, and the references the page makes to them."""


@pytest.mark.timeout(60)
@pytest.mark.parametrize("shape", BOMBS)
def test_entity_bombs_are_not_expanded(clean: Clean, shape: str) -> None:
    """Entity declarations are dropped unread; references to them stay inert text or vanish."""
    prolog, reference = BOMBS[shape]
    page = prolog + _page("<article>" + ARTICLE + f"<p>{reference}</p></article>")
    text, codes = _clean(clean, page)
    assert "lollol" not in text
    assert "html_doctype_dropped" in codes
    assert text.startswith(SENTENCES[0])


@pytest.mark.timeout(60)
def test_external_entities_and_dtds_are_never_fetched(clean: Clean, tmp_path: Path) -> None:
    """SYSTEM entities and DTDs naming a file or a URL are neither read nor requested."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CANARY", encoding="utf-8")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        pages = [
            f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY web SYSTEM '
            f'"{url}/e">]>' + _page("<article>" + ARTICLE + "<p>&xxe; &web;</p></article>"),
            f'<!DOCTYPE html [<!ENTITY % remote SYSTEM "{url}/p.dtd"> %remote;]>'
            + _page("<article>" + ARTICLE + "</article>"),
            f'<!DOCTYPE html SYSTEM "{url}/html.dtd">' + _page("<article>" + ARTICLE),
            f'<!DOCTYPE html SYSTEM "file://{secret}">' + _page("<article>" + ARTICLE),
        ]
        for page in pages:
            text, _ = _clean(clean, page)
            assert "TOP-SECRET-CANARY" not in text
            assert text.startswith(SENTENCES[0])
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "declaration",
    [
        ("", '<meta charset="iso-8859-1">'),
        ("", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'),
        ("", '<meta charset="utf-16">'),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', '<meta charset="shift_jis">'),
        ("\ufeff", '<meta charset="ebcdic-cp-us">'),
    ],
    ids=["latin-1 meta", "windows-1251 http-equiv", "utf-16 meta", "xml encoding", "bom"],
)
def test_wrong_charset_declarations_do_not_garble_the_text(
    clean: Clean, declaration: tuple[str, str]
) -> None:
    """A declared charset that contradicts the (already decoded) text is not obeyed."""
    prolog, meta = declaration
    page = prolog + _page(f"<article>{ARTICLE}<p>{NON_ASCII}</p></article>", head=meta)
    text, _ = _clean(clean, page)
    assert text.split("\n\n") == [*SENTENCES, NON_ASCII]


@pytest.mark.timeout(60)
def test_lone_surrogates_and_nul_characters_do_not_break_cleaning(clean: Clean) -> None:
    """Characters no encoder accepts (a lone surrogate, NUL) are cleaned around, not raised."""
    page = _page(f"<article>{ARTICLE}<p>Broken \ud800 and \x00 characters in a line.</p>")
    text, _ = _clean(clean, page)
    assert text.startswith(SENTENCES[0])


MEMORY_PROBE = textwrap.dedent(
    """
    import resource
    import sys
    sys.path.insert(0, {root!r})
    from tests.test_clean_hostile import ARTICLE, BILLION_LAUGHS, QUADRATIC, _page
    from tasks.clean import Clean
    from tasks.record import Article, RawBody
    stage = Clean(debug=True)
    for page in (
        BILLION_LAUGHS + _page("<article>" + ARTICLE + "<p>&lol9;</p>"),
        QUADRATIC + _page("<article>" + ARTICLE + "<p>" + "&big;" * 10_000 + "</p>"),
        _page("<div>" * 100_000 + ARTICLE),
        _page("<article>" + ARTICLE + "<p>Filler text of the page.</p>" * 700_000),
    ):
        record = Article(id="probe", source="s", raw=RawBody(html=page))
        stage(record)  # reads the page (its memory keys too) and cleans it
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


@pytest.mark.timeout(300)
def test_hostile_pages_stay_within_bounded_memory() -> None:
    """The worst pages, in a process of their own, keep its peak resident memory under 1 GiB."""
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE.format(root=str(ROOT))],
        check=True,
        timeout=280,
        capture_output=True,
        text=True,
    )
    peak_kib = int(probe.stdout.split()[-1])  # ru_maxrss is in KiB on Linux
    assert peak_kib < MiB, f"peak resident memory {peak_kib // 1024} MiB"
