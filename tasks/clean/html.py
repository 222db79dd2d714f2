"""Clean an HTML page: trafilatura finds the article, general rules trim what it let through,
and the raw page is read for what trafilatura drops (captions, the byline's date text).
"""

from __future__ import annotations

from configparser import ConfigParser
from dataclasses import replace
from functools import lru_cache

import trafilatura
from lxml import etree
from trafilatura.settings import Document, use_config
from trafilatura.utils import load_html

from tasks.clean import html_page
from tasks.clean.byline import is_name
from tasks.clean.extraction import Extraction
from tasks.clean.html_body import paragraphs
from tasks.clean.html_size import TOO_LARGE, bound_tree

MAX_TAGS = 20
MAX_TAG_WORDS = 5


def clean_html(html: str, *, url: str | None = None, title: str | None = None) -> Extraction:
    """The article in an HTML page, and what the page says about it."""
    tree = _parse(html)
    if isinstance(tree, str):
        return Extraction(warnings=(("html_unparseable", tree),))
    notes = () if bound_tree(tree) else (("html_too_large", TOO_LARGE),)
    around = Extraction(
        captions=tuple(html_page.captions(tree)), dateline=html_page.dateline(tree), warnings=notes
    )
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            include_links=True,  # to tell lists of links from lists of the article
            with_metadata=True,
            config=_config(),
        )
    except Exception as exc:  # noqa: BLE001  (a third-party parser's bug on odd input is bad input, not our failure)
        failure = ("html_extractor_failed", f"trafilatura failed: {type(exc).__name__}")
        return replace(around, warnings=(*notes, failure))
    if not isinstance(document, Document) or document.body is None:
        return around
    return replace(
        around,
        text="\n\n".join(paragraphs(document.body, title or document.title)),
        title=document.title or None,
        authors=_authors(document.author),
        tags=_tags(document.tags),
    )


def _parse(html: str) -> etree._Element | str:
    """The page's tree, or why there is none."""
    try:
        tree = load_html(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError) as exc:
        return f"HTML could not be parsed: {exc}"
    if tree is None or len(tree) == 0:
        return "HTML has no document tree"
    return tree


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    # The dates stage reads dates; trafilatura's own extensive date search is wasted work here.
    config = use_config()
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def _authors(author: str | None) -> tuple[str, ...]:
    names = (name.strip() for name in (author or "").split(";"))
    return tuple(dict.fromkeys(name for name in names if is_name(name)))


def _tags(tags: list[str] | None) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for entry in tags or ():
        for part in entry.split(","):
            tag = part.strip()
            if tag and len(tag.split()) <= MAX_TAG_WORDS:
                found.setdefault(tag, None)
    return tuple(found)[:MAX_TAGS]
