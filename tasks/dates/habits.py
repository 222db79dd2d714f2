"""Per-source habits: what a source's earlier articles showed about how it writes dates.

The keys are a small fixed set (``habit_keys``). An article shows a habit only with evidence:
``order:dmy``/``order:mdy`` when its all-digit dates that only one order can read (``25/12/2020``)
or an ambiguous one another signal confirmed favour that order two to one;
``corrupt:<repair>:<family>`` when a repair of a value of that family (``payload``,
``metadata``, ``text:tail``) was confirmed by an independent signal (or, for a minute in the
month slot, an independent signal contradicted the value with that signature: the same year
and day in another month), and
``checked:<family>`` when a value of that family was compared with an independent signal at
all (repaired or as written): the base a corruption's share is taken of;
``tz:<abbreviation>:<offset>`` when another of the page's dates pinned an ambiguous
abbreviation to one reading.

The counts are a prior, used only where one page is ambiguous: an all-digit date no signal on
the page orders; a plausible-looking value of a family the source is known to corrupt, which
no independent signal confirms (its month is then unknown: only the year is kept); an
ambiguous zone abbreviation the page's locale does not decide. A prior chooses between readings
the page supports or lowers what a value establishes; it never confirms a repair on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tasks.dates.convention import Order, OrderHint
from tasks.dates.model import RepairName
from tasks.dates.reading import format_offset
from tasks.dates.zone_locale import LearnedZone
from tasks.dates.zones import AMBIGUOUS_ZONES
from tasks.record import SourceMemory

MIN_ARTICLES = 5
"""A source's memory is consulted once this many of its articles have been counted: the first
few articles of a new source are often one story's updates, which show one page's dates many
times over."""
MIN_EVIDENCE = 3
"""A habit counts once at least this many articles showed it with evidence: one page may quote
another site's date, three pages agreeing are the source's own way of writing."""
CLEAR_MAJORITY = 0.75
"""...and it must be shown by at least this share of the articles that could show it (those
showing either order; those whose values of the family were checked; those pinning the
abbreviation). A CMS or a crawler writes dates the same way every time, so a real habit is
near all or nothing; a source between (two CMSs, a feed of partners' articles) has no habit,
and a prior there would be wrong one time in four or more."""

STRUCTURED_FAMILIES = ("payload", "metadata", "text:tail")
"""Families whose values a CMS or a crawler writes by format string: where corruptions live."""
CORRUPTIONS: tuple[RepairName, ...] = ("minute_for_month", "day_month_swap", "epoch_millis")
DISTRUSTED: tuple[RepairName, ...] = ("minute_for_month", "day_month_swap")
"""The corruptions that can look like a valid date (a minute of 1 to 12 in the month slot, a day
of 1 to 12 swapped with the month): a source known for them has its unconfirmed valid-looking
values doubted. Epoch milliseconds never look like seconds; their habit is only counted."""
_SHOWN_AS: dict[RepairName, str] = {
    "minute_for_month": "a minute in the month slot",
    "day_month_swap": "day and month swapped",
}
ORDERS: tuple[Order, ...] = ("dmy", "mdy")
HABIT_PREFIX = "source habit shown: "
"""How the evidence line of a habit an article showed starts (for readers: the counted keys
travel in ``Article.observed``)."""


def order_key(order: Order) -> str:
    """``order:dmy``."""
    return f"order:{order}"


def corrupt_key(repair: str, family: str) -> str:
    """``corrupt:minute_for_month:payload``."""
    return f"corrupt:{repair}:{family}"


def checked_key(family: str) -> str:
    """``checked:payload``."""
    return f"checked:{family}"


def tz_key(zone: str, offset: int) -> str:
    """``tz:IST:+05:30``."""
    return f"tz:{zone}:{format_offset(offset)}"


HABIT_KEYS: tuple[str, ...] = (
    *(order_key(o) for o in ORDERS),
    *(checked_key(f) for f in STRUCTURED_FAMILIES),
    *(corrupt_key(r, f) for r in CORRUPTIONS for f in STRUCTURED_FAMILIES),
    *(tz_key(zone, r.offset) for zone, readings in AMBIGUOUS_ZONES.items() for r in readings),
)
"""Every key the stage asks the source's memory about (and the only ones it counts)."""


def trusted(count: int, base: int, articles: int) -> bool:
    """The trust rule: enough articles of the source, enough showing the habit, and a clear
    majority of those that could show it."""
    return articles >= MIN_ARTICLES and count >= MIN_EVIDENCE and count >= CLEAR_MAJORITY * base


@dataclass(frozen=True)
class SourceHabits:
    """The habits a source's memory shows under the trust rule (none without memory)."""

    order: OrderHint | None = None
    distrusted: dict[str, dict[RepairName, str]] = field(default_factory=dict)
    """Per family: the corruptions it is known for, each with the evidence line's reason."""
    zones: dict[str, LearnedZone] = field(default_factory=dict)


def habits_from(memory: SourceMemory | None) -> SourceHabits:
    """What ``memory`` (the counts of ``HABIT_KEYS``) establishes about the source."""
    if memory is None or memory.articles < MIN_ARTICLES:
        return SourceHabits()
    counts, articles = memory.counts, memory.articles
    return SourceHabits(
        _order(counts, articles), _distrusted(counts, articles), _zones(counts, articles)
    )


def _order(counts: dict[str, int], articles: int) -> OrderHint | None:
    shown = {o: counts.get(order_key(o), 0) for o in ORDERS}
    for order, count in shown.items():
        if trusted(count, sum(shown.values()), articles):
            first = "day" if order == "dmy" else "month"
            why = (
                f"as its source writes them ({first} first in {count} of "
                f"{sum(shown.values())} earlier articles that showed an order)"
            )
            return OrderHint(order, "source", why)
    return None


def _distrusted(counts: dict[str, int], articles: int) -> dict[str, dict[RepairName, str]]:
    out: dict[str, dict[RepairName, str]] = {}
    for family in STRUCTURED_FAMILIES:
        checked = counts.get(checked_key(family), 0)
        for repair in DISTRUSTED:
            count = counts.get(corrupt_key(repair, family), 0)
            if trusted(count, checked, articles):
                out.setdefault(family, {})[repair] = (
                    f"its source's {family} values had {_SHOWN_AS[repair]} in {count} of "
                    f"{checked} earlier articles where they could be checked"
                )
    return out


def _zones(counts: dict[str, int], articles: int) -> dict[str, LearnedZone]:
    out: dict[str, LearnedZone] = {}
    for zone, readings in AMBIGUOUS_ZONES.items():
        shown = {r.offset: counts.get(tz_key(zone, r.offset), 0) for r in readings}
        for offset, count in shown.items():
            if trusted(count, sum(shown.values()), articles):
                total = sum(shown.values())
                why = f"so pinned in {count} of {total} earlier articles of its source"
                out[zone] = LearnedZone(offset, why)
    return out


def shown_lines(shown: Iterable[tuple[str, str]]) -> list[str]:
    """Evidence lines for the habits an article showed: ``(key, how it showed it)``."""
    return [f"{HABIT_PREFIX}{key} ({how})" for key, how in dict(shown).items()]


KNOWN_KEYS = frozenset(HABIT_KEYS)
"""The keys counted: an observation outside them is never asked about, so never counted."""
