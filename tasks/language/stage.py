"""The language stage: which language an article is written in, and how sure we are."""

from __future__ import annotations

import re

import msgspec

from tasks.config import DEFAULT_LANGUAGE_SAMPLE_CHARS
from tasks.language.cld2_opinion import cld2_opinion
from tasks.language.langdetect_opinion import langdetect_opinion, profiled_codes
from tasks.language.verdict import Verdict, combine
from tasks.language_codes import iso_639_1
from tasks.record import Article, Language, readable_text, warn

MIN_SAMPLE_CHARS = 50
"""The smallest sample that still gives langdetect a fair chance."""

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|[#@]\w+|\d+")
"""URLs, e-mail addresses, hashtags, handles and digits: they carry no language, and dropping
them before langdetect's character-by-character ``append`` saves a sixth of its time."""


def sample_of(text: str, limit: int) -> str:
    """At most ``limit`` characters from the start of ``text``, cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > limit // 2 else limit]


class DetectLanguage:
    """Set ``record.language`` from a bounded sample of the clean text (or the title)."""

    name = "language"
    reads_raw = False

    def __init__(self, sample_chars: int = DEFAULT_LANGUAGE_SAMPLE_CHARS, seed: int = 0) -> None:
        if sample_chars < MIN_SAMPLE_CHARS:
            raise ValueError(
                f"sample_chars must be at least {MIN_SAMPLE_CHARS}, got {sample_chars}"
            )
        self.sample_chars = sample_chars
        self.seed = seed

    def warm(self) -> None:
        """Load langdetect's profiles now (the transport calls this in each worker process);
        CLD2's tables are part of its extension and need no loading."""
        profiled_codes()

    def __call__(self, record: Article) -> Article:
        """Detect; when detection is unsure, the declared language (if any) decides."""
        # The clean text, which cleaning leaves as the payload sent it when it finds no
        # article in it; else the title (what NER reads too).
        source = readable_text(record)
        sample = _NOISE.sub(" ", sample_of(source, self.sample_chars))
        declared = iso_639_1(record.declared_language)
        letters = sum(ch.isalpha() for ch in sample)
        if not letters:
            return self._undetected(record, declared, "no_letters", "no letters in the text")
        first = langdetect_opinion(sample, seed=self.seed)
        verdict = combine(first, cld2_opinion(sample), letters, profiled_codes())
        if verdict.code is None:
            why = first.failure or "no language reached 0.1"
            return self._undetected(record, declared, "undetectable", why)
        if verdict.reliable or declared is None or declared == verdict.code:
            return msgspec.structs.replace(record, language=_found(verdict, declared))
        why = f"detection unsure ({verdict.why})"
        return self._declared(record, declared, "language_declared", why)

    def _undetected(
        self, record: Article, declared: str | None, code: str, message: str
    ) -> Article:
        if declared is not None:
            return self._declared(record, declared, code, message)
        return msgspec.structs.replace(
            record, language=Language(), warnings=warn(record, self.name, code, message)
        )

    def _declared(self, record: Article, declared: str, code: str, why: str) -> Article:
        """The declared language, with a warning saying why detection did not decide."""
        message = f"{why}; using the declared language {declared!r}"
        return msgspec.structs.replace(
            record,
            language=Language(code=declared, source="declared"),
            warnings=warn(record, self.name, code, message),
        )


def _found(verdict: Verdict, declared: str | None) -> Language:
    """The detected language; the page declaring the same is a further, independent source."""
    reliable = verdict.reliable or declared == verdict.code
    return Language(
        code=verdict.code, confidence=verdict.confidence, reliable=reliable, source="text"
    )
