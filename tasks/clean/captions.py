"""Recognising a photo caption in a line of text, and the alt text that renderers print
right above it."""

from __future__ import annotations

import re

LABEL = re.compile(
    r"^(?:image caption|caption|photo|photograph|picture|pictured|foto|bild|bildunterschrift"
    r"|imagen|immagine|imagem|légende|фото|图片|写真)\s*[:\-–]?\s+(?=\S)",
    re.IGNORECASE,
)
"""A label that says the rest of the line is a caption."""
CREDIT = re.compile(
    r"(?:\((?:[^()]*[^\W\d]\s*/\s*[^\W\d][^()]*|[^()]*\b(?:getty|reuters|ap|afp|epa|dpa|images?|photos?|fotos?"
    r"|pool|credit|shutterstock|istock|courtesy)\b[^()]*)\)"
    r"|\b(?:photograph(?:ed)? by|photo by|photo:|foto:|credit:|bild:|©)[^.]*"
    r"|\b(?:getty images|reuters|afp|associated press|shutterstock))\s*$",
    re.IGNORECASE,
)
"""A photo credit closing the line: "(Michael Sohn - Pool / Getty Images)", "Photo by ..."."""
MAX_CAPTION_WORDS = 60
MAX_CAPTION_CHARS = 600
MIN_CAPTION_WORDS = 3


def read_caption(line: str, words: float) -> str | None:
    """The caption ``line`` holds (without a leading "Image caption" label), or None."""
    if words > MAX_CAPTION_WORDS or len(line) > MAX_CAPTION_CHARS:
        return None
    label = LABEL.match(line)
    if label:
        caption = line[label.end() :].strip()
        # "Photo: Jon Berg" is a credit, not a caption.
        return caption if len(caption.split()) >= MIN_CAPTION_WORDS else None
    if CREDIT.search(line) and words >= MIN_CAPTION_WORDS:
        return line.strip()
    return None


def is_alt_text(line: str, following: str) -> bool:
    """A line that only repeats, lower-cased, the start of the caption that follows it."""
    mine = " ".join(line.casefold().split())
    theirs = " ".join(following.casefold().split())
    return len(mine) < len(theirs) and theirs.startswith(mine) and line != following[: len(line)]
