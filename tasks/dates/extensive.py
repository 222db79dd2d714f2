"""The last resort: dates anywhere in the visible text of a page or a text dump.

On pages without metadata the article's own date is most often the first full date of the
text, or the one right by the headline (the byline sits there; archives, comments and
"today is" banners sit elsewhere), or one a word like "Published" introduces. Each distinct
day gets a modest weight from those clues; these candidates decide only when nothing more
structured speaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tasks.dates.choose import plausible
from tasks.dates.convention import OrderHint
from tasks.dates.model import Found, Parsed, Role
from tasks.dates.reading import Reading
from tasks.dates.scan import ascii_digits, find_dates
from tasks.html.page_index import MAX_TEXT_CHARS

MAX_DATES = 300
KEPT_DAYS = 5
RANK_WEIGHTS = (0.45, 0.3, 0.2, 0.15, 0.1)
"""Base weight of the first, second... distinct day in the text."""
AFTER_HEADLINE = 1_500
BEFORE_HEADLINE = 400
"""Characters after (and, less often, before) the headline where the byline's date sits."""
HEADLINE_BONUS = 0.15
TODAY_PENALTY = 0.1
"""A date on the day the page was fetched is as likely a "today is" banner as the byline."""
KEYWORD_BONUS = 0.1
TIME_BONUS = 0.05
"""A time of day (and more, a zone) marks a timestamp rather than a date in prose."""
MAX_WEIGHT = 0.7
LOOK_BACK = 40
"""Characters before a date searched for a word saying what the date is."""

_PUBLISHED_WORDS = re.compile(
    r"publi[eéc]|pubblicat|veröffentlicht|erstellt|posted|опубликован|gepubliceerd"
    r"|opublikowan|yayınlan|publicerad|udgivet|julkaistu|datum|date\b|fecha",
    re.IGNORECASE,
)
_MODIFIED_WORDS = re.compile(
    r"updated|update:|aktualisiert|geändert|mis à jour|modifi|actualiza|aggiornat|atualiza"
    r"|обновлен|bijgewerkt|zaktualizowan|revision|editiert|letzte aktualisierung",
    re.IGNORECASE,
)


@dataclass
class _Day:
    parsed: Parsed
    raw: str
    rank: int
    count: int = 1
    headline_bonus: float = 0.0
    today: bool = False
    published_word: bool = False
    modified_only: bool = True
    by_hint: bool = False


def scanned(text: str) -> tuple[str, list[Parsed]]:
    """The part of ``text`` that is scanned (digits made ASCII) and the dates found in it."""
    text = ascii_digits(text[:MAX_TEXT_CHARS])
    return text, list(find_dates(text, limit=MAX_DATES))


def text_dates(
    text: str,
    dates: Sequence[Parsed],
    *,
    source: str,
    family: str,
    upper: datetime,
    headline: int | None = None,
    order_hint: OrderHint | None = None,
    today: tuple[int, int, int] | None = None,
) -> Iterator[Found]:
    """Candidates for the most likely distinct days among ``dates``, found in ``text`` (see
    ``scanned``).

    ``headline``: where the article's headline sits in ``text``, when known. ``order_hint``:
    how dates like ``05/09/2020`` are read (the page's convention, its source's habit...).
    ``today``: the day the page was fetched (UTC), when known; else ``upper``'s.
    """
    today = today or (upper.year, upper.month, upper.day)
    days: dict[tuple[int, int, int], _Day] = {}
    for parsed in dates:
        resolved = _resolved(parsed, order_hint)
        key = resolved.day_key() if resolved is not None else None
        if resolved is None or key is None or not plausible(resolved, upper):
            continue
        role = role_word(text, parsed.start)
        day = days.get(key)
        if day is None:
            raw = " ".join(text[parsed.start : parsed.end].split())
            day = days[key] = _Day(Parsed(resolved, start=parsed.start), raw, len(days))
            day.by_hint = not parsed.literal_ok
        else:
            day.count += 1
        if headline is not None:
            day.headline_bonus = max(day.headline_bonus, _headline_bonus(parsed.start - headline))
        day.today = key == today
        day.published_word |= role == "published"
        day.modified_only &= role == "modified"
    ranked = sorted(days.values(), key=lambda d: -_weight(d))[:KEPT_DAYS]
    for day in ranked:
        kind: Role = "modified" if day.modified_only else "unknown"
        found = Found(source, family, day.raw, kind, _weight(day), day.parsed, day.rank)
        if day.by_hint and order_hint is not None:
            found = replace(found, note=_order_note(order_hint))
        yield found


def _order_note(hint: OrderHint) -> str:
    if hint.basis == "page":
        return "day/month order from the page's other dates"
    return f"day/month order: {hint.first} first, {hint.why}"


def _weight(day: _Day) -> float:
    weight = RANK_WEIGHTS[day.rank] if day.rank < len(RANK_WEIGHTS) else 0.05
    weight += 0.03 * min(day.count - 1, 3)
    weight += day.headline_bonus - (TODAY_PENALTY if day.today else 0.0)
    weight += KEYWORD_BONUS if day.published_word else 0.0
    reading = day.parsed.reading
    if reading is not None and reading.has_time:
        zoned = reading.offset is not None or reading.zone is not None
        weight += TIME_BONUS * (2 if zoned else 1)
    return round(min(weight, MAX_WEIGHT), 3)


def _headline_bonus(distance: int) -> float:
    """For a date in the byline region: after the headline, or just above it (a kicker line);
    a banner further up gets nothing."""
    return HEADLINE_BONUS if -BEFORE_HEADLINE <= distance <= AFTER_HEADLINE else 0.0


def role_word(text: str, start: int) -> Role:
    """What the words just before a date say it is."""
    before = text[max(0, start - LOOK_BACK) : start]
    published = [m.end() for m in _PUBLISHED_WORDS.finditer(before)]
    modified = [m.end() for m in _MODIFIED_WORDS.finditer(before)]
    if not published and not modified:
        return "unknown"
    return "modified" if max(modified, default=-1) > max(published, default=-1) else "published"


def _resolved(parsed: Parsed, order_hint: OrderHint | None) -> Reading | None:
    """The reading, with an ambiguous day/month order settled by the page's convention."""
    if parsed.literal_ok or order_hint is None:
        return parsed.reading
    orders = [s for s in parsed.suspects if s.repair == "day_month_order" and s.reading]
    if len(orders) != 2:
        return parsed.reading
    day_first, month_first = orders
    chosen = day_first if order_hint.order == "dmy" else month_first
    return chosen.reading
