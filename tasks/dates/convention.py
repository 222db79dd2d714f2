"""Which order a page writes its all-digit dates in: day first or month first.

``05/09/2020`` is 5 September in most of the world and May 9 in the United States. A page
settles it itself when its other dates are unambiguous (``25/12/2020``, ``25.12.2020``, or
prose like "8 September 2020" against "September 8, 2020"); failing that, the order its
source is known to write (``tasks.dates.habits``), then a country-code domain, says which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from tasks.dates.model import Parsed, WordOrder
from tasks.dates.scan import find_dates, word_date_orders

Order = WordOrder
Basis = Literal["page", "source", "country"]

# One pass over the text for both orders. The pattern starts with a digit class, which lets
# ``re`` skip to the next digit in C; the lookbehind after the first digit says it starts a run.
_ALL_DIGIT = re.compile(
    r"(\d(?<![\d./]\d)\d?)(?:\s?/\s?(\d{1,2})\s?/\s?\d{2,4}|\.(\d{1,2})\.\d{4})(?!\d)"
)

MONTH_FIRST_COUNTRIES = frozenset({"us", "ph", "fm", "gu", "mh", "pw", "as", "vi", "mp", "bz"})
"""Country-code domains whose countries write the month first."""
NO_HINT_COUNTRIES = frozenset({"ca", "cn", "jp", "kr", "tw", "hu", "lt", "io", "co", "tv", "me"})
"""Mixed conventions, year-first countries, and country codes used as generic domains."""


@dataclass(frozen=True)
class PageOrder:
    """What a page's own dates say about day/month order, and its domain's convention."""

    day_first: int = 0
    """Votes for day first: unambiguous slashed dates, dotted dates, prose "8 September"."""
    month_first: int = 0
    plain_day_first: int = 0
    """All-digit dates that can only be day first (``25/12/2020``, ``25.12.2020``)."""
    plain_month_first: int = 0
    """All-digit dates that can only be month first (``12/25/2020``)."""
    country: Order | None = None

    @property
    def page(self) -> Order | None:
        """The page's own order: a two-to-one majority of its votes."""
        return _majority(self.day_first, self.month_first)

    @property
    def voted(self) -> bool:
        """True when any of the page's dates voted (then the domain does not decide)."""
        return bool(self.day_first or self.month_first)

    @property
    def shown(self) -> Order | None:
        """The order the page's unambiguous all-digit dates show: evidence of its source's
        habit (prose dates are a language's convention, not the CMS's)."""
        return _majority(self.plain_day_first, self.plain_month_first)


@dataclass(frozen=True)
class OrderHint:
    """The order an ambiguous all-digit date is read in, and what decided it."""

    order: Order
    basis: Basis
    why: str
    """How the evidence says it: "as the page's other all-digit dates are written"."""

    @property
    def first(self) -> str:
        """``day`` or ``month``."""
        return "day" if self.order == "dmy" else "month"


def page_order(text: str, dates: Iterable[Parsed], url: str | None = None) -> PageOrder:
    """The votes of ``text`` (``dates``: what ``find_dates`` found in it) and ``url``'s domain."""
    day_first = month_first = plain_day = plain_month = 0
    for match in _ALL_DIGIT.finditer(text):
        first, slashed, dotted = match.groups()
        second = int(slashed or dotted)
        day_only = 13 <= int(first) <= 31 and 1 <= second <= 12
        if dotted is not None:
            day_first += 1  # dots are a day-first way of writing dates
            plain_day += day_only
        elif day_only:
            day_first += 1
            plain_day += 1
        elif 1 <= int(first) <= 12 and 13 <= second <= 31:
            month_first += 1
            plain_month += 1
    words_day_first, words_month_first = word_date_orders(dates)
    return PageOrder(
        day_first + words_day_first,
        month_first + words_month_first,
        plain_day,
        plain_month,
        _country_convention(url),
    )


def settle(page: PageOrder, learned: OrderHint | None = None) -> OrderHint | None:
    """The order for the page's ambiguous dates: its own majority; else the order its source is
    known to write (``learned``); else, when none of its dates voted, its domain's country."""
    if page.page is not None:
        return OrderHint(page.page, "page", "as the page's other all-digit dates are written")
    if learned is not None:
        return learned
    if not page.voted and page.country is not None:
        return OrderHint(page.country, "country", "as its country-code domain's country does")
    return None


def order_convention(text: str, url: str | None = None) -> Order | None:
    """``dmy`` or ``mdy`` for the page, or None when nothing says (no source habit)."""
    hint = settle(page_order(text, find_dates(text), url))
    return hint.order if hint is not None else None


def unambiguous_order(value: str) -> Order | None:
    """The order one value shows if it is an all-digit date only one order can read."""
    order = page_order(value, ())
    return order.shown


def _majority(day_first: int, month_first: int) -> Order | None:
    if day_first > 2 * month_first:
        return "dmy"
    if month_first > 2 * day_first:
        return "mdy"
    return None


def _country_convention(url: str | None) -> Order | None:
    host = (urlsplit(url).hostname or "") if url else ""
    suffix = host.rsplit(".", 1)[-1].lower()
    if len(suffix) != 2 or not suffix.isalpha() or suffix in NO_HINT_COUNTRIES:
        return None
    return "mdy" if suffix in MONTH_FIRST_COUNTRIES else "dmy"
