"""Valid-looking values that are doubtful: an independent signal contradicts them in a
corruption's way, or their source is known for that corruption. Either way only the year is
kept; neither ever makes a day.
"""

from __future__ import annotations

from dataclasses import replace

from tasks.dates.habits import STRUCTURED_FAMILIES, SourceHabits, corrupt_key, order_key
from tasks.dates.model import Found, Parsed, RepairName, WordOrder
from tasks.dates.reading import Reading


def doubted(candidate: Found, others: list[Found]) -> Found | None:
    """A valid-looking ``Y-M-D`` that bears the minute-for-month signature: an independent
    signal gives the same year and day in another month, but no timestamp confirms the
    repair (none has the month slot as its minute). Its month is then unknown: only the year
    is kept, and the repair is not made."""
    literal = candidate.reading
    if literal is None or not literal.has_day or supported(literal, others):
        return None
    if not any(s.repair == "minute_for_month" for s in candidate.parsed.suspects):
        return None
    for other in others:
        reading = other.known()
        if (
            reading.has_day
            and (reading.year, reading.day) == (literal.year, literal.day)
            and reading.month != literal.month
        ):
            note = (
                f"{candidate.source} {candidate.raw!r} may carry a minute in its month slot: "
                f"{other.source} {other.raw!r} gives the same year and day in another month, "
                f"and no timestamp confirms it; kept the year only"
            )
            kept = Parsed(literal.truncated("year"))
            shows = habit_shown(candidate, "minute_for_month")
            return replace(candidate, parsed=kept, note=note, evidence=(note,), shows=shows)
    return None


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
