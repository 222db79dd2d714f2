"""The page's title, author and tags, read with trafilatura's readers: the values trafilatura's
whole metadata pass gives, without the fields the clean stage does not use."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.metadata import extract_metadata

from tasks.clean.html import read_html
from tasks.clean.html_metadata import page_metadata

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TAGGED = """<html><head><title>Ferry timetable changes &amp; more | Harbour Daily</title>
<meta name="author" content="Harbour"></head><body>
<h1>Ferry timetable changes from Monday</h1>
<p class="byline"><span class="author-name">Ines Marlow</span></p>
<p>The morning crossing leaves twenty minutes earlier from Monday, the operator said.</p>
<div class="tags"><a href="/tag/ferries/">Ferries</a> <a href="/tag/transport/">Transport</a></div>
</body></html>"""


def test_html_metadata_reads_title_author_and_tags() -> None:
    """The single h1 is the title, the author-name span the author, the tag links the tags."""
    tree = read_html(TAGGED).tree
    assert tree is not None
    found = page_metadata(tree)
    assert found.title == "Ferry timetable changes from Monday"
    assert found.author == "Ines Marlow"
    assert found.tags == ("Ferries", "Transport")


@pytest.mark.parametrize(
    "page",
    [
        TAGGED,
        (FIXTURES / "clean" / "harbour-pier.html").read_text(encoding="utf-8"),
        (FIXTURES / "pages" / "harbour-ferry.html").read_text(encoding="utf-8"),
    ],
)
def test_html_metadata_agrees_with_trafilaturas_whole_metadata_pass(page: str) -> None:
    """Title, author and tags are the ones ``extract_metadata`` gives on the same tree."""
    tree = read_html(page).tree
    assert tree is not None
    whole = extract_metadata(tree)
    found = page_metadata(tree)
    assert (found.title, found.author, list(found.tags)) == (whole.title, whole.author, whole.tags)
