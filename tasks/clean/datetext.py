"""Finding the date and time written in a short line ("Tuesday, 08 September 2020 09:43 AM
EDT"), in the languages news pages are most often written in.

This only finds where a date is written; reading it is the dates stage's work.
"""

from __future__ import annotations

import re

_MONTHS = (
    # English, German, Dutch, Scandinavian
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "januar februar märz mai juni juli oktober dezember jänner "
    "januari februari maart mei augustus "
    "maj juni augusti okt des desember "
    # French, Spanish, Italian, Portuguese
    "janvier février fevrier mars avril juin juillet août aout septembre octobre novembre "
    "décembre decembre janv févr avr juil sept déc "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre ene dic "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen giu lug ott "
    "janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro fev "
    "set out dez "
    # Polish, Russian (genitive, as dates write them), Turkish
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık"
)
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica "
    "segunda terça terca quarta quinta sexta "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
)
MONTHS = frozenset(_MONTHS.split())
WEEKDAYS = frozenset(_WEEKDAYS.split())

NUMERIC_DATE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{4}年\d{1,2}月\d{1,2}日?|\d{1,2}月\d{1,2}日)"
)
NUMBER = re.compile(r"^\d{1,4}(?:st|nd|rd|th|er|e|º|ª|\.)?$", re.IGNORECASE)
TIME = re.compile(r"^\d{1,2}[:.h]\d{2}(?::\d{2})?(?:am|pm|h)?$", re.IGNORECASE)
MERIDIEM = re.compile(r"^(?:[ap]\.?m\.?|uhr|h)$", re.IGNORECASE)
ZONE = re.compile(r"^(?:[A-Z]{1,4}T|UTC|GMT|ET|PT|CT|MT|Z|[+-]\d{2}:?\d{2})$")
JOINERS = frozenset(
    [
        "at", "um", "à", "a", "de", "del", "di", "le", "el", "of", "den", "om", "on", "la",
        "-", "–", "—", "/", "|",
    ]
)  # fmt: skip
"""Small words that may sit between the parts of one written date."""

TOKEN = re.compile(r"\S+")
EDGE_PUNCT = ",.;:()[]|"


def date_span(line: str) -> tuple[int, int] | None:
    """Where in ``line`` the first date (with its time and zone, if written) is, or None."""
    tokens = [(m.start(), m.end(), _bare(m.group())) for m in TOKEN.finditer(line)]
    kinds = [_kind(word) for _, _, word in tokens]
    for first, last in _groups(kinds):
        if _is_date(kinds[first : last + 1]):
            return tokens[first][0], _trim_end(line, tokens[last][1])
    return None


def _groups(kinds: list[str]) -> list[tuple[int, int]]:
    """Maximal stretches of date-like tokens; a joiner belongs only between two of them."""
    groups: list[tuple[int, int]] = []
    start: int | None = None
    for i, kind in enumerate(kinds):
        datey = kind not in ("", "joiner")
        bridge = kind == "joiner" and start is not None and _next_is_datey(kinds, i)
        if datey and start is None:
            start = i
        elif not datey and not bridge and start is not None:
            groups.append((start, _last_datey(kinds, start, i)))
            start = None
    if start is not None:
        groups.append((start, _last_datey(kinds, start, len(kinds))))
    return groups


def _next_is_datey(kinds: list[str], i: int) -> bool:
    for kind in kinds[i + 1 :]:
        if kind != "joiner":
            return kind != ""
    return False


def _last_datey(kinds: list[str], start: int, stop: int) -> int:
    last = stop - 1
    while last > start and kinds[last] == "joiner":
        last -= 1
    return last


def find_date(line: str) -> str | None:
    """The date written in ``line``, as written, or None."""
    span = date_span(line)
    return line[span[0] : span[1]].strip(" ,;|/–—-") if span else None


def _bare(token: str) -> str:
    return token.strip(EDGE_PUNCT)


def _kind(word: str) -> str:
    low = word.casefold().rstrip(".")
    if not low or low in JOINERS:
        return "joiner"
    if low in MONTHS:
        return "month"
    if low in WEEKDAYS:
        return "weekday"
    for kind, pattern in PATTERNS:
        if pattern.match(word):
            return kind
    return ""


PATTERNS = (
    ("numeric", NUMERIC_DATE),
    ("time", TIME),
    ("number", NUMBER),
    ("zone", MERIDIEM),
    ("zone", ZONE),
)
"""Checked in this order: "18.11.2019" is a date before it is a number."""


def _is_date(kinds: list[str]) -> bool:
    # A month name alone is a word ("May"); it makes a date only beside a day or a year
    # number. A time is not enough: "2.26" reads as one, and "version 2.26 (September pack)"
    # is no date.
    if "numeric" in kinds:
        return True
    return "month" in kinds and "number" in kinds


def _trim_end(line: str, end: int) -> int:
    while end > 0 and line[end - 1] in ",;|/":
        end -= 1
    return end
