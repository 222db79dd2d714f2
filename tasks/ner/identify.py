"""The country an entity stands for or lies in, offline: ISO 3166-1 alpha-2 or nothing.

A place (GPE, LOC) is first read as a country name ("the United States", "U.S."), else as a
city; a people or group (NORP) as a demonym ("Chinese"). Organisations and persons get no
country: "Chinese" in "the Chinese embassy" is an adjective spaCy labels NORP, and that is
what is identified; a company's country is not in its name.
"""

from __future__ import annotations

from collections.abc import Callable

from tasks.countries import country_code, place_country_code
from tasks.places import city_country, demonym_country

PLACE_LABELS = frozenset({"GPE", "LOC"})
PEOPLE_LABELS = frozenset({"NORP"})


def country_of(label: str, forms: list[str]) -> str | None:
    """The country of an entity labelled ``label`` written as any of ``forms``."""
    lookups: tuple[Callable[[str], str | None], ...]
    if label in PLACE_LABELS:
        lookups = (place_country_code, city_country)
    elif label in PEOPLE_LABELS:
        lookups = (demonym_country, country_code)
    else:
        return None
    for lookup in lookups:
        for form in forms:
            if code := lookup(form):
                return code
    return None
