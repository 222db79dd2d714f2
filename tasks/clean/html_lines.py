"""An HTML page as text lines, the way a text renderer prints it: one line per block element.

These are "the page's text lines" wherever the clean stage speaks of lines of an HTML page:
the per-source memory counts them, and the debug field numbers removed lines by their index
here (0 for the first). They are read from the parsed and bounded tree (``html_size``), so
scripts, styles and whatever lay past the element limit are not among them.
"""

from __future__ import annotations

import re

from lxml import etree

BLOCK = frozenset(
    "address article aside blockquote body br button caption dd details dialog div dl dt"  # noqa: SIM905  (tag names read best as words)
    " fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr label"
    " legend li main nav ol option p pre section select summary table tbody tfoot thead tr"
    " ul".split()
)
"""Elements that start and end a line (``br`` only ends one)."""
CELL = frozenset({"td", "th"})
"""Table cells are separated by a space: a row is one line, as trafilatura renders it."""
SPACE = re.compile(r"\s+")


def page_lines(tree: etree._Element) -> list[str]:
    """The text lines of the page's body (of the whole tree when it has no body), in order."""
    body = tree.find("body")
    root = body if body is not None else tree
    lines: list[str] = []
    parts: list[str] = []

    def end_line() -> None:
        text = SPACE.sub(" ", "".join(parts)).strip()
        parts.clear()
        if text:
            lines.append(text)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None  # comments have no name
        if tag in BLOCK:
            end_line()
        elif tag in CELL:
            parts.append(" ")
        if event == "start":
            if tag is not None and element.text:
                parts.append(element.text)
        elif element is not root and element.tail:
            parts.append(element.tail)
    end_line()
    return lines
