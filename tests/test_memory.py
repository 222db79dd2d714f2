"""Per-source memory in the domain: what a learning stage is handed and what it counts, and
the one runner that recalls and counts once per batch (``run_with_memory``)."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
import pytest

from tasks.memory import LocalMemory, memory_source, run_with_memory
from tasks.record import Article, SourceMemory
from tasks.stage import Reading


class CountsLines:
    """A learning stage that asks about, and counts, the lines of its text; it writes into
    ``meta`` what memory it was handed, and fails on an article whose text says so."""

    name = "lines"
    reads_raw = False

    def __call__(self, record: Article) -> Article:
        return self.finish(self.read(record), None)

    def read(self, record: Article) -> Reading:
        if record.text == "unreadable":
            raise ValueError("cannot read")
        return Reading(record, record.text.splitlines())

    def finish(self, reading: Reading, memory: SourceMemory | None) -> Article:
        record = reading.record
        if record.text == "unfinishable":
            raise ValueError("cannot finish")
        seen = None if memory is None else {"articles": memory.articles, **memory.counts}
        return msgspec.structs.replace(
            record, meta={"memory": seen}, observed={**record.observed, self.name: reading.keys}
        )


class CountingStore(LocalMemory):
    """A ``LocalMemory`` that counts its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.recalls = 0
        self.observes = 0

    def recall(
        self, stage: str, sources: Sequence[str], keys: Sequence[Sequence[str]]
    ) -> list[SourceMemory]:
        self.recalls += 1
        return super().recall(stage, sources, keys)

    def observe(self, stage: str, items: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        self.observes += 1
        super().observe(stage, items)


def _article(article_id: str, text: str, source: str | None = "Daily.example") -> Article:
    return Article(id=article_id, text=text, source=source)


def _run(store: LocalMemory | None, *records: Article) -> list[Article]:
    done, failures = run_with_memory(CountsLines(), records, store)
    assert not failures
    return done


def test_memory_counts_articles_not_occurrences() -> None:
    """A line twice in one article counts once; each article of the source counts once."""
    store = LocalMemory()
    _run(store, _article("1", "footer\nfooter\nbody one"))
    _run(store, _article("2", "footer\nbody two"))
    (memory,) = store.recall("lines", ["daily.example"], [["footer", "body one", "other"]])
    assert memory.articles == 2
    assert memory.counts == {"footer": 2, "body one": 1}


def test_redelivered_article_is_not_counted_twice() -> None:
    """Observing the same article id again changes nothing."""
    store = LocalMemory()
    for _ in range(3):
        _run(store, _article("1", "footer"))
    (memory,) = store.recall("lines", ["daily.example"], [["footer"]])
    assert (memory.articles, memory.counts) == (1, {"footer": 1})


def test_a_batch_is_recalled_once_and_observed_once() -> None:
    """However many articles a batch holds, the store is asked once and told once."""
    store = CountingStore()
    _run(store, *(_article(str(n), f"footer\nbody {n}") for n in range(5)))
    assert (store.recalls, store.observes) == (1, 1)
    _run(store, *(_article(str(n), "footer") for n in range(5, 9)))
    assert (store.recalls, store.observes) == (2, 2)
    (memory,) = store.recall("lines", ["daily.example"], [["footer"]])
    assert (memory.articles, memory.counts) == (9, {"footer": 9})


def test_finish_is_handed_what_earlier_batches_counted_and_observed_is_dropped() -> None:
    """The stage sees the counts of its keys; what it observed does not travel further."""
    store = LocalMemory()
    _run(store, _article("1", "footer"))
    (done,) = _run(store, _article("2", "footer\nnew"))
    assert done.meta["memory"] == {"articles": 1, "footer": 1}
    assert done.observed == {}
    assert "lines" in done.stage_ms


def test_sources_are_kept_apart_and_sourceless_articles_get_no_memory() -> None:
    """Memory is per source (case-insensitive); an article without a source is left alone."""
    store = LocalMemory()
    _run(store, _article("1", "footer", source="A.example"))
    other, sourceless = _run(
        store, _article("2", "footer", source="b.example"), _article("3", "x", source=None)
    )
    assert other.meta["memory"] == {"articles": 0}
    assert sourceless.meta["memory"] is None
    assert memory_source(_article("4", "", source="A.Example")) == "a.example"


def test_without_a_store_the_stage_finishes_without_memory() -> None:
    """No store: each record is finished with memory None and comes out without observed."""
    (done,) = _run(None, _article("1", "footer"))
    assert done.meta["memory"] is None
    assert done.observed == {}


@pytest.mark.parametrize("text", ["unreadable", "unfinishable"])
def test_a_raising_read_or_finish_is_that_articles_failure(text: str) -> None:
    """One bad article becomes one Failure; the rest of the batch is finished and counted."""
    store = CountingStore()
    records = [_article("1", "footer"), _article("2", text)]
    done, failures = run_with_memory(CountsLines(), records, store)
    assert [r.id for r in done] == ["1"]
    assert [(f.record.id, f.stage, f.error_type) for f in failures] == [
        ("2", "lines", "ValueError")
    ]
    assert (store.recalls, store.observes) == (1, 1)


def test_stages_that_do_not_learn_run_as_run_stage_runs_them() -> None:
    """A stage without the protocol is applied to each record; the store is not asked."""

    class Plain:
        name = "plain"
        reads_raw = False

        def __call__(self, record: Article) -> Article:
            return msgspec.structs.replace(record, title="seen")

    store = CountingStore()
    done, failures = run_with_memory(Plain(), [_article("1", "text")], store)
    assert [r.title for r in done] == ["seen"] and not failures
    assert (store.recalls, store.observes) == (0, 0)


def test_without_a_store_the_stage_runs_on_its_own_and_reads_no_keys() -> None:
    """No memory: the stage's own call, which asks for no keys; nothing observed is left."""

    class Alone(CountsLines):
        def __init__(self) -> None:
            self.reads = 0

        def __call__(self, record: Article) -> Article:
            return self.finish(Reading(record, []), None)

        def read(self, record: Article) -> Reading:
            self.reads += 1
            return super().read(record)

    stage = Alone()
    done, failed = run_with_memory(stage, [_article("1", "a\nb")], None)
    assert (stage.reads, failed) == (0, [])
    assert done[0].meta == {"memory": None}
    assert done[0].observed == {}
