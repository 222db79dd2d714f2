"""The language stage: which language an article is written in, and how sure we are.

Two identifiers read the same sample of the text: langdetect (``langdetect_opinion``), the
stage's base, and CLD2 (``cld2_opinion``), which knows the languages langdetect has no
profile for; ``verdict`` says how their opinions make one answer and when it is reliable.
"""

from tasks.language.stage import DetectLanguage, sample_of

__all__ = ["DetectLanguage", "sample_of"]
