"""The language stage: which language an article is written in, and how sure we are.

langdetect draws random n-gram samples, so its answer can change between runs. Its usual
fix, ``DetectorFactory.seed``, is a class attribute shared by the whole process; this stage
keeps its own factory and seeds every detector it creates, so the same text gives the same
answer whatever else in the process touched langdetect.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import msgspec
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from tasks.language_codes import CODE_ALIASES, iso_639_1
from tasks.record import Article, Language, warn

DEFAULT_SAMPLE_CHARS = 2000
"""How much of the clean text the detector reads: more costs time and rarely changes the answer."""

MIN_SAMPLE_CHARS = 50
"""The smallest sample that still gives langdetect a fair chance."""

RELIABLE_PROBABILITY = 0.9
"""langdetect's probability from which a detection on its own is called reliable."""

RELIABLE_CHARS = 40
"""Below this many letters a detection is never reliable on its own: langdetect's accuracy
on sentences under 40 characters is 0.62 on the language dev set."""

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|[#@]\w+|\d+")
"""URLs, e-mail addresses, hashtags, handles and digits: they carry no language, and dropping
them before langdetect's character-by-character ``append`` saves a sixth of its time."""


@functools.lru_cache(maxsize=1)
def _factory() -> Any:
    """langdetect's profiles, loaded once per process on first use (about 1 s, 70 MB)."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def detect(text: str, *, seed: int = 0) -> tuple[str | None, float]:
    """The most probable ISO 639-1 code of ``text`` and its probability.

    Raises ``LangDetectException`` when the text has no usable features.
    """
    detector = _factory().create()
    detector.seed = seed  # per detector, not through the process-wide DetectorFactory.seed
    detector.append(text)
    ranked = detector.get_probabilities()
    if not ranked:
        return None, 0.0
    best = ranked[0]
    return CODE_ALIASES.get(best.lang, best.lang), float(best.prob)


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

    def __init__(self, sample_chars: int = DEFAULT_SAMPLE_CHARS, seed: int = 0) -> None:
        if sample_chars < MIN_SAMPLE_CHARS:
            raise ValueError(
                f"sample_chars must be at least {MIN_SAMPLE_CHARS}, got {sample_chars}"
            )
        self.sample_chars = sample_chars
        self.seed = seed

    def warm(self) -> None:
        """Load langdetect's profiles now (the transport calls this in each worker process)."""
        _factory()

    def __call__(self, record: Article) -> Article:
        """Detect; when detection is unsure, the declared language (if any) decides."""
        source = record.text if record.text.strip() else (record.title or "")
        sample = _NOISE.sub(" ", sample_of(source, self.sample_chars))
        declared = iso_639_1(record.declared_language)
        letters = sum(ch.isalpha() for ch in sample)
        if not letters:
            return self._undetected(record, declared, "no_letters", "no letters in the text")
        try:
            code, confidence = detect(sample, seed=self.seed)
        except LangDetectException as exc:
            return self._undetected(record, declared, "undetectable", f"langdetect: {exc}")
        if code is None:
            return self._undetected(record, declared, "undetectable", "no language reached 0.1")
        sure = confidence >= RELIABLE_PROBABILITY and letters >= RELIABLE_CHARS
        if sure or declared is None or declared == code:
            agreed = declared == code  # two independent sources say the same
            found = Language(
                code=code, confidence=round(confidence, 4), reliable=sure or agreed, source="text"
            )
            return msgspec.structs.replace(record, language=found)
        why = f"detection unsure ({code} at {confidence:.2f} on {letters} letters)"
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
