"""From a crawler's HTML (already a ``str``) to a tree that is safe and cheap to work on.

Hostile or broken pages are handled here, each within bounded time and memory:

- A DOCTYPE with an internal subset (entity declarations: billion-laughs bombs, ``SYSTEM``
  entities naming files or URLs), and the XML declaration before it, are replaced with a plain
  ``<!DOCTYPE html>`` before parsing. libxml2's HTML parser neither expands such entities nor
  reads any DTD or URL (lxml parses with ``no_network``); dropping the subset keeps its text out
  of the page and lets trafilatura see the page as HTML.
- A ``<meta charset>`` or an XML ``encoding`` that contradicts the text does not matter: the
  page is decoded text already and reaches libxml2 with its encoding stated (as UTF-8 bytes
  under a UTF-8 parser when an XML declaration makes lxml refuse the string).
- Markup nested past the parser's depth limit is flattened and parsed again (``depth``).
- A tree with too many elements is cut (``size``); the caller caps the page's size.
"""

from __future__ import annotations

import re

from lxml import etree
from trafilatura.utils import load_html

from tasks.html.depth import TOO_DEEP, flatten, too_deep
from tasks.html.size import TOO_LARGE, bound_tree

PROLOG = re.compile(r"\A(?:\ufeff|\s|<\?[^>]*>|<!--.*?-->)*", re.DOTALL)
"""What may precede a DOCTYPE: a byte-order mark, white space, an XML declaration, comments."""
PROLOG_SCAN_CHARS = 10_000
"""A DOCTYPE further into the page than this is not its prolog (and is parsed as a comment)."""
DOCTYPE = re.compile(r"<!DOCTYPE\b[^>\[]*(\[)?", re.IGNORECASE)
SUBSET_MARK = re.compile(r"[\]\"']|<[A-Za-z]")
"""What matters in an internal subset: a quote (``]`` inside is text), its closing ``]``, or
an element's start tag, which no declaration has (the subset was never closed)."""
SUBSET_CLOSE = re.compile(r"\]\s*>")
DOCUMENT_START = re.compile(r"<(?:html|head|body)\b", re.IGNORECASE)
PLAIN_DOCTYPE = "<!DOCTYPE html>"
DECLARES = "the page's DOCTYPE declared entities (an internal subset); it was dropped unread"


def parse_page(html: str) -> tuple[etree._Element | None, list[tuple[str, str]]]:
    """The page's bounded tree (None when there is none) and the warnings met on the way."""
    tree, notes = load_page(html)
    if tree is not None:
        notes.extend(bound_page(tree))
    return tree, notes


def load_page(html: str) -> tuple[etree._Element | None, list[tuple[str, str]]]:
    """The page's tree before it is bounded (scripts still in it: JSON-LD is read from them),
    or None, and the warnings met on the way. ``bound_page`` it before any costly walk."""
    notes: list[tuple[str, str]] = []
    html, declared = _plain_prolog(html)
    if declared:
        notes.append(("html_doctype_dropped", DECLARES))
    tree = _load(html)
    if isinstance(tree, str):
        return None, [*notes, ("html_unparseable", tree)]
    if too_deep(tree):
        flat = _load(flatten(html))
        if not isinstance(flat, str):
            tree = flat
        notes.append(("html_too_deep", TOO_DEEP))
    return tree, notes


def bound_page(tree: etree._Element) -> list[tuple[str, str]]:
    """Cut ``tree`` in place to what no real article exceeds (``size``); the warning if cut."""
    return [] if bound_tree(tree) else [("html_too_large", TOO_LARGE)]


def _plain_prolog(html: str) -> tuple[str, bool]:
    """``html`` with a DOCTYPE that has an internal subset (and what precedes it) replaced by a
    plain one; whether there was one. Other prologs are left as they are."""
    prolog = PROLOG.match(html[:PROLOG_SCAN_CHARS])
    doctype = DOCTYPE.match(html, prolog.end() if prolog else 0)
    if doctype is None or doctype.group(1) is None:
        return html, False
    return PLAIN_DOCTYPE + html[_subset_end(html, doctype.end()) :], True


def _subset_end(html: str, start: int) -> int:
    """Where the internal subset opened before ``start`` ends: after its ``]>``, quotes
    skipped; when it was never closed, where the document's first element starts (or the
    page's end). Each step jumps to the next quote or bracket, so the scan is linear."""
    position = start
    while (mark := SUBSET_MARK.search(html, position)) is not None:
        if mark.group().startswith("<"):
            return mark.start()
        if mark.group() == "]":
            close = SUBSET_CLOSE.match(html, mark.start())
            if close is not None:
                return close.end()
            position = mark.end()
            continue
        quote_end = html.find(mark.group(), mark.end())
        if quote_end < 0:
            break
        position = quote_end + 1
    found = DOCUMENT_START.search(html, start)
    return found.start() if found else len(html)


def _load(html: str) -> etree._Element | str:
    """The parsed page, or why there is none."""
    try:
        tree = load_html(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError) as exc:
        return f"HTML could not be parsed: {exc}"
    if tree is None or len(tree) == 0:
        return "HTML has no document tree"
    return tree
