"""Named entities: spaCy NER per language, mentions of one name merged into one entity.

``stage`` holds the stage, ``models`` the cached loader, ``casing`` and ``mentions`` what is
done before and after spaCy, ``grouping`` how mentions become entities.
"""

from tasks.config import DEFAULT_MODELS
from tasks.ner.models import load_ner_model
from tasks.ner.stage import Ner

__all__ = ["DEFAULT_MODELS", "Ner", "load_ner_model"]
