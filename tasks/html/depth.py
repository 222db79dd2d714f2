"""Deeply nested markup: libxml2 stops parsing at a depth of 256 elements, so a page nested
deeper (a hostile page, or a generator gone wrong) loses everything from there on.

Such a page is flattened in its source before it is parsed again. Tags are matched with a
stack, as a browser would (void elements, closing tags that close what they enclose, a few
implied ends), and each element's depth and height (how far its deepest descendant lies
below it) are measured. Elements near the top of the page (``KEEP_TOP``) and near its text
(``KEEP_BOTTOM``) keep their tags; the tags of the others, the endless wrappers in between,
are dropped while their text stays. Along any path from the root, at most ``KEEP_TOP +
KEEP_BOTTOM`` elements remain.
"""

from __future__ import annotations

import re
from array import array

from lxml import etree

PARSER_DEPTH_LIMIT = 256
"""libxml2's depth limit (without its "huge" option, which we do not enable)."""
DEPTH_SEEN = etree.XPath(f"boolean(//*[count(ancestor::*) >= {PARSER_DEPTH_LIMIT - 6}])")
"""A tree this deep was probably cut by the parser (real pages stay below 60)."""
KEEP_TOP = 60
"""Elements at most this deep keep their tags: the page's layout and the article's container."""
KEEP_BOTTOM = 60
"""Elements at most this high keep their tags: paragraphs, lists and what they hold."""
TOO_DEEP = f"markup nested deeper than {PARSER_DEPTH_LIMIT} elements was flattened"

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>|<!--")
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()  # noqa: SIM905  (tag names read best as words)
)
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noscript"})
INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong"  # noqa: SIM905  (tag names read best as words)
    " sub sup time u var".split()
)
"""Dropped tags of these leave nothing; others leave a line break (they separate blocks)."""
IMPLIED_END: dict[str, frozenset[str]] = {
    "p": frozenset({"p"}),
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}),
}
"""An open element that a new one of these closes when it is the innermost one."""


def too_deep(tree: etree._Element) -> bool:
    """The parsed tree reaches the parser's depth limit (its rest was lost)."""
    return bool(DEPTH_SEEN(tree))


class _Tags:
    """The tags of a page, in order: where each is and, for an opening tag, the depth and
    height of its element and the tag that closes it (-1: none, or not an opening tag)."""

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.depth = array("i")
        self.height = array("i")
        self.closer = array("q")
        self._stack: list[int] = []  # the open elements' tags, innermost last
        self._names: list[str] = []  # their names
        self._where: dict[str, list[int]] = {}  # per name, its open elements' stack places

    def add(self, start: int, end: int) -> int:
        self.starts.append(start)
        self.ends.append(end)
        self.depth.append(-1)
        self.height.append(0)
        self.closer.append(-1)
        return len(self.starts) - 1

    def open(self, name: str, tag: int) -> bool:
        """Open an element; False for a void one, which holds nothing."""
        if self._stack and self._names[-1] in IMPLIED_END.get(name, ()):
            self._pop()
        self.depth[tag] = len(self._stack)
        if name in VOID:
            return False
        self._where.setdefault(name, []).append(len(self._stack))
        self._stack.append(tag)
        self._names.append(name)
        return True

    def close(self, name: str, tag: int) -> None:
        """Close the innermost open ``name`` and what it encloses (a stray end tag: nothing)."""
        places = self._where.get(name)
        if places:
            while len(self._stack) > places[-1] + 1:
                self._pop()
            self.closer[self._pop()] = tag

    def finish(self) -> None:
        """Close what the page left open."""
        while self._stack:
            self._pop()

    def _pop(self) -> int:
        tag = self._stack.pop()
        self._where[self._names.pop()].pop()
        if self._stack and self.height[self._stack[-1]] <= self.height[tag]:
            self.height[self._stack[-1]] = self.height[tag] + 1
        return tag


def _read(html: str) -> _Tags:
    """Pair the page's tags as a browser would, measuring each element's depth and height."""
    tags = _Tags()
    skip_to = 0
    for match in TAG.finditer(html):
        start = match.start()
        if start < skip_to:
            continue
        slash, name = match.group(1, 2)
        if name is None:  # a comment
            end = html.find("-->", match.end())
            if end < 0:
                break  # the rest of the page is a comment
            skip_to = end + 3
            continue
        name = name.lower()
        tag = tags.add(start, match.end())
        if slash:
            tags.close(name, tag)
        elif tags.open(name, tag) and name in RAW_TEXT:
            skip_to = _raw_end(html, name, match.end())
    tags.finish()
    return tags


def _raw_end(html: str, name: str, start: int) -> int:
    """Where the raw text of a ``script`` (or the like) opened at ``start`` ends."""
    found = re.compile(f"</{name}", re.IGNORECASE).search(html, start)
    return found.start() if found else len(html)


def flatten(html: str) -> str:
    """``html`` with the tags of elements neither near the top nor near the text dropped."""
    tags = _read(html)
    drop = bytearray(len(tags.starts))
    for tag, depth in enumerate(tags.depth):
        if depth > KEEP_TOP and tags.height[tag] > KEEP_BOTTOM:
            drop[tag] = 1
            if tags.closer[tag] >= 0:
                drop[tags.closer[tag]] = 1
    parts: list[str] = []
    position = 0
    tag = drop.find(1)
    while tag >= 0:
        start = tags.starts[tag]
        parts.append(html[position:start])
        name = TAG.match(html, start)
        inline = name is not None and (name.group(2) or "").lower() in INLINE
        parts.append("" if inline else "\n")
        position = tags.ends[tag]
        tag = drop.find(1, tag + 1)
    parts.append(html[position:])
    return "".join(parts)
