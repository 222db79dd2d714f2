"""The stage runner: failures isolated per article, timings recorded."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from tasks.record import Article
from tasks.stage import run_stage


class Upper:
    """A stage that upper-cases the text, and fails on articles whose text says 'boom'."""

    name = "upper"
    reads_raw = False

    def __call__(self, record: Article) -> Article:
        if "boom" in record.text:
            raise ValueError("boom found")
        return msgspec.structs.replace(record, text=record.text.upper())


class BatchUpper(Upper):
    """The same stage with a batch path that fails as a whole on any bad article."""

    def __init__(self) -> None:
        self.batches = 0

    def pipe(self, records: Sequence[Article]) -> list[Article]:
        self.batches += 1
        return [self(r) for r in records]


def _records(*texts: str) -> list[Article]:
    return [Article(id=str(i), text=t) for i, t in enumerate(texts)]


def test_runner_applies_stage_and_records_time() -> None:
    """Each result carries the stage's time in stage_ms."""
    done, failed = run_stage(Upper(), _records("a", "b"))
    assert [r.text for r in done] == ["A", "B"]
    assert not failed
    assert all("upper" in r.stage_ms for r in done)


def test_runner_isolates_failing_article() -> None:
    """One failing article becomes one Failure naming stage and cause; the rest go on."""
    done, failed = run_stage(Upper(), _records("a", "boom", "c"))
    assert [r.id for r in done] == ["0", "2"]
    assert len(failed) == 1
    assert failed[0].record.id == "1"
    assert failed[0].stage == "upper"
    assert failed[0].error_type == "ValueError"
    assert "boom found" in failed[0].reason


def test_runner_uses_batch_path_and_falls_back_one_by_one() -> None:
    """A batch stage runs once per batch; when the batch fails, articles run singly."""
    stage = BatchUpper()
    done, _ = run_stage(stage, _records("a", "b"))
    assert stage.batches == 1
    assert len(done) == 2
    done, failed = run_stage(stage, _records("a", "boom"))
    assert [r.text for r in done] == ["A"]
    assert [f.record.id for f in failed] == ["1"]


def test_runner_reraises_transport_control_exceptions() -> None:
    """Exceptions the transport names in ``reraise`` are not turned into failures."""

    class StopError(Exception):
        pass

    class Stopper(Upper):
        def __call__(self, record: Article) -> Article:
            raise StopError

    try:
        run_stage(Stopper(), _records("a"), reraise=(StopError,))
    except StopError:
        return
    raise AssertionError("StopError was swallowed")
