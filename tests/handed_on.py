"""Dates tests write raw pages; the dates stage reads what the clean stage read of them
(``tasks.clean.handed_on``)."""

from __future__ import annotations

from tasks.clean.handed_on import handed_on
from tasks.dates.stage import Dates
from tasks.record import Article

__all__ = ["FromRaw", "handed_on"]


class FromRaw(Dates):
    """The dates stage, handed each record as the clean stage would hand it on."""

    def __call__(self, record: Article) -> Article:
        return super().__call__(handed_on(record))
