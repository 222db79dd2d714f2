"""A page's bytes to text: its byte-order mark, else the HTTP charset, else the page's own
declaration, else UTF-8 if it decodes, else detection (charset_normalizer).

The order is the one browsers follow (WHATWG's encoding sniffing, simplified), so the text
is what a reader of the page saw. Labels map as browsers map them: ``iso-8859-1``,
``latin1`` and ``ascii`` mean windows-1252 and ``gb2312`` means GBK: what such pages hold in
practice.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

PRESCAN_BYTES = 1024
"""Where a page's ``<meta charset>`` must be, as browsers look for it."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gbk"}
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Decoded:
    """The text, the codec it was read with, and what said so."""

    text: str
    charset: str
    source: str
    """``bom``, ``http``, ``meta``, ``utf-8`` (it decoded), ``detected`` or ``fallback``."""


def decode_body(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page's ``body`` as a browser would, given its HTTP ``Content-Type``."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(codec, "replace"), codec, "bom")
    declared = [
        (_codec(_param(content_type)), "http"),
        (_codec(_meta(body[:PRESCAN_BYTES])), "meta"),
    ]
    for label, source in declared:
        # a UTF-16 label on a page with no BOM is a known lie of servers: browsers ignore it
        if label is not None and not label.startswith("utf-16"):
            return Decoded(body.decode(label, "replace"), label, source)
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(body).best()
    if guess is not None and (found := _codec(guess.encoding)) is not None:
        return Decoded(body.decode(found, "replace"), found, "detected")
    return Decoded(body.decode("cp1252", "replace"), "cp1252", "fallback")


def _param(content_type: str | None) -> str | None:
    match = _CHARSET_PARAM.search(content_type or "")
    return match[1] if match else None


def _meta(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    return (match[1] or match[2]).decode("ascii", "replace")


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, as browsers read it; None for an unknown one."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _AS_BROWSERS_READ.get(name, name)
