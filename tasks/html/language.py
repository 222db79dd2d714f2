"""The language a page declares about itself: ``<html lang>``, else its language ``<meta>``s.

One reader for both stages: the clean stage reports the code (``Article.declared_language``),
the dates stage also needs the region (``en-IN``: India's time zones and day order).
"""

from __future__ import annotations

import re

from lxml import etree

from tasks.language_codes import iso_639_1

LANGUAGE_METAS = etree.XPath(
    "//meta[translate(@http-equiv, 'CONTENT-LAGU', 'content-lagu') = 'content-language']"
    "/@content | //meta[@property = 'og:locale']/@content"
    " | //meta[translate(@name, 'DCLANGUE.', 'dclangue.') = 'language'"
    " or translate(@name, 'DCLANGUE.', 'dclangue.') = 'dc.language']/@content"
)
LANG_ATTRIBUTES = ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang")
"""An HTML parser keeps ``xml:lang`` as a plain attribute; an XHTML tree namespaces it."""
_SUBTAGS = re.compile(r"[-_]")


def declared_language(tree: etree._Element) -> str | None:
    """The ISO 639-1 code the page declares: ``<html lang>``, else its language ``<meta>``s."""
    for tag in _lang_tags(tree):
        if code := iso_639_1(tag):
            return code
    return next((code for value in LANGUAGE_METAS(tree) if (code := iso_639_1(str(value)))), None)


def declared_region(tree: etree._Element) -> str | None:
    """The two-letter region ``<html lang>`` names (``en-IN``: ``in``), if any."""
    for tag in _lang_tags(tree):
        parts = _SUBTAGS.split(tag.strip().lower())
        region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
        if region:
            return region
    return None


def _lang_tags(tree: etree._Element) -> list[str]:
    root = tree.getroottree().getroot()
    return [tag for name in LANG_ATTRIBUTES if (tag := root.get(name))]
