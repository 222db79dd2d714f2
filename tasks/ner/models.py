"""Loading spaCy models for NER: once per process, and only the components NER needs.

A trained pipeline also carries a tagger, a parser and a lemmatizer; NER needs none of them,
and running them would triple the cost per article. Which components the entity recogniser
depends on is read from the model's own config (a ``*Listener`` layer inside its model names
the embedding component it listens to), so this works for the small models with their own
embedding as for the larger ones that share a ``tok2vec`` or a ``transformer``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.util import get_model_meta, get_package_path, is_package, load_config

ENTITY_FACTORIES = frozenset({"ner", "beam_ner", "entity_ruler"})
"""Factories of the components that write ``doc.ents``: the ones kept."""

EMBEDDING_MARKERS = ("tok2vec", "transformer")
"""A component whose factory name contains one of these can be listened to."""


def config_path(model: str) -> Path:
    """Where the config of an installed model package or model directory lies.

    Raises ``OSError`` (as ``spacy.load`` does) when the model is not installed.
    """
    if is_package(model):
        package = get_package_path(model)
        meta = get_model_meta(package)
        # the data directory a package's load() reads (see spacy.util.load_model_from_init_py)
        return package / f"{meta['lang']}_{meta['name']}-{meta['version']}" / "config.cfg"
    if Path(model).is_dir():
        return Path(model) / "config.cfg"
    raise OSError(f"can't find spaCy model {model!r}: not an installed package nor a directory")


def needed_components(config: Mapping[str, Any]) -> list[str]:
    """The pipeline components NER needs, in pipeline order, from a model's config."""
    pipeline: Sequence[str] = config["nlp"]["pipeline"]
    components: Mapping[str, Mapping[str, Any]] = config["components"]

    def factory(name: str) -> str:
        return str(components.get(name, {}).get("factory", name))

    needed: set[str] = set()
    for position, name in enumerate(pipeline):
        if factory(name) not in ENTITY_FACTORIES:
            continue
        needed.add(name)
        for upstream in _listened_to(components.get(name, {})):
            if upstream == "*":
                needed.update(
                    earlier
                    for earlier in pipeline[:position]
                    if any(marker in factory(earlier) for marker in EMBEDDING_MARKERS)
                )
            else:
                needed.add(upstream)
    return [name for name in pipeline if name in needed]


def _listened_to(node: Any) -> Iterator[str]:
    """The ``upstream`` of every listener layer anywhere in a component's config."""
    if isinstance(node, Mapping):
        if "Listener" in str(node.get("@architectures", "")) and "upstream" in node:
            yield str(node["upstream"])
        for value in node.values():
            yield from _listened_to(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _listened_to(value)


def load_ner_model(model: str) -> SpacyLanguage:
    """The model's NER pipeline (tokenizer, entity components, their embeddings); the caller
    keeps it (the NER stage holds the models it loaded).

    Raises ``OSError`` when the model is not installed.
    """
    config = load_config(config_path(model), interpolate=False)
    keep = set(needed_components(config))
    exclude = [name for name in config["nlp"]["pipeline"] if name not in keep]
    return spacy.load(model, exclude=exclude)
