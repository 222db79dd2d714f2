"""Country names as news writes them, to ISO 3166-1 alpha-2 codes.

pycountry knows the ISO names ("United States", "Korea, Republic of", "Viet Nam") and some
common ones ("South Korea", "Vietnam"); the alias table adds the short forms that news uses
and ISO does not ("U.S.", "UK", "Britain", "Russia"). Two-letter ISO codes are not looked up
on their own: a GPE written "IN" or "IT" is far more likely a word than India or Italy.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pycountry

ALIASES: dict[str, str] = {
    "us": "US",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "russia": "RU",
    "czechia": "CZ",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "uae": "AE",
    "emirates": "AE",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "republic of congo": "CG",
    "holland": "NL",
    "burma": "MM",
    "east timor": "TL",
    "turkey": "TR",
    "macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "vatican": "VA",
    "vatican city": "VA",
    "palestine": "PS",
    "micronesia": "FM",
    "prc": "CN",
    "people's republic of china": "CN",
    "mainland china": "CN",
}
"""Keys are lowercase without dots ("u.s." is looked up as "us")."""

NAMES: dict[str, str] = {
    "RU": "Russia",
    "CD": "DR Congo",
    "PS": "Palestine",
    "VA": "Vatican City",
    "FM": "Micronesia",
}
"""Usual English names where pycountry has only the ISO form ("Russian Federation")."""

_LEADING_THE = re.compile(r"^the ")


def name_key(name: str) -> str:
    """A name as compared: accents and dots dropped, casefolded, spaces single."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("’", "'")
    return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Every ISO name, common name and official name (lowercase) to its alpha-2 code."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value:
                index[name_key(value)] = country.alpha_2
    index.update(ALIASES)
    return index


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name ("U.S." → "US"), or None."""
    key = name_key(name)
    index = _index()
    return index.get(key) or index.get(_LEADING_THE.sub("", key))


PLACE_ALIASES: dict[str, str] = {"states": "US"}
"""Names that are a country only when a NER model labels them a place: a bare "States" it
calls a GPE is "the States" ("banned in the States"); "Gulf States" and "member states"
come whole or lowercase."""


def place_country_code(name: str) -> str | None:
    """``country_code``, plus the names that stand for a country only as a place entity."""
    return country_code(name) or PLACE_ALIASES.get(_LEADING_THE.sub("", name_key(name)))


def country_name(code: str) -> str:
    """The usual English name of a country: pycountry's common name, else its ISO name."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(f"no country with the ISO 3166-1 alpha-2 code {code!r}")
    return NAMES.get(code) or str(getattr(country, "common_name", None) or country.name)
