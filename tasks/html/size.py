"""Keeping hostile pages cheap: the parsed tree is cut to a size no real article needs.

trafilatura's cost grows with the number of elements it walks. Scripts, styles and inline
graphics are dropped first (trafilatura ignores them anyway); a page that still has more
elements than ``MAX_ELEMENTS`` is cut after that many, in document order.
"""

from __future__ import annotations

from lxml import etree

MAX_ELEMENTS = 15_000
"""About ten times the elements of the largest real article page seen, scripts aside."""
INERT = etree.XPath(
    "//script | //style | //noscript | //template | //svg | //*[local-name()='svg']"
)
TOO_LARGE = f"page has more than {MAX_ELEMENTS} elements; only the first ones were read"


def bound_tree(tree: etree._Element) -> bool:
    """Shrink ``tree`` in place; False when it had to be cut, not only cleaned."""
    for element in INERT(tree):
        parent = element.getparent()
        if parent is not None:
            _remove_keeping_tail(parent, element)
    for count, element in enumerate(tree.iter()):
        if count >= MAX_ELEMENTS:
            _cut_after(element)
            return False
    return True


def _remove_keeping_tail(parent: etree._Element, element: etree._Element) -> None:
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _cut_after(element: etree._Element) -> None:
    """Remove everything that follows ``element`` in document order, its children included."""
    for child in list(element):
        element.remove(child)
    node = element
    while (parent := node.getparent()) is not None:
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
