"""Errors of the transport layer (the domain's are in ``tasks.errors``)."""

from __future__ import annotations

from tasks.errors import EnrichError


class SettingsError(EnrichError):
    """An environment variable holds a value the worker cannot use."""


class TransportError(EnrichError):
    """Redis could not be reached or answered with an error; the only kind worth retrying."""


class RunError(EnrichError):
    """``enrich run`` could not finish: a worker died, or no progress for too long."""
