"""The stage's working values: what a parse found, and a candidate with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from tasks.dates.reading import Reading
from tasks.record import PageDate

Role = Literal["published", "modified", "unknown"]
WordOrder = Literal["dmy", "mdy"]
RepairName = Literal["minute_for_month", "day_month_swap", "day_month_order", "epoch_millis"]


@dataclass(frozen=True, slots=True)
class Suspect:
    """Another way to read a malformed value, to be taken only if an independent signal agrees.

    ``minute_for_month``: the month slot holds ``minute``; year and day stand, the month must
    come from a confirming timestamp whose minute is ``minute``. ``day_month_swap`` and
    ``day_month_order``: ``reading`` with day and month exchanged. ``epoch_millis``: a value in
    milliseconds where seconds were expected; ``instant`` is what it means.
    """

    repair: RepairName
    year: int
    day: int = 0
    minute: int = -1
    reading: Reading | None = None
    instant: datetime | None = None
    clock: tuple[int, int, int] | None = None
    """The time of day the malformed value itself carried, kept through the repair."""
    offset: int | None = None
    zone: str | None = None
    """An ambiguous zone abbreviation the value carried (``IST``), until the locale decides its
    offset (``tasks.dates.zone_locale``)."""
    order: WordOrder | None = None
    """For ``day_month_order``: which order this reading takes."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """One date expression: its literal reading and any suspect readings."""

    reading: Reading | None
    """The literal reading, or the part of it that is safe (the year) when the literal is
    impossible; None when nothing usable was found."""
    suspects: tuple[Suspect, ...] = ()
    literal_ok: bool = True
    """False when the literal fields name no real date (``2020-43-08``)."""
    start: int = 0
    end: int = 0
    """Where the expression sits in the text it was found in."""
    word_order: WordOrder | None = None
    """For a date with its month in words: ``dmy`` when the day came first (``8 September
    2020``), ``mdy`` when the month did (``September 8, 2020``)."""


Signal = PageDate
"""One date-bearing value found in a page, before parsing: the record's own struct, since the
clean stage reads the signals and they travel to this stage in ``Article.page``."""


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate: one parsed signal, where it came from and how much it is trusted."""

    source: str
    """``payload:published``, ``html:meta:article:published_time``, ``url``, ``dateline``..."""
    family: str
    """Independence group: signals of one family are not independent of each other."""
    raw: str
    role: Role
    weight: float
    parsed: Parsed
    order: int = 0
    """Position among signals of its family (document order): earlier is more likely the
    article's own date."""
    repair: RepairName | None = None
    note: str | None = None
    evidence: tuple[str, ...] = field(default=())
    shows: tuple[str, ...] = ()
    """Source habits this candidate showed with evidence (a confirmed repair: see ``habits``)."""

    @property
    def reading(self) -> Reading | None:
        """The current reading (after any repair)."""
        return self.parsed.reading

    def known(self) -> Reading:
        """The reading of a candidate that has one (every grouped candidate does)."""
        if self.parsed.reading is None:
            raise ValueError(f"candidate {self.source} {self.raw!r} has no reading")
        return self.parsed.reading
