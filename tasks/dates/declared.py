"""Publication dates the publisher or the crawler declared, and the page text that must not
override them.

Candidates are found two ways. Some are declared: the payload's own field, the page's
metadata (``<meta>``, JSON-LD, microdata), its URL, a ``<time>`` marked as the publication.
The others are read out of the page's text by a heuristic: the clean stage's dateline and
byline, the first lines, the running text, date-like elements. A heuristic picks the wrong
date of a page (a sidebar's, a comment's, a "today is" banner's) far more often than a CMS
writes a wrong one, and the dates it reads are one text read several ways, which agree with
each other for no better reason. So when the declared publication signals agree with each
other, only a day they allow can be chosen; the text's other days are set aside, named in
the evidence, and lower the confidence. When they disagree with each other, every day
competes, and the text's dates may settle it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tasks.dates.agreement import fits
from tasks.dates.choose import Group, independent
from tasks.dates.model import Found

BINDING_FAMILIES = frozenset({"payload", "metadata"})
"""Where a publication date is declared as such. The URL's day is the publisher's too; a
month alone in its path can be an archive folder's, and does not bind."""
MIN_BINDING_WEIGHT = 0.5
"""A declared value must be this trusted to bind: an image's or a nested object's date in the
JSON-LD (0.45) is not the article's declaration; the first date in a script's state (0.5)
is, as much as a plain ``<meta name="date">``."""


@dataclass(frozen=True)
class Settled:
    """The day groups the declared publication signals allow, and what was set aside."""

    groups: list[Group]
    """Allowed groups, best first."""
    declared: list[Found] = field(default_factory=list)
    """The binding declared publication signals."""
    set_aside: list[Group] = field(default_factory=list)
    """Groups on a day the binding signals rule out, best first."""
    unsettled: list[Group] = field(default_factory=list)
    """Groups on a day only one of disagreeing binding signals gives, with no other signal
    agreeing, best first."""


def binds(candidate: Found) -> bool:
    """True for a publication date declared as such, trusted enough that the page's text
    may not override it: the payload's, the page's metadata, a day in its URL, a
    ``<time datetime>`` marked as the publication."""
    declared = (
        candidate.family in BINDING_FAMILIES
        or (candidate.family == "url" and candidate.known().has_day)
        or (candidate.source == "html:time" and candidate.role == "published")
    )
    return declared and candidate.role == "published" and candidate.weight >= MIN_BINDING_WEIGHT


def settle(groups: list[Group], candidates: list[Found]) -> Settled:
    """The groups the binding declared publication signals among ``candidates`` allow.

    Signals of one family are one source (a CMS writes its ``<meta>`` and its JSON-LD from
    one field): a family allows every day one of its members fits. When some group is on a
    day every binding family allows, only such groups are allowed, and the others, which
    only the page's text supports, are set aside. When none is, the binding signals are
    consistent only if none of them gives a day (a year, a value with a broken month): the
    result then keeps what they establish.

    Otherwise they disagree: with each other, or a family with itself (two days among its
    members). A day that only one source gives is then not established (``unsettled``):
    another, independent signal must agree with it."""
    binding = [c for c in candidates if binds(c)]
    if not binding:
        return Settled(groups)
    by_family: dict[str, list[Found]] = {}
    for candidate in binding:
        by_family.setdefault(candidate.family, []).append(candidate)
    allowing = [{g.day for g in groups if _allows(f, g)} for f in by_family.values()]
    contested = {name for name, members in by_family.items() if _contradicts_itself(members)}
    agreed = [g for g in groups if all(g.day in days for days in allowing)]
    if agreed or _consistent(binding):
        unsettled = [g for g in agreed if set(independent(g)) <= contested]
        allowed = [g for g in agreed if g not in unsettled]
        set_aside = [g for g in groups if g not in agreed]
        return Settled(allowed, binding, set_aside, unsettled)
    somewhere = [g for g in groups if any(g.day in days for days in allowing)]
    unsettled = [g for g in somewhere if len(independent(g)) < 2]
    allowed = [g for g in somewhere if g not in unsettled]
    set_aside = [g for g in groups if g not in somewhere]
    return Settled(allowed, binding, set_aside, unsettled)


def _allows(family: list[Found], group: Group) -> bool:
    return any(fits(c, group.day) for c in family)


def _contradicts_itself(members: list[Found]) -> bool:
    """True when two members give different days: two instants on different days in UTC
    (one instant written in two offsets is one value), or a date that neither fits."""
    dated = [m for m in members if m.known().has_day]
    return any(_contradict(a, b) for i, a in enumerate(dated) for b in dated[i + 1 :])


def _contradict(a: Found, b: Found) -> bool:
    first, second = a.known(), b.known()
    instants = first.instant(), second.instant()
    if instants[0] is not None and instants[1] is not None:
        return instants[0].date() != instants[1].date()
    day_a, day_b = first.day_key(), second.day_key()
    return day_a is not None and day_b is not None and not fits(a, day_b) and not fits(b, day_a)


def _consistent(binding: list[Found]) -> bool:
    """True when some day could fit every binding signal: none of them establishes a day
    (else a group on it would fit), and their years and months agree."""
    if any(c.known().has_day for c in binding):
        return False
    years = {c.known().year for c in binding}
    months = {c.known().month for c in binding if c.known().month}
    return len(years) == 1 and len(months) <= 1
