"""Why a line was left out of the article: short, stable reason codes for the debug field
(``Article.removed``).

The rules that drop a line mostly know only that it is furniture; what kind of furniture it
is, for a person reading the debug field, is told by the words it uses. These patterns only
name lines already removed, so a coarse match does no harm to the text.
"""

from __future__ import annotations

import re

from tasks.clean.boilerplate import TEASER

NAVIGATION = "navigation"
"""A menu item, a button, a label: furniture that says nothing more specific."""
OUTSIDE_ARTICLE = "outside_article"
"""Text of the page that is not furniture but lies outside the article (teasers, widgets)."""
SOURCE_MEMORY = "source_memory"
"""Recurs in most articles of the source (per-source memory), and nothing else condemned it:
the single-page rules would have kept it."""
METADATA_TAIL = "metadata_tail"
BYLINE = "byline"
TAGS = "tags"
TITLE = "title"
"""A heading that repeats the title (kept in ``Article.title``)."""
CAPTION = "caption"
"""A photo caption read from the page's markup (kept in ``Article.captions``)."""
ALT_TEXT = "alt_text"
"""An image's alt text, printed by the renderer right above its caption."""
COMMENTS = "comments"
RELATED = "related"
REPEATED = "repeated"
"""A short line the page shows more than once (a menu repeated in the footer)."""

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "copyright",
            r"©|\(c\) ?\d{4}|copyright|all rights reserved|trademark|alle rechte|tous droits"
            r"|derechos reservados|diritti riservati|direitos reservados|rechten voorbehouden"
            r"|права защищены|prawa zastrzeżone|無断転載|版权所有|著作権",
        ),
        (
            "cookie",
            r"cookie|privacy|datenschutz|confidentialité|privacidad|privacidade|do not sell"
            r"|personal information|terms (?:of|and) (?:use|service|conditions)|impressum",
        ),
        (
            "ads",
            r"advertis|sponsor|\bpromoted\b|anzeige|werbung|publicit|pubblicit|реклама|reklam",
        ),
        ("app_promo", r"\bapps?\b|app store|google play|\bios\b|android|qr code|download"),
        (
            "newsletter",
            r"newsletter|sign ?up|subscri|inbox|abonn|suscr|iscriviti|assine|nieuwsbrief"
            r"|подпис",
        ),
        (
            "comments",
            r"comment|\brepl(?:y|ies)\b|community|discussion|kommentar|коммент|reacties"
            r"|yorum|评论|コメント|댓글",
        ),
        (
            "share",
            r"\bshare|tweet|facebook|twitter|linkedin|pinterest|whatsapp|reddit|telegram"
            r"|flipboard|\be-?mail\b|\bprint\b|teilen|partager|compartir|condividi|compartilh"
            r"|partilhar|delen|поделиться|udostępnij|paylaş|分享|シェア|공유",
        ),
        (
            RELATED,
            r"related|read more|see also|also read|recommended|most (?:popular|read|viewed|shared)"
            r"|trending|top stories|more (?:on|from|stories|news|articles)|you (?:may|might) also"
            r"|lesen sie|mehr zum thema|lire aussi|à lire|lea también|lee también|leggi anche"
            r"|leia também|veja também|читайте также|相关|関連",
        ),
    )
)


def kind_of(text: str) -> str | None:
    """The kind of furniture ``text`` names itself as, or None when its words do not say."""
    for reason, pattern in _KINDS:
        if pattern.search(text):
            return reason
    return RELATED if TEASER.match(text) else None


def furniture_reason(text: str) -> str:
    """The reason for a line dropped as furniture."""
    return kind_of(text) or NAVIGATION
