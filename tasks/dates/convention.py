"""Which order a page writes its all-digit dates in: day first or month first.

``05/09/2020`` is 5 September in most of the world and May 9 in the United States. A page
settles it itself when its other dates are unambiguous (``25/12/2020``, ``25.12.2020``, or
prose like "8 September 2020" against "September 8, 2020"); failing that, a country-code
domain says which convention its country uses.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tasks.dates.scan import word_date_orders

_DAY_FIRST = re.compile(
    r"(?<![\d./])(?:(?:1[3-9]|2\d|3[01])\s?/\s?(?:0?[1-9]|1[0-2])\s?/\s?\d{2,4}"
    r"|\d{1,2}\.\d{1,2}\.\d{4})(?!\d)"
)
_MONTH_FIRST = re.compile(
    r"(?<![\d./])(?:0?[1-9]|1[0-2])\s?/\s?(?:1[3-9]|2\d|3[01])\s?/\s?\d{2,4}(?!\d)"
)

MONTH_FIRST_COUNTRIES = frozenset({"us", "ph", "fm", "gu", "mh", "pw", "as", "vi", "mp", "bz"})
"""Country-code domains whose countries write the month first."""
NO_HINT_COUNTRIES = frozenset({"ca", "cn", "jp", "kr", "tw", "hu", "lt", "io", "co", "tv", "me"})
"""Mixed conventions, year-first countries, and country codes used as generic domains."""


def order_convention(text: str, url: str | None = None) -> str | None:
    """``dmy`` or ``mdy`` for the page, or None when nothing says.

    Unambiguous dates vote (a two-to-one majority decides); with no votes at all, the URL's
    country-code domain decides.
    """
    day_first = len(_DAY_FIRST.findall(text))
    month_first = len(_MONTH_FIRST.findall(text))
    words_day_first, words_month_first = word_date_orders(text)
    day_first += words_day_first
    month_first += words_month_first
    if day_first > 2 * month_first:
        return "dmy"
    if month_first > 2 * day_first:
        return "mdy"
    if day_first or month_first:
        return None
    return _country_convention(url)


def _country_convention(url: str | None) -> str | None:
    host = (urlsplit(url).hostname or "") if url else ""
    suffix = host.rsplit(".", 1)[-1].lower()
    if len(suffix) != 2 or not suffix.isalpha() or suffix in NO_HINT_COUNTRIES:
        return None
    return "mdy" if suffix in MONTH_FIRST_COUNTRIES else "dmy"
