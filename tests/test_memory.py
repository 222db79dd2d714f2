"""Per-source memory in the domain: what a learning stage is handed and what it counts."""

from __future__ import annotations

import msgspec

from tasks.memory import LocalMemory, learn_from, memory_source, recall_for
from tasks.record import Article


class CountsLines:
    """A learning stage that asks about, and counts, the lines of its text."""

    name = "lines"
    reads_raw = False

    def __call__(self, record: Article) -> Article:
        return record

    def memory_keys(self, record: Article) -> list[str]:
        return record.text.splitlines()

    def memory_observations(self, record: Article) -> list[str]:
        return record.text.splitlines()


def _article(article_id: str, text: str, source: str | None = "Daily.example") -> Article:
    return Article(id=article_id, text=text, source=source)


def test_memory_counts_articles_not_occurrences() -> None:
    """A line twice in one article counts once; each article of the source counts once."""
    store, stage = LocalMemory(), CountsLines()
    learn_from(stage, [_article("1", "footer\nfooter\nbody one")], store)
    learn_from(stage, [_article("2", "footer\nbody two")], store)
    (memory,) = store.recall("lines", ["daily.example"], [["footer", "body one", "other"]])
    assert memory.articles == 2
    assert memory.counts == {"footer": 2, "body one": 1}


def test_redelivered_article_is_not_counted_twice() -> None:
    """Observing the same article id again changes nothing."""
    store, stage = LocalMemory(), CountsLines()
    for _ in range(3):
        learn_from(stage, [_article("1", "footer")], store)
    (memory,) = store.recall("lines", ["daily.example"], [["footer"]])
    assert (memory.articles, memory.counts) == (1, {"footer": 1})


def test_recall_attaches_memory_per_stage_and_learn_removes_it() -> None:
    """The stage finds its memory under its name; it does not travel further."""
    store, stage = LocalMemory(), CountsLines()
    learn_from(stage, [_article("1", "footer")], store)
    (recalled,) = recall_for(stage, [_article("2", "footer\nnew")], store)
    assert recalled.memory["lines"].counts == {"footer": 1}
    (done,) = learn_from(stage, [recalled], store)
    assert done.memory == {}


def test_sources_are_kept_apart_and_sourceless_articles_get_no_memory() -> None:
    """Memory is per source (case-insensitive); an article without a source is left alone."""
    store, stage = LocalMemory(), CountsLines()
    learn_from(stage, [_article("1", "footer", source="A.example")], store)
    other, sourceless = recall_for(
        stage, [_article("2", "footer", source="b.example"), _article("3", "x", source=None)], store
    )
    assert other.memory["lines"].articles == 0
    assert sourceless.memory == {}
    assert memory_source(_article("4", "", source="A.Example")) == "a.example"


def test_stages_that_do_not_learn_are_passed_through() -> None:
    """recall_for and learn_from leave other stages' records untouched."""

    class Plain:
        name = "plain"
        reads_raw = False

        def __call__(self, record: Article) -> Article:
            return record

    record = _article("1", "text")
    store = LocalMemory()
    assert recall_for(Plain(), [record], store) == [record]
    assert learn_from(Plain(), [msgspec.structs.replace(record)], store) == [record]
