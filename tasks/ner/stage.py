"""The NER stage: named entities of the clean text, by the spaCy model of its language."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import msgspec
from spacy.language import Language as SpacyLanguage

from tasks import places
from tasks.config import DEFAULT_MODELS
from tasks.errors import ModelNotInstalled
from tasks.ner.furniture import without_furniture
from tasks.ner.grouping import entities_of
from tasks.ner.mentions import Mention, make_doc, mentions_of
from tasks.ner.models import load_ner_model
from tasks.ner.salience import ranked
from tasks.record import Article, RecordWarning, readable_text

BATCH_SIZE = 16
"""Articles per ``nlp.pipe`` batch: articles are long, so small batches keep memory flat."""

ModelLoader = Callable[[str], SpacyLanguage]
"""Model name (package or path) to a loaded pipeline; raises ``OSError`` when not installed."""

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass
class Found:
    """What NER found in one article: its mentions, and what a reader should know."""

    mentions: list[Mention] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """``(code, message)`` pairs for the record's warnings."""


class Ner:
    """Set ``record.entities`` with the model configured for ``record.language.code``."""

    name = "ner"
    reads_raw = False

    def __init__(
        self,
        models: Mapping[str, str] = DEFAULT_MODELS,
        loader: ModelLoader = load_ner_model,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        for code, model in models.items():
            if not _LANGUAGE_CODE.match(code) or not model:
                raise ValueError(
                    f"models maps ISO 639-1 codes to model names; got {code!r}: {model!r}"
                )
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.models = dict(models)
        self.loader = loader
        self.batch_size = batch_size
        self._loaded: dict[str, SpacyLanguage] = {}
        """The models this stage has loaded, by language: the stage holds its resources."""

    def check(self) -> None:
        """Load every configured model now; raise ``ModelNotInstalled`` for a missing one.

        The transport calls this at start-up, so a worker without its models fails at once
        rather than on its first article.
        """
        for code in self.models:
            self.model_for(code)

    def warm(self) -> None:
        """Load the models and the gazetteers before the first article (the transport calls
        this per process)."""
        self.check()
        places.warm()

    def model_for(self, code: str) -> SpacyLanguage:
        """The loaded NER pipeline for a language with a configured model."""
        if code not in self._loaded:
            model = self.models[code]
            try:
                self._loaded[code] = self.loader(model)
            except OSError as exc:
                raise ModelNotInstalled(code, model) from exc
        return self._loaded[code]

    def __call__(self, record: Article) -> Article:
        return self.pipe([record])[0]

    def pipe(self, records: Sequence[Article]) -> list[Article]:
        """Every record with its entities, each language's records in one ``nlp.pipe``."""
        return [
            self.with_entities(record, found)
            for record, found in zip(records, self.find(records), strict=True)
        ]

    def with_entities(self, record: Article, found: Found) -> Article:
        """Group the mentions, drop page furniture (saying why), rank by salience."""
        text = readable_text(record)
        kept, dropped = without_furniture(entities_of(found.mentions), text)
        notes = [
            *found.warnings,
            *(("entity_dropped", f"{e.text!r} ({e.label}) dropped: {rule}") for e, rule in dropped),
        ]
        return msgspec.structs.replace(
            record,
            entities=ranked(kept, text, record.title),
            warnings=[*record.warnings, *(RecordWarning(self.name, c, m) for c, m in notes)],
        )

    def find(self, records: Sequence[Article]) -> list[Found]:
        """The mentions in every record (the stage's work before grouping; used by evaluation)."""
        results = [Found() for _ in records]
        by_language: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            code = record.language.code
            if not readable_text(record).strip():
                continue
            if code is None:
                results[i].warnings.append(("no_language", "language unknown: no entities"))
            elif code not in self.models:
                results[i].warnings.append(
                    ("no_model", f"no NER model configured for language {code!r}: no entities")
                )
            else:
                by_language.setdefault(code, []).append(i)
        for code, indexes in by_language.items():
            nlp = self.model_for(code)
            texts = [self._bounded(nlp, readable_text(records[i]), results[i]) for i in indexes]
            docs = nlp.pipe((make_doc(nlp, text) for text in texts), batch_size=self.batch_size)
            for i, text, doc in zip(indexes, texts, docs, strict=True):
                results[i].mentions = mentions_of(doc, text)
        return results

    @staticmethod
    def _bounded(nlp: SpacyLanguage, text: str, found: Found) -> str:
        """The text cut at a word boundary under the model's ``max_length``, with a warning."""
        if len(text) <= nlp.max_length:
            return text
        cut = text.rfind(" ", 0, nlp.max_length)
        cut = cut if cut > 0 else nlp.max_length
        found.warnings.append(
            ("truncated", f"text of {len(text)} characters cut to {cut} (the model's max_length)")
        )
        return text[:cut]
