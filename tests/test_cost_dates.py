"""benchmarks/cost_dates.py without the dev data or a model: it skips cleanly, and its parse
pass reads only the records that carry a page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import cost_dates
from tasks.record import Article, RawBody


def test_absent_data_is_a_note_and_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["cost_dates.py", str(tmp_path)])
    assert cost_dates.main() == 0
    assert "not found: skipped" in capsys.readouterr().out


def test_the_parse_pass_parses_each_page_and_skips_records_without_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    monkeypatch.setattr(cost_dates, "parse_html", parsed.append)
    records = [
        Article(id="a", raw=RawBody(html="<p>Made-up page one.</p>")),
        Article(id="b", raw=RawBody(text="A text dump, no page.")),
        Article(id="c"),
    ]
    cost_dates.parse_pass(records)()
    assert parsed == ["<p>Made-up page one.</p>"]
