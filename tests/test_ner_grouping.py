"""Mentions of one name merged into one entity, with one label."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.ner.grouping import entities_of, key_of, named, relabelled
from tasks.ner.mentions import Mention


def mentions(*spec: tuple[str, str]) -> list[Mention]:
    """Mentions laid out one after another, 10 characters apart."""
    found, start = [], 0
    for text, label in spec:
        found.append(Mention(start, start + len(text), text, label))
        start += len(text) + 10
    return found


def test_key_ignores_case_spacing_dots_possessives_and_a_leading_the() -> None:
    """Surface variants of one name share a key."""
    assert key_of("Wang Yi", "PERSON") == key_of("wang  yi", "PERSON") == "wang yi"
    assert key_of("WANG YI's", "PERSON") == "wang yi"
    assert key_of("The Wall Street Journal", "ORG") == "wall street journal"


def test_key_drops_a_persons_honorific() -> None:
    """ "Mr. Wang" is keyed as "wang", so it can refer to "Wang Yi"."""
    assert key_of("Mr. Wang", "PERSON") == "wang"
    assert key_of("Dr Pepper", "ORG") == "dr pepper"


def test_key_names_a_country_the_same_however_it_is_written() -> None:
    """ "U.S.", "US" and "the United States" share the key "united states"."""
    assert {key_of(t, "GPE") for t in ("U.S.", "US", "the United States")} == {"united states"}


def test_the_states_joins_the_united_states() -> None:
    """ "banned in the States": one entity with "the United States", country US."""
    [entity] = entities_of(mentions(("United States", "GPE"), ("States", "GPE")))
    assert entity.text == "United States"
    assert entity.count == 2
    assert entity.country == "US"


def test_variants_of_a_name_become_one_entity_with_the_fullest_form() -> None:
    """Case and possessive variants merge; the text is the full name in ordinary capitals."""
    [entity] = entities_of(
        mentions(("wang yi", "PERSON"), ("Wang Yi", "PERSON"), ("Wang Yi's", "PERSON"))
    )
    assert entity.text == "Wang Yi"
    assert entity.count == 3
    assert entity.start == 0
    assert entity.variants == ["wang yi", "Wang Yi", "Wang Yi's"]


def test_a_later_surname_joins_the_full_person_name_whatever_its_label() -> None:
    """ "Wang" labelled ORG after "Wang Yi" is the PERSON Wang Yi."""
    [entity] = entities_of(mentions(("Wang Yi", "PERSON"), ("Wang", "ORG"), ("Wang", "ORG")))
    assert (entity.text, entity.label, entity.count) == ("Wang Yi", "PERSON", 3)


def test_a_western_surname_joins_the_full_name_by_its_last_word() -> None:
    """ "Pompeo" is a reference to "Mike Pompeo"."""
    [entity] = entities_of(mentions(("Mike Pompeo", "PERSON"), ("Pompeo", "PERSON")))
    assert entity.count == 2


def test_a_surname_before_the_full_name_still_joins_it() -> None:
    """A headline "Pompeo" before the body's "Mike Pompeo" counts, from the headline's offset."""
    [entity] = entities_of(mentions(("Pompeo", "PERSON"), ("Mike Pompeo", "PERSON")))
    assert (entity.text, entity.start, entity.end) == ("Mike Pompeo", 0, 6)


def test_a_place_is_not_taken_for_a_persons_surname() -> None:
    """GPE "Washington" stays apart from PERSON "George Washington"."""
    entities = entities_of(mentions(("George Washington", "PERSON"), ("Washington", "GPE")))
    assert [e.label for e in entities] == ["PERSON", "GPE"]


def test_an_ambiguous_surname_is_left_alone() -> None:
    """ "Lee" with two people called Lee joins neither."""
    entities = entities_of(
        mentions(("Ann Lee", "PERSON"), ("Tom Lee", "PERSON"), ("Lee", "PERSON"))
    )
    assert [e.text for e in entities] == ["Ann Lee", "Tom Lee", "Lee"]


def test_a_short_organisation_name_joins_the_one_it_opens() -> None:
    """ "Barclays" after "Barclays Bank" is the same ORG; a GPE of that name would not be."""
    [bank] = entities_of(mentions(("Barclays Bank", "ORG"), ("Barclays", "ORG")))
    assert bank.count == 2
    assert len(entities_of(mentions(("Orkney Tidal Power", "ORG"), ("Orkney", "GPE")))) == 2


def test_the_majority_label_of_a_name_wins_and_ties_go_to_the_first() -> None:
    """Three ORG "Huawei" and one PERSON "Huawei" are an ORG."""
    [entity] = entities_of(mentions(("Huawei", "PERSON"), ("Huawei", "ORG"), ("Huawei", "ORG")))
    assert entity.label == "ORG"
    [tie] = entities_of(mentions(("Huawei", "ORG"), ("Huawei", "PERSON")))
    assert tie.label == "ORG"


def test_a_lowercase_mention_counts_only_as_a_variant_of_a_capitalised_name() -> None:
    """ "wang yi" joins "Wang Yi"; a lone "bush" or "keyboard player" is no name."""
    found = entities_of(
        mentions(
            ("wang yi", "PERSON"),
            ("bush", "PERSON"),
            ("Wang Yi", "PERSON"),
            ("keyboard player", "PERSON"),
        )
    )
    assert [(e.text, e.count) for e in found] == [("Wang Yi", 2)]


def test_relabelled_gives_every_mention_its_entitys_label() -> None:
    """The short reference comes back as PERSON, in text order."""
    found = relabelled(mentions(("Wang Yi", "PERSON"), ("Beijing", "GPE"), ("Wang", "ORG")))
    assert [(m.text, m.label) for m in found] == [
        ("Wang Yi", "PERSON"),
        ("Beijing", "GPE"),
        ("Wang", "PERSON"),
    ]


LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "NORP"])
NAMES = st.sampled_from(["Wang Yi", "Wang", "wang yi", "U.S.", "United States", "Yi", "Huawei"])


@given(st.lists(st.tuples(NAMES, LABELS), max_size=12))
def test_every_mention_is_counted_in_exactly_one_entity(spec: list[tuple[str, str]]) -> None:
    """Grouping loses no name and counts none twice; first offsets are sorted."""
    found = mentions(*spec)
    entities = entities_of(found)
    assert sum(e.count for e in entities) == len(named(found))
    assert [e.start for e in entities] == sorted(e.start for e in entities)
    assert all(e.text in e.variants for e in entities)
