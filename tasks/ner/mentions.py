"""From a text to the names in it: the document given to spaCy and the mentions read back.

spaCy's spans are tidied into mentions a reader would underline: no leading "the", no
possessive "'s", no photo credit glued on after a spaced dash, never across a line break.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language as SpacyLanguage
from spacy.tokens import Doc, Span, Token

from tasks.ner.casing import sentence_case_headlines

IGNORED_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
"""Numeric and date labels (OntoNotes): the dates stage owns dates, and numbers are not names."""

LABEL_ALIASES = {"PER": "PERSON"}
"""One name per label across models: the French (WikiNER) models say PER where the English
(OntoNotes) ones say PERSON. Their LOC stays LOC: it covers both GPE and LOC."""

LEADING_ARTICLES = frozenset({"the", "a", "an"})
"""Lowercase articles spaCy often folds into a span ("the United States"); a capitalised "The"
can be part of the name ("The Wall Street Journal") and stays."""

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})

SEPARATORS = frozenset({"-", "–", "—", "/", "|", "•", "·"})
"""A token of these, with spaces on both sides, separates two things ("Michael Sohn - Pool /
Getty Images"): a name never contains one."""


@dataclass(frozen=True)
class Mention:
    """One occurrence of a name: where it is, how it is written, what spaCy called it."""

    start: int
    end: int
    text: str
    label: str


def make_doc(nlp: SpacyLanguage, text: str) -> Doc:
    """The tokenised document NER runs on: headline casing repaired, each line a sentence.

    Marking line starts as sentence starts keeps NER from running an entity over a line
    break (spaCy's recogniser never crosses a sentence boundary).
    """
    doc = nlp.make_doc(sentence_case_headlines(text))
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


def mentions_of(doc: Doc, text: str) -> list[Mention]:
    """The named mentions of a processed ``doc``; surfaces are read from the original ``text``."""
    found = []
    for ent in doc.ents:
        if ent.label_ in IGNORED_LABELS:
            continue
        span = _tidy(ent)
        if span is not None:
            found.append(
                Mention(
                    span.start_char,
                    span.end_char,
                    text[span.start_char : span.end_char],
                    LABEL_ALIASES.get(ent.label_, ent.label_),
                )
            )
    return found


def _tidy(span: Span) -> Span | None:
    """The span without edge whitespace, punctuation, lowercase articles and possessives, cut
    at a spaced separator or a line break; None when nothing with a letter is left."""
    tokens = _first_part(span)
    while tokens and (_is_edge(tokens[0]) or tokens[0].text in LEADING_ARTICLES):
        tokens.pop(0)
    while tokens and (_is_edge(tokens[-1]) or tokens[-1].text in POSSESSIVES):
        tokens.pop()
    if not any(ch.isalpha() for token in tokens for ch in token.text):
        return None
    return span.doc[tokens[0].i : tokens[-1].i + 1]


def _is_edge(token: Token) -> bool:
    return bool(token.is_space or token.is_punct)


def _first_part(span: Span) -> list[Token]:
    """The tokens up to the first spaced separator or line break that follows some text."""
    tokens: list[Token] = []
    for token in span:
        spaced = token.i > 0 and span.doc[token.i - 1].whitespace_ and token.whitespace_
        ends = (token.text in SEPARATORS and spaced) or (token.is_space and "\n" in token.text)
        if ends and any(not t.is_space for t in tokens):
            break
        tokens.append(token)
    return tokens
