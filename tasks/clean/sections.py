"""Headings after which a page's article does not go on: readers' comments, blocks of links
to other stories, and the site's legal footer, in many languages."""

from __future__ import annotations

import re

_LEAD = r"^\W*(?:\d+\s+)?(?:[^\W\d]+\s+){0,2}"
_TAIL = r"\W*(?:\(?\d+\)?)?\W*$"
COMMENTS = re.compile(
    _LEAD + r"(?:comments?|responses|replies|discussion|leave a (?:comment|reply)"
    r"|kommentare?|commentaires?|comentarios?|commenti|comentários|reacties|комментарии"
    r"|komentarze|yorumlar|评论|コメント|댓글)" + _TAIL,
    re.IGNORECASE,
)
"""The heading of the readers' comments."""
SECTION = re.compile(
    _LEAD + r"(?:related(?:\s+\w+)?|recommended(?:\s+\w+)?|we recommend|editor'?s'? picks"
    r"|about the authors?|more stories|other (?:news|stories|articles)(?:\s+\w+){0,3}"
    r"|more (?:on|from|in|about|stories|news|articles)(?:\s+\w+){0,3}|you (?:may|might) also like"
    r"|top stories|most (?:popular|read|viewed|shared)|popular(?:\s+\w+)?|trending(?:\s+\w+)?"
    r"|latest(?:\s+\w+)?|what to read next|further reading|up next"
    r"|ähnliche artikel|das könnte sie auch interessieren|mehr zum thema|meistgelesen"
    r"|articles similaires|à lire aussi|les plus lus|noticias relacionadas|lo más leído"
    r"|artículos relacionados|articoli correlati|i più letti|artigos relacionados"
    r"|notícias relacionadas|mais lidas|похожие статьи|читайте также"
    r"|相关文章|相关新闻|関連記事)" + _TAIL,
    re.IGNORECASE,
)
"""The heading of a block of links to other pages: related, recommended, most read."""
SECTION_MAX_WORDS = 6
FOOTER = re.compile(
    r"all rights reserved|privacy policy|terms of (?:use|service)|cookie policy"
    r"|alle rechte vorbehalten|datenschutzerklärung|tous droits réservés"
    r"|politique de confidentialité|todos los derechos reservados|política de privacidad"
    r"|tutti i diritti riservati|todos os direitos reservados|política de privacidade"
    r"|alle rechten voorbehouden|все права защищены",
    re.IGNORECASE,
)
"""The site's legal footer: the article never goes on after it (a copyright *credit* inside
an article, "Image copyright Getty", is not this)."""
FOOTER_MAX_WORDS = 25


def is_section_heading(text: str, words: float) -> bool:
    """A heading after which the article does not go on, or the site's legal footer."""
    if words <= FOOTER_MAX_WORDS and FOOTER.search(text):
        return True
    return words <= SECTION_MAX_WORDS and (
        SECTION.match(text) is not None or COMMENTS.match(text) is not None
    )


def is_comments_heading(text: str, words: float) -> bool:
    """The heading of the readers' comments."""
    return words <= SECTION_MAX_WORDS and COMMENTS.match(text) is not None
