"""Words and phrases that mark a line as page furniture rather than article, in many languages.

Three strengths. ``LABEL`` words (share, menu, comments) condemn a line only when they open a
line of a few words: a label or a button. ``PHRASE`` (sign up for, leave a comment, follow us
on) condemns a short line wherever it appears. ``NOTICE`` is legal or marketing boilerplate
(copyright, cookies, trademarks, "in your inbox") and condemns a line of any length.
"""

from __future__ import annotations

import re

_LABELS = [
    # English
    r"share",
    r"tweet",
    r"pin it",
    r"e-?mail",
    r"print",
    r"subscribe",
    r"sign (?:up|in|out)",
    r"log ?(?:in|out)",
    r"register",
    r"newsletters?",
    r"cookies?",
    r"privacy",
    r"advertisement",
    r"advertising",
    r"sponsored",
    r"skip",
    r"read more",
    r"related",
    r"recommended",
    r"most (?:popular|read|viewed|shared)",
    r"trending",
    r"comments?",
    r"top(?: stories)?",
    r"previous",
    r"next",
    r"menu",
    r"search",
    r"home",
    r"contact",
    r"about",
    r"loading",
    r"view all",
    r"see all",
    r"show more",
    r"load more",
    r"close",
    r"report",
    r"reply",
    r"like",
    r"watch",
    r"listen",
    r"video",
    r"photos?",
    r"gallery",
    r"image",
    r"tags?",
    r"topics?",
    r"filed under",
    r"posted in",
    r"categories",
    r"copy",
    r"follow",
    r"more",
    r"back",
    r"text size",
    r"order reprints",
    r"feedback",
    r"advertise",
    r"send",
    r"thank you",
    # share buttons name the network
    r"facebook",
    r"twitter",
    r"linkedin",
    r"pinterest",
    r"whatsapp",
    r"reddit",
    r"telegram",
    r"instagram",
    r"youtube",
    r"tiktok",
    r"flipboard",
    r"messenger",
    r"xing",
    r"vk",
    # German, Dutch, Scandinavian
    r"teilen",
    r"anmelden",
    r"abonnieren",
    r"datenschutz",
    r"impressum",
    r"werbung",
    r"anzeige",
    r"weiterlesen",
    r"mehr",
    r"kommentare?",
    r"zum inhalt",
    r"nach oben",
    r"suche",
    r"startseite",
    r"senden",
    r"delen",
    r"inloggen",
    r"nieuwsbrief",
    r"lees meer",
    r"reacties",
    r"dela",
    r"logga in",
    r"läs mer",
    r"les mer",
    r"læs mere",
    # French, Spanish, Italian, Portuguese
    r"partager",
    r"abonnez-vous",
    r"connexion",
    r"inscription",
    r"lire la suite",
    r"à lire aussi",
    r"commentaires?",
    r"publicité",
    r"suivez-nous",
    r"accueil",
    r"recherche",
    r"compartir",
    r"suscr[ií]bete",
    r"iniciar sesi[oó]n",
    r"reg[ií]strate",
    r"leer m[aá]s",
    r"lee tambi[eé]n",
    r"comentarios?",
    r"publicidad",
    r"s[ií]guenos",
    r"inicio",
    r"buscar",
    r"enviar",
    r"envoyer",
    r"invia",
    r"condividi",
    r"iscriviti",
    r"accedi",
    r"leggi",
    r"commenti",
    r"pubblicità",
    r"seguici",
    r"cerca",
    r"compartilhe?",
    r"partilhar",
    r"assine",
    r"entrar",
    r"leia",
    r"coment[aá]rios",
    r"publicidade",
    r"siga-nos",
    r"início",
    r"pesquisar",
    # Slavic, Turkish, Greek
    r"поделиться",
    r"подписаться",
    r"войти",
    r"читать",
    r"комментарии",
    r"реклама",
    r"поиск",
    r"главная",
    r"udostępnij",
    r"zaloguj",
    r"komentarze",
    r"reklama",
    r"szukaj",
    r"paylaş",
    r"yorumlar",
    r"giriş",
    r"κοινοποίηση",
    r"σχόλια",
    # Chinese, Japanese, Korean
    r"分享",
    r"评论",
    r"登录",
    r"相关",
    r"シェア",
    r"ツイート",
    r"関連",
    r"コメント",
    r"ログイン",
    r"공유",
    r"댓글",
    r"로그인",
]
LABEL = re.compile(r"^\W*(?:" + "|".join(_LABELS) + r")(?:\W|$)", re.IGNORECASE)
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
    re.IGNORECASE,
)
PHRASE_MAX_WORDS = 15
MAX_SHORT_LINE_CHARS = 400
"""No label, phrase or contact line is longer than this, whatever its word count."""
TEASER = re.compile(
    r"^\W*(?:related|read more|read also|see also|also read|more|watch|listen|recommended"
    r"|lesen sie (?:auch|mehr)|mehr (?:dazu|zum thema)|lire aussi|à lire|voir aussi"
    r"|lea también|lee también|ver también|leggi anche|leia também|veja também|lees ook"
    r"|читайте также|смотрите также)\s*:",
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
    re.IGNORECASE,
)
"""Legal and marketing notices: never article text, whatever their length."""


def is_furniture(text: str, words: float) -> bool:
    """A control, label or notice rather than a sentence of the article."""
    if NOTICE.search(text):
        return True
    if len(text) > MAX_SHORT_LINE_CHARS:
        return False  # also keeps the searches below linear on a line with no spaces
    if words <= TEASER_MAX_WORDS and TEASER.match(text):
        return True
    if words <= PHRASE_MAX_WORDS and EMAIL.search(text):
        return True  # "Write to the author at ...": contact lines
    if words <= LABEL_MAX_WORDS and LABEL.match(text):
        return True
    return words <= PHRASE_MAX_WORDS and PHRASE.search(text) is not None


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
