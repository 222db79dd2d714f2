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

from collections.abc import Sequence
from functools import cached_property

from tasks.ner.casing import LINE, WORD, is_title_case
from tasks.record import Entity


class HeadlineOverreach:
    """Tells, for a mention in ``text``, whether it overreaches (see the module docstring).

    Most mentions are not on a Title Case line; the story's names and capitalised words are
    gathered only once one is.
    """

    def __init__(self, entities: Sequence[Entity], text: str) -> None:
        self._entities = entities
        self._text = text
        self._title_case: dict[int, bool] = {}

    def __call__(self, start: int, end: int) -> bool:
        """True when the mention at ``start:end`` overreaches past a borne-out name."""
        if not self._in_headline(start):
            return False
        span = self._text[start:end]
        for anchor in self._anchors:
            if len(anchor) >= len(span):
                continue
            if span.startswith(anchor + " "):
                rest = span[len(anchor) + 1 :]
            elif span.endswith(" " + anchor):
                rest = span[: -len(anchor) - 1]
            else:
                continue
            if not any(word in self._capitalised for word in WORD.findall(rest)):
                return True
        return False

    def _in_headline(self, offset: int) -> bool:
        """Whether the line holding ``offset`` is Title Case (each line judged once)."""
        line_start = self._text.rfind("\n", 0, offset) + 1
        if line_start not in self._title_case:
            line_end = self._text.find("\n", offset)
            line = self._text[line_start : line_end if line_end >= 0 else len(self._text)]
            self._title_case[line_start] = is_title_case(line)
        return self._title_case[line_start]

    @cached_property
    def _anchors(self) -> set[str]:
        """The names the story bears out: each mention's text off the Title Case lines."""
        return {
            self._text[start:end]
            for entity in self._entities
            for start, end in entity.mentions or [(entity.start, entity.end)]
            if not self._in_headline(start)
        }

    @cached_property
    def _capitalised(self) -> set[str]:
        """The words written with a capital off the Title Case lines."""
        return {
            word
            for line in LINE.finditer(self._text)
            if not self._in_headline(line.start())
            for word in WORD.findall(line.group())
            if word[0].isupper()
        }
