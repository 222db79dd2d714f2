"""The clean stage's per-source memory: what it asks about and counts, when it trusts the
counts, and what it then removes (on the Coast Courier, a site of our own composition)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import msgspec
import pytest

from tasks.clean import Clean
from tasks.clean.source_memory import (
    FINGERPRINT_BYTES,
    MAX_MEMORY_KEYS,
    MIN_ARTICLES,
    fingerprint,
    normal_form,
    remembered,
)
from tasks.memory import LocalMemory, run_with_memory
from tasks.pipeline import enrich_inline
from tasks.record import Article, RawBody, SourceMemory
from tasks.stage import LearnsFromSource
from tests.fixtures.clean import courier

FORMS: dict[str, Callable[..., str]] = {"text": courier.dump, "html": courier.html}


@pytest.fixture(scope="module")
def clean() -> Clean:
    """One stage for the module: it loads its stop-word lists at construction."""
    return Clean()


def _record(n: int, form: str, **template: bool) -> Article:
    page = FORMS[form](n, **template)
    raw = RawBody(html=page) if form == "html" else RawBody(text=page)
    return Article(id=f"courier-{form}-{n}", source=courier.SOURCE, raw=raw)


def _learned(clean: Clean, form: str, articles: int) -> LocalMemory:
    """A memory that has counted the first ``articles`` stories of the site."""
    store = LocalMemory()
    for n in range(articles):
        enrich_inline([_record(n, form)], [clean], memory=store)
    return store


def _with_memory(clean: Clean, record: Article, store: LocalMemory) -> Article:
    (done,), failures = run_with_memory(clean, [record], store)
    assert not failures
    return done


def _keys(clean: Clean, record: Article) -> list[str]:
    return clean.read(record).keys


def test_clean_learns_from_its_source() -> None:
    """The stage offers the memory protocol the transport looks for."""
    assert isinstance(Clean(), LearnsFromSource)


@pytest.mark.parametrize("form", ["text", "html"])
def test_memory_removes_recurring_footer_and_promo_that_page_rules_keep(
    clean: Clean, form: str
) -> None:
    """After five articles, the promo, the in-body disclaimer and the footer go; body stays."""
    record = _record(6, form)
    alone = clean(record).text
    for boilerplate in (courier.PROMO, courier.DISCLAIMER, courier.FOOTER):
        assert boilerplate in alone  # the single-page rules cannot tell them from the story
    text = _with_memory(clean, record, _learned(clean, form, MIN_ARTICLES)).text
    for boilerplate in (courier.PROMO, courier.DISCLAIMER, courier.FOOTER):
        assert boilerplate not in text
    assert text.split("\n\n")[-3:] == list(courier.STORIES[6].paragraphs)


@pytest.mark.parametrize("form", ["text", "html"])
def test_memory_keeps_a_body_sentence_shared_by_two_stories(clean: Clean, form: str) -> None:
    """A quote that an earlier story carried too is article text, not the site's template."""
    record = _record(6, form)
    assert courier.QUOTE in courier.STORIES[1].paragraphs  # learned with the first five
    text = _with_memory(clean, record, _learned(clean, form, MIN_ARTICLES)).text
    assert courier.QUOTE in text
    assert courier.FOOTER not in text  # the memory was trusted and used on this article


@pytest.mark.parametrize("form", ["text", "html"])
def test_memory_is_not_trusted_below_the_article_threshold(clean: Clean, form: str) -> None:
    """With fewer articles counted than MIN_ARTICLES, the page rules decide alone."""
    record = _record(6, form)
    store = _learned(clean, form, MIN_ARTICLES - 1)
    (memory,) = store.recall("clean", [courier.SOURCE], [_keys(clean, record)])
    assert memory.articles == MIN_ARTICLES - 1
    assert clean.finish(clean.read(record), memory).text == clean(record).text


@pytest.mark.parametrize("form", ["text", "html"])
def test_memory_is_not_used_on_a_story_the_source_already_ran(clean: Clean, form: str) -> None:
    """A story republished under new ids recurs whole: memory stands aside, not emptying it."""
    store = LocalMemory()
    for copy in range(MIN_ARTICLES + 1):
        again = msgspec.structs.replace(_record(2, form), id=f"copy-{copy}")
        enrich_inline([again], [clean], memory=store)
    record = msgspec.structs.replace(_record(2, form), id="copy-last")
    assert _with_memory(clean, record, store).text == clean(record).text


def test_trust_rule_needs_enough_articles_and_recurrence_in_number_and_share() -> None:
    """Boilerplate recurs in at least 3 earlier articles and in half of them, once 5 are in."""
    counts = {"template": 5, "quote": 2}
    assert remembered(SourceMemory(articles=4, counts={"template": 4})) == frozenset()
    assert remembered(SourceMemory(articles=5, counts=counts)) == {"template"}
    many = SourceMemory(articles=100, counts={"template": 97, "promo": 50, "running": 40})
    assert remembered(many) == {"template", "promo"}
    assert remembered(None) == frozenset()


def test_memory_keys_fold_case_spacing_and_numbers() -> None:
    """A line's fingerprint ignores case, spacing, punctuation and which numbers it holds."""
    assert fingerprint("© 2024  Coast Courier Ltd.") == fingerprint("© 2025 coast courier LTD")
    assert fingerprint("Share on X") != fingerprint("Share on Facebook")
    assert fingerprint(" — ") is None


@pytest.mark.parametrize(
    ("line", "normal"),
    [
        ("© 2024  Coast Courier Ltd.", "0 coast courier ltd"),
        ("Ｆｕｌｌ-width ＳTRAẞE № 12", "full width strasse no 0"),
    ],
)
def test_memory_keys_are_the_hash_of_the_normal_form(line: str, normal: str) -> None:
    """The keys already counted in a shared store stay valid: NFKC, casefold, numbers to 0."""
    assert normal_form(line) == normal
    digest = hashlib.blake2b(normal.encode("utf-8"), digest_size=FINGERPRINT_BYTES).hexdigest()
    assert fingerprint(line) == digest


def test_memory_keys_are_the_same_fingerprints_in_both_forms(clean: Clean) -> None:
    """The dump and the HTML page of one story ask about their common lines alike."""
    from_text = set(_keys(clean, _record(2, "text")))
    from_html = set(_keys(clean, _record(2, "html")))
    for line in (courier.PROMO, courier.FOOTER, *courier.STORIES[2].paragraphs):
        assert fingerprint(line) in from_text & from_html


def test_memory_keys_are_capped_and_keep_the_longest_lines(clean: Clean) -> None:
    """A page of thousands of lines asks about at most MAX_MEMORY_KEYS, prose first."""
    names = ("".join(chr(97 + (n // 26**i) % 26) for i in range(3)) for n in range(3000))
    menu = "\n".join(f"Section {name} of the site" for name in names)
    prose = "\n\n" + courier.DISCLAIMER + "\n"
    record = Article(id="huge", source="s", raw=RawBody(text=menu + prose))
    keys = _keys(clean, record)
    assert len(keys) == MAX_MEMORY_KEYS
    assert len(set(keys)) == len(keys)
    assert fingerprint(courier.DISCLAIMER) in keys


def test_memory_keys_leave_out_what_page_rules_always_drop(clean: Clean) -> None:
    """Buttons, notices and lines without letters are not worth a key."""
    keys = set(_keys(clean, _record(0, "text")))
    for line in ("Share on Facebook", "© 2024 Coast Courier Ltd. All rights reserved."):
        assert fingerprint(line) not in keys
    assert fingerprint(courier.PROMO) in keys


def test_observed_are_the_keys_and_empty_without_a_body(clean: Clean) -> None:
    """What is counted after the stage is what was asked before it; no body, nothing."""
    record = _record(3, "html")
    assert clean.finish(clean.read(record), None).observed["clean"] == _keys(clean, record)
    assert _keys(clean, Article(id="empty", source="s")) == []


def test_stage_called_without_memory_reads_no_keys(clean: Clean) -> None:
    """Called on its own the stage asks nothing and counts nothing, and cleans the same."""
    record = _record(3, "html")
    alone = clean(record)
    assert _keys(clean, record)
    assert alone.observed["clean"] == []
    assert alone.text == clean.finish(clean.read(record), None).text


def test_observed_keys_are_dropped_once_counted(clean: Clean) -> None:
    """The runner counts the keys and hands the record on without them."""
    done = _with_memory(clean, _record(4, "text"), LocalMemory())
    assert "clean" not in done.observed


def test_memory_counts_a_removed_line_so_it_stays_remembered(clean: Clean) -> None:
    """Lines the memory removed are still counted: their share does not decay and flip back."""
    store = _learned(clean, "text", 8)
    (memory,) = store.recall("clean", [courier.SOURCE], [[fingerprint(courier.FOOTER) or ""]])
    assert memory.articles == 8
    assert memory.counts == {fingerprint(courier.FOOTER): 8}
