"""The cleaning metric of benchmarks/shingles.py (the article-extraction-benchmark's)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SHINGLES = Path(__file__).resolve().parent.parent / "benchmarks" / "shingles.py"


@pytest.fixture(scope="module")
def shingles() -> ModuleType:
    """benchmarks/ is a folder of scripts, not a package: load the module from its file."""
    spec = importlib.util.spec_from_file_location("shingles", SHINGLES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("shingles", module)
    spec.loader.exec_module(module)
    return module


def test_shingles_are_runs_of_four_word_tokens(shingles: ModuleType) -> None:
    """Tokens are \\w+ runs (punctuation and case kept apart), shingles four of them."""
    found = shingles.shingles("The pier, at low tide. The end")
    assert list(found) == [
        ("The", "pier", "at", "low"),
        ("pier", "at", "low", "tide"),
        ("at", "low", "tide", "The"),
        ("low", "tide", "The", "end"),
    ]


def test_shingles_of_a_short_text_is_one_short_shingle(shingles: ModuleType) -> None:
    """A text under four tokens still counts, as one shingle; an empty text has none."""
    assert list(shingles.shingles("Two words")) == [("Two", "words")]
    assert not shingles.shingles("  ...  ")


def test_page_counts_are_normalised_to_one(shingles: ModuleType) -> None:
    """Long and short pages weigh the same: tp, fp and fn of a page sum to one."""
    counts = shingles.page_counts("a b c d e f", "c d e f g h")
    assert counts.tp + counts.fp + counts.fn == pytest.approx(1.0)
    assert shingles.precision(counts) == pytest.approx(1 / 3)
    assert shingles.recall(counts) == pytest.approx(1 / 3)


def test_perfect_extraction_scores_one(shingles: ModuleType) -> None:
    """The same text (whatever its layout) scores precision, recall and F1 of one."""
    counts = shingles.page_counts("One two three four five.", "One two\n\nthree four five")
    result = shingles.score([counts])
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


def test_empty_prediction_counts_for_recall_only(shingles: ModuleType) -> None:
    """Predicting nothing scores recall 0 and is left out of the precision average."""
    empty = shingles.page_counts("one two three four five", "")
    perfect = shingles.page_counts("one two three four", "one two three four")
    result = shingles.score([empty, perfect])
    assert result.precision == 1.0
    assert result.recall == 0.5
    assert result.f1 == pytest.approx(2 / 3)


def test_f1_is_taken_of_the_averages(shingles: ModuleType) -> None:
    """F1 is the harmonic mean of averaged precision and recall, not an average of F1s."""
    pages = [
        shingles.PageCounts(tp=0.5, fp=0.5, fn=0.0),
        shingles.PageCounts(tp=0.5, fp=0.0, fn=0.5),
    ]
    result = shingles.score(pages)
    assert result.precision == pytest.approx(0.75)
    assert result.recall == pytest.approx(0.75)
    assert result.f1 == pytest.approx(0.75)
