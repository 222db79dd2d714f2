"""Valid-looking values that are doubtful: an independent signal contradicts them in a
corruption's way, or their source is known for that corruption. Either way only the year is
kept as the value's reading; neither ever makes a day. A value doubted by a signal keeps its
suspects: its year and day of month (or its swapped day) still support the day another
signal gives (``agreement.partly_fits``).
"""

from __future__ import annotations

from dataclasses import replace

from tasks.dates.habits import STRUCTURED_FAMILIES, SourceHabits, corrupt_key, order_key
from tasks.dates.model import Found, Parsed, RepairName, Suspect, WordOrder
from tasks.dates.reading import Reading


def doubted(candidate: Found, witnesses: list[Found]) -> Found | None:
    """A valid-looking ``Y-M-D`` that bears a corruption's signature: an independent signal
    (``witnesses``: of other families, however weak) gives the same year and day in another
    month (a minute in the month slot), or the day with day and month exchanged, and none
    gives the value as written. Its month is then unknown: only the year is kept as its
    reading, and its suspects stay, so that the day a witness gives still agrees with it
    (``agreement.partly_fits``). The repair itself is not made."""
    literal = candidate.reading
    if literal is None or not literal.has_day or supported(literal, witnesses):
        return None
    for suspect in candidate.parsed.suspects:
        witness = next((w for w in witnesses if _signature(suspect, literal, w.known())), None)
        if witness is None:
            continue
        said = f"{witness.source} {witness.raw!r}"
        if suspect.repair == "minute_for_month":
            how = f"may carry a minute in its month slot: {said} gives the same year and day"
            how += " in another month"
        else:
            how = f"may have its day and month swapped: {said} gives the swapped day"
        note = (
            f"{candidate.source} {candidate.raw!r} {how}, and no timestamp confirms it; "
            "kept the year only"
        )
        kept = Parsed(literal.truncated("year"), candidate.parsed.suspects)
        shows = habit_shown(candidate, suspect.repair)
        return replace(candidate, parsed=kept, note=note, evidence=(note,), shows=shows)
    return None


def _signature(suspect: Suspect, literal: Reading, other: Reading) -> bool:
    """True when ``other`` differs from ``literal`` the way ``suspect``'s corruption would."""
    if not other.has_day:
        return False
    if suspect.repair == "minute_for_month":
        return (other.year, other.day) == (literal.year, literal.day) and (
            other.month != literal.month
        )
    if suspect.repair == "day_month_swap" and suspect.reading is not None:
        return other.day_key() == suspect.reading.day_key()
    return False


def distrusted(candidate: Found, others: list[Found], habits: SourceHabits) -> Found | None:
    """A valid-looking value of a family its source is known to corrupt, which no independent
    signal supports or repairs: its month may be a minute or its day, so only the year is
    kept. The habit never makes a day, it only withholds one."""
    known = habits.distrusted.get(candidate.family, {})
    literal = candidate.reading
    if not known or literal is None or not literal.has_day or supported(literal, others):
        return None
    repair = next((s.repair for s in candidate.parsed.suspects if s.repair in known), None)
    if repair is None:
        return None
    note = (
        f"{candidate.source} {candidate.raw!r} doubted: {known[repair]}, and no independent "
        "signal confirms its month; kept the year only"
    )
    kept = Parsed(literal.truncated("year"))
    return replace(candidate, parsed=kept, note=note, evidence=(*candidate.evidence, note))


def habit_shown(
    candidate: Found, repair: RepairName, order: WordOrder | None = None
) -> tuple[str, ...]:
    """The source habit a confirmed repair (or a contradicted month) is evidence of."""
    if repair == "day_month_order":
        return (order_key(order),) if order else ()
    if candidate.family in STRUCTURED_FAMILIES:
        return (corrupt_key(repair, candidate.family),)
    return ()


def supported(literal: Reading, others: list[Found]) -> bool:
    """True when an independent signal gives the literal reading's day."""
    key = literal.day_key()
    return key is not None and any(o.reading and o.reading.day_key() == key for o in others)
