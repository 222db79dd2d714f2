"""Clean an HTML page: trafilatura finds the article, general rules (and the source's memory)
trim what it let through, and the raw page is read for what trafilatura drops (captions, the
byline's date text). The page is parsed by ``html_parse``, which bounds hostile pages.
"""

from __future__ import annotations

from configparser import ConfigParser
from dataclasses import replace
from functools import lru_cache

import trafilatura
from lxml import etree
from trafilatura.settings import Document, use_config

from tasks.clean import html_page
from tasks.clean.byline import is_name
from tasks.clean.extraction import Extraction
from tasks.clean.html_body import Body, paragraphs
from tasks.clean.html_lines import page_lines
from tasks.clean.html_parse import parse_page
from tasks.clean.removed import html_removed
from tasks.clean.source_memory import memory_keys

MAX_TAGS = 20
MAX_TAG_WORDS = 5


def clean_html(
    html: str,
    *,
    url: str | None = None,
    title: str | None = None,
    remembered: frozenset[str] = frozenset(),
    debug: bool = False,
) -> Extraction:
    """The article in an HTML page, and what the page says about it.

    Lines whose fingerprints are in ``remembered`` are the source's boilerplate and are left
    out; with ``debug``, the page's removed lines are listed (``html_lines`` numbers them).
    """
    tree, notes = parse_page(html)
    if tree is None:
        return Extraction(warnings=tuple(notes))
    around = Extraction(
        captions=tuple(html_page.captions(tree)),
        dateline=html_page.dateline(tree),
        language=html_page.declared_language(tree),
        warnings=tuple(notes),
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
        return _with_removed(around, tree, None) if debug else around
    body = paragraphs(document.body, title or document.title, remembered)
    found = replace(
        around,
        text="\n\n".join(body.paragraphs),
        title=document.title or None,
        authors=_authors(document.author),
        tags=_tags(document.tags),
    )
    return _with_removed(found, tree, body) if debug else found


def page_keys(html: str) -> list[str]:
    """The memory keys of an HTML page: fingerprints of its candidate text lines."""
    tree, _ = parse_page(html)
    return memory_keys(page_lines(tree)) if tree is not None else []


def _with_removed(found: Extraction, tree: etree._Element, body: Body | None) -> Extraction:
    removed = html_removed(page_lines(tree), found, body.dropped if body else [])
    return replace(found, removed=tuple(removed))


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
