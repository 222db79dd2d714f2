"""The errors of the domain layer.

Two kinds matter to the transport: ``InvalidPayload`` is permanent (the payload goes to the
dead-letter queue with its reason and is never retried), and ``StageError`` names the stage and
article that failed, wrapping the cause. Transport errors live in ``worker.errors``.
"""

from __future__ import annotations


class EnrichError(Exception):
    """Base of every error this project raises on purpose."""


class InvalidPayload(EnrichError):  # noqa: N818  (the name reads as the verdict it is)
    """A payload that no stage can work on: not JSON, wrong shape, no body, too large."""

    def __init__(self, reason: str, *, code: str = "invalid_payload") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class StageError(EnrichError):
    """A stage failed on one article; the cause is kept as ``__cause__``."""

    def __init__(self, stage: str, article_id: str, cause: BaseException) -> None:
        super().__init__(
            f"stage {stage!r} failed on article {article_id!r}: {type(cause).__name__}: {cause}"
        )
        self.stage = stage
        self.article_id = article_id
        self.error_type = type(cause).__name__
        self.__cause__ = cause


class ModelNotInstalled(EnrichError):  # noqa: N818
    """A configured spaCy model is not installed in this environment."""

    def __init__(self, language: str, model: str) -> None:
        super().__init__(
            f"spaCy model {model!r} for language {language!r} is not installed; install it "
            f"(see README, 'Models') or point ENRICH_MODELS at an installed one"
        )
        self.language = language
        self.model = model
