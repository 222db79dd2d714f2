"""The tag stage: normalised source tags, entity tags and keyphrases."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.record import Article, Entity, Language, TagKind
from tasks.tag import Tag, entity_tags
from tasks.tag.keyphrases import keyphrases, lead_sample, scored_keyphrases
from tasks.tag.source_tags import normalise_tag, normalise_tags, split_run_together
from tests.fixtures.nlp import read_page_dump

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tidal-array.txt"

ARTICLE = (
    "Ferry Operator Cuts Winter Timetable\n\n"
    "Northern Ferry Services said on Monday it would cut the winter timetable on the Lerwick "
    "route, as fuel costs rose for a third year and passenger numbers fell.\n\n"
    "The operator said the winter timetable would keep one daily crossing. Fuel costs, it said, "
    "had doubled since the route was tendered, and the regional council would review the "
    "ferry contract in the spring.\n\n"
    "Passenger groups said the cut would hurt island businesses that depend on the ferry."
)


def entity(
    text: str, label: str, canonical: str, count: int = 1, start: int = 0, *, salience: float = 0.0
) -> Entity:
    return Entity(
        text=text,
        label=label,
        canonical=canonical,
        count=count,
        start=start,
        end=start + len(text),
        variants=[text],
        salience=salience,
    )


def names(record: Article, *kinds: TagKind) -> list[str]:
    """The record's tag names, of the given kinds (all when none are given)."""
    return [tag.name for tag in record.tags if not kinds or tag.kind in kinds]


def test_tag_stage_has_its_name_and_reads_no_raw_body() -> None:
    """The stage is called "tag" and works on the clean text only."""
    assert Tag().name == "tag"
    assert Tag().reads_raw is False


def test_tag_rejects_a_negative_keyphrase_count() -> None:
    """Options are validated at construction."""
    with pytest.raises(ValueError, match="max_keyphrases"):
        Tag(max_keyphrases=-1)


@pytest.mark.parametrize(
    ("tag", "normal"),
    [
        ("datasecurity", "data security"),
        ("renewableenergy", "renewable energy"),
        ("DataSecurity", "data security"),
        ("#ClimateChange", "climate change"),
        ("data_security", "data security"),
        ("  Data   Security ", "data security"),
        ("oilandgas", "oil and gas"),
    ],
)
def test_source_tags_split_run_together_words(tag: str, normal: str) -> None:
    """Run-together, CamelCase and underscored tags come out as spaced lowercase words."""
    assert normalise_tag(tag) == normal


@pytest.mark.parametrize(
    "tag", ["huawei", "covid-19", "us politics", "elections", "bitcoin", "brexit", "tiktok", "nfl"]
)
def test_source_tags_that_are_already_fine_stay_as_they_are(tag: str) -> None:
    """Known words, hyphenated and spaced tags, and runs that would split badly are kept."""
    assert normalise_tag(tag) == tag


def test_the_article_decides_between_one_word_and_two() -> None:
    """ "wangyi" splits when the article writes "Wang Yi"; "tiktok" stays when it writes TikTok."""
    assert split_run_together("wangyi", "foreign minister wang yi said") == "wang yi"
    assert split_run_together("tiktok", "users of tiktok said") == "tiktok"
    assert split_run_together("wangyi") == "wangyi"


def test_source_tags_are_deduplicated_in_order() -> None:
    """Two spellings of one tag give one tag; empty tags are dropped."""
    assert normalise_tags(["datasecurity", "", "China", "Data Security", "china"]) == [
        "data security",
        "china",
    ]


def test_tags_of_a_non_english_article_are_not_segmented() -> None:
    """wordsegment knows English only: a French record's tags are just lowercased."""
    record = Article(
        id="a",
        text="",
        source_tags=["politiqueetrangere", "DataSecurity"],
        language=Language(code="fr", confidence=1.0),
    )
    assert names(Tag()(record)) == ["politiqueetrangere", "data security"]


def test_entity_tags_name_people_organisations_and_countries() -> None:
    """PERSON and ORG give prefix:canonical tags; countries give their ISO code."""
    entities = [
        entity("Amara Okafor", "PERSON", "amara okafor"),
        entity("Northern Ferry Services", "ORG", "northern ferry services"),
        entity("Norway", "GPE", "norway"),
        entity("Lerwick", "GPE", "lerwick"),
        entity("Norwegian", "NORP", "norwegian"),
    ]
    assert [tag.name for tag in entity_tags(entities)] == [
        "person:amara okafor",
        "org:northern ferry services",
        "country:NO",
    ]


@pytest.mark.parametrize("name", ["U.S.", "US", "the United States", "United States"])
def test_entity_tags_read_every_form_of_the_united_states(name: str) -> None:
    """All the usual forms of the United States give country:US."""
    assert [tag.name for tag in entity_tags([entity(name, "GPE", "united states")])] == [
        "country:US"
    ]


def test_entity_tags_are_scored_by_salience_and_repeat_none() -> None:
    """A country named twice is tagged once, with both names' salience; the best tag
    scores 1 and the others their salience relative to it."""
    entities = [
        entity("Wang Yi", "PERSON", "wang yi", count=4, start=10, salience=0.4),
        entity("China", "GPE", "china", count=1, start=0, salience=0.3),
        entity("Ferry Board", "ORG", "ferry board", count=1, start=30, salience=0.1),
        entity("PRC", "GPE", "prc", count=1, start=20, salience=0.2),
    ]
    tags = entity_tags(entities)
    assert [(tag.name, tag.kind, tag.score) for tag in tags] == [
        ("country:CN", "entity", 1.0),
        ("person:wang yi", "entity", 0.8),
        ("org:ferry board", "entity", 0.2),
    ]


def test_tag_puts_source_tags_before_entity_tags() -> None:
    """The publisher's tags first, then the entities'."""
    record = Article(
        id="a",
        text=ARTICLE,
        source_tags=["ferryservices"],
        entities=[entity("Lerwick", "GPE", "lerwick"), entity("Norway", "GPE", "norway")],
        language=Language(code="en", confidence=1.0),
    )
    tagged = Tag()(record)
    assert names(tagged, "source", "entity") == ["ferry services", "country:NO"]
    assert names(tagged)[:2] == ["ferry services", "country:NO"]


def test_source_tags_score_one_when_the_text_bears_them_out() -> None:
    """A tag the text mentions scores 1, one it never mentions 0.5; a country tag counts
    as borne out when the entities name the country."""
    record = Article(
        id="a",
        text=ARTICLE,
        source_tags=["Winter Timetable", "shipping", "Norway", "France"],
        entities=[entity("Norway", "GPE", "norway", salience=1.0)],
    )
    scores = {tag.name: (tag.kind, tag.score) for tag in Tag()(record).tags}
    assert scores["winter timetable"] == ("source", 1.0)
    assert scores["shipping"] == ("source", 0.5)
    assert scores["country:NO"] == ("source", 1.0)
    assert scores["country:FR"] == ("source", 0.5)


def test_synonymous_source_tags_and_keyphrases_give_one_tag() -> None:
    """ "USA" and "U.S." are one country tag; a keyphrase equal to a source tag is not
    repeated; every name appears once."""
    record = Article(
        id="a", text=ARTICLE, source_tags=["USA", "U.S.", "winter timetables", "winter timetable"]
    )
    tagged = names(Tag()(record))
    assert tagged[:2] == ["country:US", "winter timetables"]
    assert len(tagged) == len(set(tagged))


def test_keyphrases_are_lowercase_topics_without_names() -> None:
    """Keyphrases are the topic ("winter timetable"), never a name the article capitalises."""
    found = keyphrases(ARTICLE, "en", 5)
    assert 0 < len(found) <= 5
    assert "winter timetable" in found
    assert all(phrase == phrase.lower() for phrase in found)
    assert not any("lerwick" in phrase or "northern" in phrase for phrase in found)


def test_keyphrases_do_not_repeat_each_other() -> None:
    """ "winter timetable" is not followed by "timetable" or "winter timetable route"."""
    found = keyphrases(ARTICLE, "en", 5)
    words = [set(phrase.split()) for phrase in found]
    assert not any(a <= b for i, a in enumerate(words) for b in words[i + 1 :])


def test_keyphrases_are_scored_best_first_with_the_best_at_one() -> None:
    """Scores fall from 1 down the list and stay above 0."""
    scores = [score for _phrase, score in scored_keyphrases(ARTICLE, "en", 5)]
    assert scores[0] == 1.0
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 < score <= 1.0 for score in scores)
    assert all(type(score) is float for score in scores)  # numpy's would not encode


def test_tag_sets_no_keyphrases_when_asked_for_none_or_given_no_text() -> None:
    """max_keyphrases=0 and an empty text both give no keyphrase tags."""
    assert names(Tag(max_keyphrases=0)(Article(id="a", text=ARTICLE)), "keyphrase") == []
    assert Tag()(Article(id="a")).tags == []


def test_keyphrases_work_in_scripts_without_case_and_skip_unspaced_ones() -> None:
    """Russian words have case and Hindi words have none: both give keyphrases; Chinese,
    written without spaces, gives none rather than whole clauses."""
    russian = "Новый паромный терминал откроется весной. Паромный терминал ждёт суда."
    hindi = "नया नौका टर्मिनल वसंत में खुलेगा। नौका टर्मिनल पर काम जारी है।"
    assert "паромный терминал" in keyphrases(russian, "ru", 3)
    assert keyphrases(hindi, "hi", 3)
    assert keyphrases("新的渡轮码头将于明年春天开放。", "zh", 3) == []


@settings(max_examples=40, deadline=None)
@given(
    st.text(max_size=400),
    st.lists(st.text(max_size=30), max_size=5),
    st.sampled_from([None, "en", "fr", "zh", "xx"]),
)
def test_tag_never_raises_on_any_text_tags_or_language(
    text: str, tags: list[str], code: str | None
) -> None:
    """Whatever the text, tags and language: lowercase tags (the ISO code aside), at most
    five keyphrases, each name once, every score in (0, 1]."""
    record = Article(
        id="a", text=text, source_tags=tags, language=Language(code=code, confidence=None)
    )
    result = Tag()(record)
    assert all(t.name == t.name.lower() or t.name.startswith("country:") for t in result.tags)
    assert len(names(result, "keyphrase")) <= 5
    assert len(names(result)) == len(set(names(result)))
    assert all(0.0 < t.score <= 1.0 for t in result.tags)
    msgspec.json.encode(result)  # and the record still travels as JSON


def test_lead_sample_is_bounded_and_ends_each_line_as_a_sentence() -> None:
    """YAKE reads a bounded lead; a headline does not run into the next line."""
    sample = lead_sample(ARTICLE, 200)
    assert len(sample) <= 201
    assert sample.startswith("Ferry Operator Cuts Winter Timetable.\n\n")


# --- through the real models -----------------------------------------------------------------


def enrich(dump_text: str) -> Article:
    """Language, NER and tag stages over a seed-shaped dump's clean body and tags."""
    from tasks.language import DetectLanguage
    from tasks.ner import Ner

    dump = read_page_dump(dump_text)
    record = Article(id="a", text=dump.text, source_tags=dump.tags)
    for stage in (DetectLanguage(), Ner(), Tag()):
        record = stage(record)
    return record


@pytest.mark.integration
def test_seed_article_tags_include_data_security_and_its_entities(seed_text: str) -> None:
    """The seed's "datasecurity" becomes "data security"; its people and countries follow."""
    record = enrich(seed_text)
    assert names(record)[0] == "data security"
    for tag in (
        "person:wang yi",
        "person:mike pompeo",
        "org:huawei",
        "country:CN",
        "country:US",
        "country:SI",
    ):
        assert tag in names(record)
    assert names(record, "keyphrase")


@pytest.mark.integration
def test_tidal_array_example_tags_include_renewable_energy() -> None:
    """examples/tidal-array.txt: "renewableenergy" becomes "renewable energy"."""
    record = enrich(EXAMPLE.read_text(encoding="utf-8"))
    assert names(record)[0] == "renewable energy"
    for tag in ("person:ingrid halvorsen", "country:NO", "org:orkney tidal power"):
        assert tag in names(record)
    assert names(record, "keyphrase")


def test_tag_warm_loads_the_word_statistics_ahead_of_the_first_article() -> None:
    """After ``warm()`` the segmenter is loaded and cached for the process."""
    from tasks.tag.source_tags import _segmenter

    Tag().warm()
    assert _segmenter.cache_info().currsize == 1
