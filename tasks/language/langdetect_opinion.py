"""langdetect's opinion of a text, the same every run.

langdetect draws random n-gram samples, so its answer can change between runs. Its usual
fix, ``DetectorFactory.seed``, is a class attribute shared by the whole process; this module
keeps its own factory and seeds every detector it creates, so the same text gives the same
answer whatever else in the process touched langdetect.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from tasks.language_codes import CODE_ALIASES

RELIABLE_PROBABILITY = 0.9
"""langdetect's probability from which a detection on its own is called sure."""

RELIABLE_CHARS = 40
"""Below this many letters a detection is never sure on its own: langdetect's accuracy
on sentences under 40 characters is 0.62 on the language dev set."""


class LangdetectOpinion(msgspec.Struct, frozen=True):
    """langdetect's ranking of a text: ISO 639-1 codes, most probable first."""

    ranked: list[tuple[str, float]] = msgspec.field(default_factory=list)
    """Every language langdetect gave 0.1 or more, with its probability."""
    failure: str | None = None
    """Why langdetect gave no ranking (no usable features in the text)."""

    @property
    def code(self) -> str | None:
        return self.ranked[0][0] if self.ranked else None

    @property
    def probability(self) -> float:
        return self.ranked[0][1] if self.ranked else 0.0

    def probability_of(self, code: str) -> float | None:
        """langdetect's probability for ``code``, None when it did not rank it."""
        return next((p for c, p in self.ranked if c == code), None)

    def sure(self, letters: int) -> bool:
        """A high probability on enough letters: what langdetect alone can vouch for."""
        return self.probability >= RELIABLE_PROBABILITY and letters >= RELIABLE_CHARS


@functools.lru_cache(maxsize=1)
def _factory() -> Any:
    """langdetect's profiles, loaded once per process on first use (about 1 s, 70 MB)."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


@functools.lru_cache(maxsize=1)
def profiled_codes() -> frozenset[str]:
    """The ISO 639-1 codes langdetect has a profile for: the only answers it can give."""
    return frozenset(CODE_ALIASES.get(code, code) for code in _factory().langlist)


def langdetect_opinion(text: str, *, seed: int = 0) -> LangdetectOpinion:
    """langdetect's ranking of ``text``, seeded per detector (not process-wide)."""
    detector = _factory().create()
    detector.seed = seed
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException as exc:
        return LangdetectOpinion(failure=f"langdetect: {exc}")
    ranked: list[tuple[str, float]] = []
    for item in found:
        code = CODE_ALIASES.get(item.lang, item.lang)
        if all(code != seen for seen, _ in ranked):  # zh-cn and zh-tw: the better one stands
            ranked.append((code, float(item.prob)))
    return LangdetectOpinion(ranked=ranked)
