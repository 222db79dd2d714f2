"""Words and phrases that mark a line as page furniture rather than article, in many languages.

Three strengths. ``LABEL`` words (share, menu, comments) condemn a line only when they open a
line of a few words: a label or a button. ``PHRASE`` (sign up for, leave a comment, follow us
on) condemns a short line wherever it appears. ``NOTICE`` is legal or marketing boilerplate
(copyright, cookies, trademarks, "in your inbox") and condemns a line of any length.
"""

from __future__ import annotations

import re

_LABELS = (
    # English
    r"share|tweet|pin it|e-?mail|print|subscribe|sign (?:up|in|out)|log ?(?:in|out)|register"
    r"|newsletters?|cookies?|privacy|advertisement|advertising|advertise|sponsored|skip"
    r"|read more|related|recommended|most (?:popular|read|viewed|shared)|trending|comments?"
    r"|top(?: stories)?|previous|next|menu|search|home|contact|about|loading|view all|see all"
    r"|show more|load more|close|report|reply|like|watch|listen|video|photos?|gallery|image"
    r"|tags?|topics?|filed under|posted in|categories|copy|follow|more|back|text size"
    r"|order reprints|feedback|send|thank you",
    # Share buttons name the network.
    r"facebook|twitter|linkedin|pinterest|whatsapp|reddit|telegram|instagram|youtube|tiktok"
    r"|flipboard|messenger|xing|vk",
    # German, Dutch, Scandinavian
    r"teilen|anmelden|abonnieren|datenschutz|impressum|werbung|anzeige|weiterlesen|mehr"
    r"|kommentare?|zum inhalt|nach oben|suche|startseite|senden|delen|inloggen|nieuwsbrief"
    r"|lees meer|reacties|dela|logga in|läs mer|les mer|læs mere",
    # French, Spanish, Italian, Portuguese
    r"partager|abonnez-vous|connexion|inscription|lire la suite|à lire aussi|commentaires?"
    r"|publicité|suivez-nous|accueil|recherche|envoyer|compartir|suscr[ií]bete"
    r"|iniciar sesi[oó]n|reg[ií]strate|leer m[aá]s|lee tambi[eé]n|comentarios?|publicidad"
    r"|s[ií]guenos|inicio|buscar|enviar|condividi|iscriviti|accedi|leggi|commenti|pubblicità"
    r"|seguici|cerca|invia|compartilhe?|partilhar|assine|entrar|leia|coment[aá]rios"
    r"|publicidade|siga-nos|início|pesquisar",
    # Slavic, Turkish, Greek
    r"поделиться|подписаться|войти|читать|комментарии|реклама|поиск|главная|udostępnij"
    r"|zaloguj|komentarze|reklama|szukaj|paylaş|yorumlar|giriş|κοινοποίηση|σχόλια",
    # Chinese, Japanese, Korean
    r"分享|评论|登录|相关|シェア|ツイート|関連|コメント|ログイン|공유|댓글|로그인",
)
LABEL = re.compile(r"^\W*(?:" + "|".join(_LABELS) + r")(?:\W|$)", re.IGNORECASE)
"""A line of a few words opening with one of these is a button or a label."""
LABEL_MAX_WORDS = 4

PHRASE = re.compile(
    r"\b(?:share (?:this|on|via)|sign up (?:for|to)|subscribe (?:to|for|now)|read more"
    r"|related (?:articles?|stories|posts|topics|links|content|coverage)|leave a (?:comment|reply)"
    r"|post a comment|follow (?:us|\w+(?: \w+)?) on|download (?:the|our)|get the \w+ app"
    r"|click here|more on this story|community guidelines|join the (?:\w+ ){1,3}community"
    r"|you may also like|recommended for you|sent to your|straight to your|in your inbox"
    r"|newsletter|don't miss|see also|also read|for more (?:news|information|stories) (?:on|about)"
    r"|weiterlesen|mehr zum thema|auch interessant|lesen sie auch|lire aussi|à lire aussi"
    r"|lea también|lee también|te puede interesar|leggi anche|potrebbe interessarti"
    r"|leia também|veja também|читайте также|смотрите также)",
)
"""Matched against the lowercased line (see ``is_furniture``)."""
PHRASE_MAX_WORDS = 15
MAX_SHORT_LINE_CHARS = 400
"""No label, phrase or contact line is longer than this, whatever its word count."""
TEASER = re.compile(
    r"^\W*(?:related|read more|read also|see also|also read|more|watch|listen|recommended"
    r"|lesen sie (?:auch|mehr)|mehr (?:dazu|zum thema)|lire aussi|à lire|voir aussi"
    r"|lea también|lee también|ver también|leggi anche|leia também|veja também|lees ook"
    r"|читайте также|смотрите также)(?:\s+\w+)?\s*:",
    re.IGNORECASE,
)
"""A link to another story set inside the article ("Related: ...", "READ MORE: ...")."""
TEASER_MAX_WORDS = 25
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")

NOTICE = re.compile(
    r"©|\(c\) ?\d{4}|copyright|all rights reserved|registered trademarks?|trademarks? of"
    r"|(?:we|this (?:site|website)) uses? cookies|cookies? (?:policy|settings)|your inbox"
    r"|privacy policy|terms (?:of|and) (?:use|service|conditions)|interest-based advertising"
    r"|do not sell|personal,? non-commercial use|an error (?:has )?occurred|please try again"
    r"|alle rechte vorbehalten|wir verwenden cookies|tous droits réservés|nous utilisons des"
    r" cookies|todos los derechos reservados|utilizamos cookies|tutti i diritti riservati"
    r"|utilizziamo (?:i )?cookie|todos os direitos reservados"
    r"|alle rechten voorbehouden|все права защищены|wszelkie prawa zastrzeżone"
    r"|無断転載|版权所有|著作権",
)
"""Legal and marketing notices: never article text, whatever their length. Matched against
the lowercased line (see ``is_furniture``)."""


def is_furniture(text: str, words: float) -> bool:
    """A control, label or notice rather than a sentence of the article."""
    # The two searches that try every position run case-sensitively on the lowercased line:
    # with IGNORECASE, re folds the case of each character at each position it tries, and
    # they took four times as long (half the cost of a page's memory keys).
    lowered = text.lower()
    if NOTICE.search(lowered):
        return True
    if len(text) > MAX_SHORT_LINE_CHARS:
        return False  # also keeps the searches below linear on a line with no spaces
    if words <= TEASER_MAX_WORDS and TEASER.match(text):
        return True
    if words <= PHRASE_MAX_WORDS and EMAIL.search(text):
        return True  # "Write to the author at ...": contact lines
    if words <= LABEL_MAX_WORDS and LABEL.match(text):
        return True
    return words <= PHRASE_MAX_WORDS and PHRASE.search(lowered) is not None
