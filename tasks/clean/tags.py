"""A page's own tag line ("Tags: datasecurity", "Filed under china, plague")."""

from __future__ import annotations

import re

TAG_LINE = re.compile(
    r"^\W*(?:tags?|tagged(?: with| as)?|topics?|keywords|filed under|schlagwörter|schlagworte"
    r"|stichwörter|themen|mots-clés|mots clés|sujets|etiquetas|temas|palabras clave|argomenti"
    r"|tag|parole chiave|palavras-chave|assuntos|trefwoorden|теги|метки|ключевые слова"
    r"|etykiety|tagi|etiketler|标签|タグ)\s*:?\s+(?P<tags>\S.*)$",
    re.IGNORECASE,
)
SPLIT = re.compile(r"\s*[,;|·•#]\s*|\s{2,}")
MAX_TAGS = 30
MAX_TAG_CHARS = 60


def read_tags(line: str) -> list[str] | None:
    """The tags a tag line lists, or None when ``line`` is not a tag line."""
    match = TAG_LINE.match(line)
    if match is None:
        return None
    tags = [tag.strip(" .") for tag in SPLIT.split(match.group("tags"))]
    found = [tag for tag in tags if tag and len(tag) <= MAX_TAG_CHARS]
    return found[:MAX_TAGS] or None
