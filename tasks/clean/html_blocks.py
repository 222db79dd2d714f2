"""Trafilatura's body (its XML: ``p``, ``head``, ``list``/``item``, ``quote``, ``table``,
``ref``, ``lb``) as the text blocks the article is made of, each rendered as lines.

Wrappers trafilatura left in place are looked through, and so are tables that lay out the
page (an old-style page puts its menu, its article and a column of other stories in the cells
of one table): rendered whole, such a table is one line that runs the article into the menus.
"""

from __future__ import annotations

import re

from lxml import etree

BLOCKS = frozenset({"p", "head", "quote", "code", "list", "table"})
LAYOUT_HINTS = ("p", "head", "list", "quote")
"""Blocks found directly in a table's cell when the table lays out the page."""
SPACE = re.compile(r"\s+")
BREAK = "\u2028"
"""Stands for a ``<br>`` while the source's own line breaks are collapsed as whitespace."""


def text_blocks(body: etree._Element) -> list[tuple[etree._Element, str]]:
    """The body's blocks that hold text, in order, with their text (``body`` is changed)."""
    for br in body.iter("lb"):
        br.tail = BREAK + (br.tail or "")
    return [(block, text) for block in _blocks(body) if (text := _render(block))]


def _blocks(element: etree._Element) -> list[etree._Element]:
    """Top-level text blocks, looking through any wrapper trafilatura left in place, and
    through tables that lay out the page rather than hold data."""
    blocks: list[etree._Element] = []
    for child in element:
        if child.tag == "table" and _lays_out(child):
            blocks.extend(_cell_blocks(child))
        elif child.tag in BLOCKS:
            blocks.append(child)
        elif len(child):
            blocks.extend(_blocks(child))
    return blocks


def _lays_out(table: etree._Element) -> bool:
    """A table whose cells hold paragraphs or headings places the page's parts (a column of
    links beside the article); a data table's cells hold words and numbers."""
    return any(cell.find(tag) is not None for cell in table.iter("cell") for tag in LAYOUT_HINTS)


def _cell_blocks(table: etree._Element) -> list[etree._Element]:
    """The blocks of a layout table, cell by cell: a cell without blocks is one itself."""
    blocks: list[etree._Element] = []
    for row in table.iterfind("row"):
        for cell in row.iterfind("cell"):
            inner = _blocks(cell)
            if inner:
                blocks.extend(inner)
            elif not _all_links(cell):  # a column of links is the page's navigation
                blocks.append(cell)
    return blocks


def _all_links(element: etree._Element) -> bool:
    words = len("".join(element.itertext()).split())
    linked = sum(len("".join(ref.itertext()).split()) for ref in element.iter("ref"))
    return linked >= words


def _render(block: etree._Element) -> str:
    if block.tag == "list":
        items = (_inline(item) for item in block.iter("item"))
        return "\n".join(item for item in items if item)
    if block.tag == "table":
        rows = (" ".join(filter(None, map(_inline, row.iter("cell")))) for row in block.iter("row"))
        return "\n".join(row for row in rows if row)
    return _inline(block)


def _inline(element: etree._Element) -> str:
    """The element's text with runs of spaces collapsed and line breaks kept."""
    text = "".join(element.itertext())
    lines = (SPACE.sub(" ", line).strip() for line in text.split(BREAK))
    return "\n".join(line for line in lines if line)
