"""The dates stage: gather candidates, repair what independent signals confirm, choose."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timezone

import msgspec

from tasks.dates.candidates import gather
from tasks.dates.choose import Group, group_days, on_or_after, plausible
from tasks.dates.declared import Settled, settle
from tasks.dates.fetched import (
    after_fetch,
    after_fetch_note,
    fetch_moment,
    last_modified,
    rejected,
    rejection_evidence,
)
from tasks.dates.habits import HABIT_KEYS, KNOWN_KEYS, habits_from, shown_lines
from tasks.dates.model import Found, Role
from tasks.dates.observe import observed
from tasks.dates.repair import apply_repairs
from tasks.dates.result import (
    coarse_result,
    day_result,
    set_aside_note,
    unsettled_note,
    withheld_result,
)
from tasks.dates.slow import SlowPath
from tasks.dates.zone_locale import localise
from tasks.html.months import month_names
from tasks.record import Article, DateResult, RecordWarning, SourceMemory
from tasks.stage import Reading

STAGE = "dates"
_READ_BY_NO_LANGUAGE = "Zzqx 2020, 12:00 Wq"


class Dates:
    """Set ``published`` and ``modified`` on a record from every date signal it carries."""

    name = STAGE
    reads_raw = False
    """What it needs of the page, the clean stage read into ``Article.page``."""

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        """``clock`` gives "now" (aware) for records without ``received_at``."""
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        # Load the month tables and compile dateparser's patterns at start-up, not on the
        # first article (which took 185 ms instead of 5). A value no language reads makes
        # dateparser try, and so compile, every language of the slow path.
        month_names()
        SlowPath()("Tuesday, 1 January 2020 09:43 AM")
        SlowPath()(_READ_BY_NO_LANGUAGE)

    def __call__(self, record: Article) -> Article:
        """The record with its dates chosen, without any source memory."""
        return self.finish(self.read(record), None)

    def read(self, record: Article) -> Reading:
        """The habit keys asked about for every article (a small fixed set)."""
        return Reading(record, list(HABIT_KEYS))

    def finish(self, reading: Reading, memory: SourceMemory | None) -> Article:
        """The record with its dates chosen, and the habits it showed in ``observed``.

        ``memory``, when the runner recalled it, holds what the source's earlier articles
        showed: a prior for what one page leaves ambiguous (``habits``). The habits this
        article shows with evidence are also named in the evidence, for readers.
        """
        record = reading.record
        habits = habits_from(memory)
        warnings: list[RecordWarning] = []
        upper = self._upper_bound(record, warnings)
        fetched = fetch_moment(record.fetched_at)
        gathered = gather(record, upper, habits.order, fetched)
        localised = localise(gathered.found, gathered.locale, habits.zones)
        found, repair_warnings = apply_repairs(localised.found, gathered.order_hint, habits)
        warnings.extend(RecordWarning(STAGE, code, message) for code, message in repair_warnings)
        # The HTTP facts join after the repairs: Last-Modified confirms none (see fetched).
        candidates = [*found, *last_modified(record.headers, fetched or upper)]
        judged = [_judged(f, upper, fetched) for f in candidates]
        usable = [f for f in judged if f.reading is not None and not _ruled_out(f)]
        published = _with_rejections(_choose(usable, judged, "published"), judged)
        modified = _choose(_not_before(usable, published), judged, "modified")
        shown = dict(observed(found, gathered.order, localised.shown))
        if memory is not None:
            evidence = [*published.evidence, *shown_lines(shown.items())]
            published = msgspec.structs.replace(published, evidence=evidence)
        if published.value is None:
            warnings.append(
                RecordWarning(
                    STAGE, "date_not_found", "no candidate establishes a publication date"
                )
            )
        return msgspec.structs.replace(
            record,
            published=published,
            modified=modified,
            warnings=[*record.warnings, *warnings],
            observed={**record.observed, STAGE: [k for k in shown if k in KNOWN_KEYS]},
        )

    def _upper_bound(self, record: Article, warnings: list[RecordWarning]) -> datetime:
        """``received_at`` (no date can be later), else now."""
        if record.received_at:
            try:
                moment = datetime.fromisoformat(record.received_at.replace("Z", "+00:00"))
            except ValueError:
                warnings.append(
                    RecordWarning(
                        STAGE,
                        "bad_received_at",
                        f"received_at {record.received_at!r} is not ISO 8601; bounded by now",
                    )
                )
            else:
                return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return self._clock()


def _not_before(candidates: list[Found], published: DateResult) -> list[Found]:
    """The candidates that can be a modification of what was published."""
    if published.date is None:
        return candidates
    floor = date.fromisoformat(published.date)
    instant = (
        datetime.fromisoformat(published.utc.replace("Z", "+00:00")) if published.utc else None
    )
    return [c for c in candidates if on_or_after(c.known(), floor, instant)]


IMPLAUSIBLE = "implausible: before 1995 or after the upper bound"


def _judged(found: Found, upper: datetime, fetched: datetime | None) -> Found:
    if found.reading is None:
        return found
    if not plausible(found.reading, upper):
        return replace(found, note=IMPLAUSIBLE)
    if fetched is not None and after_fetch(found.reading, fetched):
        return replace(found, note=after_fetch_note(fetched))
    return found


def _ruled_out(found: Found) -> bool:
    return found.note == IMPLAUSIBLE or rejected(found)


def _with_rejections(result: DateResult, judged: list[Found]) -> DateResult:
    """The result, its evidence naming the dates the fetch time ruled out."""
    lines = rejection_evidence(judged)
    if not lines:
        return result
    return msgspec.structs.replace(result, evidence=[*result.evidence, *lines])


def _choose(usable: list[Found], everything: list[Found], role: Role) -> DateResult:
    groups = group_days(usable, role)
    if role != "published":
        return _result(groups, usable, everything, role)
    settled = settle(groups, usable)
    if not settled.declared:
        return _result(groups, usable, everything, role)
    if not settled.groups and settled.unsettled:
        return withheld_result(settled.unsettled, settled.declared, everything, role)
    return _result(settled.groups, settled.declared, everything, role, settled)


def _result(
    groups: list[Group],
    usable: list[Found],
    everything: list[Found],
    role: Role,
    settled: Settled | None = None,
) -> DateResult:
    """The best of ``groups``, else what the most trusted of ``usable`` establishes.

    ``settled``: what the declared publication dates ruled out: the strongest day they set
    aside and the strongest day only one of them gave are named beside the runner-up."""
    set_aside = settled.set_aside[0] if settled and settled.set_aside else None
    if not groups:
        return coarse_result(usable, everything, role, set_aside)
    ruled_out: list[tuple[Group, str]] = []
    if set_aside is not None:
        ruled_out.append((set_aside, set_aside_note(set_aside, role)))
    if settled is not None and settled.unsettled:
        ruled_out.append((settled.unsettled[0], unsettled_note(settled.unsettled[0], role)))
    runner_up = groups[1] if len(groups) > 1 else None
    return day_result(groups[0], runner_up, everything, role, ruled_out)
