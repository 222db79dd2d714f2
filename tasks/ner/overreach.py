"""A span the recogniser stretched across a Title Case headline past a real name.

In "Norway Backs Scottish Tidal Array" every word has a capital, and the small English model
reads "Norway Backs" as an organisation. The casing repair (``casing``) cannot help when the
verb appears nowhere else in the article: there is no evidence of how the article writes it.
The span overreaches when all of this holds for a mention:

- it sits on a Title Case line;
- it begins or ends with another entity's name that the story bears out (a mention on a line
  that is not Title Case): "Norway";
- the rest of it ("Backs") is never written with a capital on such a line.

"New York Times" in a headline, with "New York" and "The Times" in the story, is no
overreach: "Times" is borne out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.ner.casing import is_title_case
from tasks.record import Entity

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class HeadlineOverreach:
    """Tells, for a mention in ``text``, whether it overreaches (see the module docstring)."""

    def __init__(self, entities: Sequence[Entity], text: str) -> None:
        self._text = text
        self._headlines = [
            (m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if is_title_case(m.group())
        ]
        self._anchors: set[str] = set()
        self._capitalised: set[str] = set()
        if not self._headlines:
            return  # most articles: nothing to check, and nothing more to compute
        self._anchors = {
            text[start:end]
            for entity in entities
            for start, end in entity.mentions or [(entity.start, entity.end)]
            if not self._in_headline(start)
        }
        self._capitalised = {
            word
            for start, end in self._story_lines()
            for word in _WORD.findall(text, start, end)
            if word[0].isupper()
        }

    def __call__(self, start: int, end: int) -> bool:
        """True when the mention at ``start:end`` overreaches past a borne-out name."""
        if not self._in_headline(start):
            return False
        span = self._text[start:end]
        for anchor in self._anchors:
            if anchor == span or len(anchor) >= len(span):
                continue
            if span.startswith(anchor + " "):
                rest = span[len(anchor) + 1 :]
            elif span.endswith(" " + anchor):
                rest = span[: -len(anchor) - 1]
            else:
                continue
            if not any(word in self._capitalised for word in _WORD.findall(rest)):
                return True
        return False

    def _in_headline(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self._headlines)

    def _story_lines(self) -> list[tuple[int, int]]:
        """The spans of the lines that are not Title Case."""
        spans = []
        position = 0
        for start, end in self._headlines:
            spans.append((position, start))
            position = end
        spans.append((position, len(self._text)))
        return spans
