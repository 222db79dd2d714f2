"""Near-duplicates: a syndicated copy is flagged, a different story on the topic is not."""

from __future__ import annotations

from tasks.near_duplicates import (
    LocalDuplicateIndex,
    mark_duplicates,
    signature,
    similarity,
)
from tasks.record import Article

STORY = (
    "The harbour authority said on Monday that the new ferry terminal in Stromness would open "
    "next spring, after two years of delays caused by flooding and a shortage of steel. The "
    "council leader told reporters that the first sailing to Scrabster was planned for the "
    "second week of April, weather permitting, and that the old pier would close a month "
    "later. Residents had asked for a winter timetable with two crossings a day, and the "
    "operator agreed to run them from November. Tickets go on sale in February, with a "
    "discount for islanders and for school groups travelling to the mainland."
)
OTHER_STORY = (
    "The harbour authority in Stromness faces questions over the cost of the new ferry "
    "terminal, which rose by a third because of flooding during construction. An audit "
    "published on Thursday found that the steel contract was signed without a second bid, "
    "and that the council was told of the overrun only after the work had stopped. The "
    "operator said sailings would not be affected, and islanders at a meeting on Friday "
    "asked for the audit's full findings to be read into the council's minutes next month."
)


def _record(article_id: str, text: str, title: str = "Ferry terminal to open") -> Article:
    return Article(id=article_id, text=text, title=title)


def test_a_copy_with_other_boilerplate_and_headline_is_flagged() -> None:
    index = LocalDuplicateIndex()
    copy = "Share this article\n" + STORY + "\nSign up for our newsletter\nMore from Orkney"
    original, syndicated = mark_duplicates(
        [_record("wire-1", STORY), _record("site-2", copy, "Stromness ferry opens in spring")],
        index,
    )
    assert original.duplicate_of is None
    assert syndicated.duplicate_of == "wire-1"
    assert syndicated.similarity is not None
    assert syndicated.similarity >= 0.8


def test_a_different_story_on_the_same_topic_is_not_flagged() -> None:
    index = LocalDuplicateIndex()
    _, other = mark_duplicates([_record("a", STORY), _record("b", OTHER_STORY)], index)
    assert other.duplicate_of is None


def test_a_copy_of_a_copy_points_to_the_first_and_redelivery_changes_nothing() -> None:
    index = LocalDuplicateIndex()
    records = [_record("a", STORY), _record("b", STORY + " Updated."), _record("c", STORY)]
    marked = mark_duplicates(records, index)
    assert [r.duplicate_of for r in marked] == [None, "a", "a"]
    again = mark_duplicates(records, index)
    assert [r.duplicate_of for r in again] == [None, "a", "a"]


def test_short_bodies_are_not_compared() -> None:
    assert signature("Ferry terminal opens in spring.") is None
    sig = signature(STORY)
    assert sig is not None
    assert similarity(sig, sig) == 1.0
