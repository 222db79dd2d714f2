"""What one article shows about its source's habits, with the evidence for each.

Only what the page itself establishes counts (see ``habits`` for the keys): an order read from
the page's unambiguous all-digit dates or confirmed by another signal, a repair an independent
signal confirmed (or a valid-looking value one contradicts with a corruption's signature: the
same year and day in another month), a value compared with an independent signal, an
abbreviation another date pinned. A reading the stage took from a prior (the source's own
habit, a country's convention, a default zone) is never counted: the memory would only be
learning from itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tasks.dates.convention import Order, PageOrder, unambiguous_order
from tasks.dates.habits import ORDERS, STRUCTURED_FAMILIES, checked_key, order_key, tz_key
from tasks.dates.model import Found
from tasks.dates.repair import MIN_CONFIRMER_WEIGHT
from tasks.dates.zone_locale import ZONE_NOTE

Shown = tuple[str, str]
"""A habit key and how the article showed it."""


def observed(
    found: list[Found], page: PageOrder, pinned: Iterable[tuple[str, int, str]]
) -> list[Shown]:
    """The habits the article showed: ``found`` after repairs, ``page``: what its text says
    about order, ``pinned``: the zone abbreviations another of its dates pinned."""
    shown = list(_order(found, page))
    shown.extend(_repairs(found))
    shown.extend(_checked(found))
    shown.extend((tz_key(zone, offset), f"pinned by {how}") for zone, offset, how in pinned)
    return shown


def _order(found: list[Found], page: PageOrder) -> Iterator[Shown]:
    votes: dict[Order, int] = {"dmy": page.plain_day_first, "mdy": page.plain_month_first}
    for candidate in found:
        written = unambiguous_order(candidate.raw)
        if candidate.family in STRUCTURED_FAMILIES and not candidate.repair and written:
            votes[written] += 1
        for order in ORDERS:
            votes[order] += order_key(order) in candidate.shows
    day_first, month_first = votes["dmy"], votes["mdy"]
    how = f"{day_first} day-first and {month_first} month-first dates only one order reads"
    if day_first > 2 * month_first:
        yield order_key("dmy"), how
    elif month_first > 2 * day_first:
        yield order_key("mdy"), how


def _repairs(found: list[Found]) -> Iterator[Shown]:
    for candidate in found:
        for key in candidate.shows:
            if key.startswith("corrupt:"):
                how = "repair confirmed" if candidate.repair else "its month contradicted"
                yield key, f"{candidate.source} {candidate.raw!r}, {how}"


def _checked(found: list[Found]) -> Iterator[Shown]:
    """Families with a value compared with an independent signal: repaired with its
    confirmation, contradicted in a corruption's way, or supported as written."""
    confirmers = [c for c in found if _as_written(c) and c.weight >= MIN_CONFIRMER_WEIGHT]
    for family in STRUCTURED_FAMILIES:
        for candidate in found:
            if candidate.family != family or candidate.reading is None:
                continue
            if any(key.startswith("corrupt:") for key in candidate.shows):
                yield checked_key(family), f"{candidate.source} contradicted or repaired"
                break
            key = candidate.reading.day_key()
            if key is None or not _as_written(candidate):
                continue
            other = next(
                (
                    c
                    for c in confirmers
                    if c.family != family and c.reading and c.reading.day_key() == key
                ),
                None,
            )
            if other is not None:
                yield checked_key(family), f"{candidate.source} agrees with {other.source}"
                break


def _as_written(candidate: Found) -> bool:
    """True when the candidate's reading is the value as written (no repair, no order or
    habit reading, not refused)."""
    note = candidate.note
    return (
        candidate.repair is None
        and candidate.parsed.literal_ok
        and candidate.reading is not None
        and (note is None or note.startswith(ZONE_NOTE))
    )
