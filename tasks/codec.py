"""Records to and from JSON-ready values: for Celery messages and for the published output."""

from __future__ import annotations

from typing import Any

import msgspec

from tasks.record import Article

_encoder = msgspec.json.Encoder()


def to_message(record: Article) -> dict[str, Any]:
    """A record as plain JSON values, the way it travels between stage tasks."""
    out: dict[str, Any] = msgspec.to_builtins(record)
    return out


def from_message(value: Any) -> Article:
    """A record back from plain JSON values, type-checked (a malformed message fails here)."""
    return msgspec.convert(value, Article)


def without_raw(record: Article) -> Article:
    """The record with the crawler's raw body dropped (what later stages need of the page
    travels in ``page``, read by the clean stage)."""
    return msgspec.structs.replace(record, raw=None)


INPUT_ONLY = ("raw", "page", "observed")
"""Fields that help the stages and never leave the pipeline."""


def to_output(record: Article) -> dict[str, Any]:
    """A record as consumers see it: every field but the input-only ones."""
    out = to_message(record)
    for name in INPUT_ONLY:
        out.pop(name, None)
    return out


def encode_output(record: Article) -> bytes:
    """The published JSON of a record."""
    return _encoder.encode(to_output(record))
