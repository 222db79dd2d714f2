"""Dates tests write raw pages; the dates stage reads what the clean stage read of them.

``handed_on`` gives a hand-built record as the clean stage would hand it on: the page's
signals in ``Article.page``, the raw body dropped, every other field as the test wrote it.
"""

from __future__ import annotations

import msgspec

from tasks.clean.html import read_html
from tasks.dates.page_signals import dump_signals
from tasks.dates.stage import Dates
from tasks.record import Article, PageSignals


def page_of(record: Article) -> PageSignals | None:
    """What the clean stage reads of the record's raw page for later stages."""
    raw = record.raw
    if raw is None:
        return record.page
    html = read_html(raw.html) if raw.html and raw.html.strip() else None
    if html is not None and html.signals is not None:
        return html.signals
    if raw.text and raw.text.strip():
        return dump_signals(raw.text, record.title, record.text)
    return None


def handed_on(record: Article) -> Article:
    """``record`` with its raw body read into ``page`` and dropped."""
    return msgspec.structs.replace(record, page=page_of(record), raw=None)


class FromRaw(Dates):
    """The dates stage, handed each record as the clean stage would hand it on."""

    def __call__(self, record: Article) -> Article:
        return super().__call__(handed_on(record))
