"""A hand-built record as the clean stage would hand it on to the later stages, without
cleaning it: what the clean stage reads of the raw page in ``Article.page``, the raw body
dropped, every other field as given. For tools and tests that run a later stage alone (the
clean stage itself reads the page from the tree it cleans: ``Clean.read``).
"""

from __future__ import annotations

import msgspec

from tasks.clean.html import read_html
from tasks.html.page_signals import dump_signals
from tasks.record import Article, PageSignals


def page_of(record: Article) -> PageSignals | None:
    """What the clean stage reads of the record's raw page for later stages: the HTML's
    signals when it parses, else the dump's text (``record.page`` when there is no raw body)."""
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
