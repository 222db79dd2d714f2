"""Which pipeline components NER needs, read from a model's config."""

from __future__ import annotations

from typing import Any

import pytest

from tasks.config import DEFAULT_MODELS
from tasks.ner.models import config_path, needed_components


def config(pipeline: list[str], components: dict[str, Any]) -> dict[str, Any]:
    return {"nlp": {"pipeline": pipeline}, "components": components}


INLINE_EMBEDDING = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "tok2vec": {"@architectures": "spacy.Tok2Vec.v2"},
}


def listener(upstream: str, architecture: str = "spacy.Tok2VecListener.v1") -> dict[str, Any]:
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "tok2vec": {"@architectures": architecture, "width": 96, "upstream": upstream},
    }


def test_a_recogniser_with_its_own_embedding_needs_nothing_else() -> None:
    """The small models' ner embeds for itself: only "ner" is kept."""
    cfg = config(
        ["tok2vec", "tagger", "parser", "ner"],
        {
            "tok2vec": {"factory": "tok2vec"},
            "tagger": {"factory": "tagger", "model": listener("tok2vec")},
            "parser": {"factory": "parser", "model": listener("tok2vec")},
            "ner": {"factory": "ner", "model": INLINE_EMBEDDING},
        },
    )
    assert needed_components(cfg) == ["ner"]


def test_a_recogniser_listening_to_a_shared_embedding_keeps_it() -> None:
    """A ner that listens to "tok2vec" keeps "tok2vec", in pipeline order."""
    cfg = config(
        ["tok2vec", "tagger", "ner"],
        {
            "tok2vec": {"factory": "tok2vec"},
            "tagger": {"factory": "tagger", "model": listener("tok2vec")},
            "ner": {"factory": "ner", "model": listener("tok2vec")},
        },
    )
    assert needed_components(cfg) == ["tok2vec", "ner"]


def test_a_wildcard_listener_keeps_the_embedding_components_before_the_recogniser() -> None:
    """A transformer listener with upstream "*" keeps the transformer, whatever its name."""
    cfg = config(
        ["trf", "tagger", "ner"],
        {
            "trf": {"factory": "transformer"},
            "tagger": {"factory": "tagger"},
            "ner": {
                "factory": "ner",
                "model": listener("*", "spacy-transformers.TransformerListener.v1"),
            },
        },
    )
    assert needed_components(cfg) == ["trf", "ner"]


def test_an_entity_ruler_is_kept_with_the_recogniser() -> None:
    """Rules that write entities are part of NER."""
    cfg = config(
        ["tagger", "entity_ruler", "ner"],
        {
            "tagger": {"factory": "tagger"},
            "entity_ruler": {"factory": "entity_ruler"},
            "ner": {"factory": "ner", "model": INLINE_EMBEDDING},
        },
    )
    assert needed_components(cfg) == ["entity_ruler", "ner"]


def test_config_path_of_a_missing_model_is_an_os_error() -> None:
    """An unknown model name fails the way ``spacy.load`` does."""
    with pytest.raises(OSError, match="no_such_model"):
        config_path("no_such_model_xx")


@pytest.mark.integration
def test_config_path_finds_an_installed_packages_config() -> None:
    """The installed English model's config is found inside its package."""
    path = config_path(DEFAULT_MODELS["en"])
    assert path.name == "config.cfg"
    assert path.exists()
