"""Entities from page furniture are dropped, each with the rule that dropped it."""

from __future__ import annotations

from tasks.ner.furniture import without_furniture
from tasks.record import Entity


def _entity(text: str, body: str, label: str = "PERSON") -> Entity:
    spans = []
    at = body.find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = body.find(text, at + 1)
    first = spans[0]
    return Entity(
        text=text,
        label=label,
        canonical=text.lower(),
        count=len(spans),
        start=first[0],
        end=first[1],
        mentions=spans,
    )


def test_a_photographer_in_a_credit_is_dropped_as_a_photo_credit() -> None:
    body = "The minister arrived (Anna Berg - Pool / Getty Images)\nShe spoke for an hour."
    kept, dropped = without_furniture([_entity("Anna Berg", body)], body)
    assert kept == []
    assert [(e.text, rule) for e, rule in dropped] == [("Anna Berg", "photo_credit")]


def test_a_credit_before_the_name_counts_too() -> None:
    body = "A ferry at dawn. Photo: Tom Lind\nThe harbour reopened."
    _, dropped = without_furniture([_entity("Tom Lind", body)], body)
    assert [rule for _, rule in dropped] == ["photo_credit"]


def test_a_copyright_line_and_a_newsletter_prompt_are_furniture() -> None:
    body = "The story.\n© 2024 Harbour Media Ltd. All Rights Reserved\nSign up for Harbour Daily"
    entities = [_entity("Harbour Media Ltd.", body, "ORG"), _entity("Harbour Daily", body, "ORG")]
    kept, dropped = without_furniture(entities, body)
    assert kept == []
    assert [rule for _, rule in dropped] == ["copyright", "newsletter"]


def test_a_name_the_story_also_mentions_stays() -> None:
    body = "Anna Berg opened the terminal.\nThe crowd cheered (Anna Berg - Pool / AFP)"
    kept, dropped = without_furniture([_entity("Anna Berg", body)], body)
    assert [e.text for e in kept] == ["Anna Berg"]
    assert dropped == []


def test_a_paragraph_that_cites_an_agency_is_not_furniture() -> None:
    body = (
        "Anna Berg told Reuters on Monday that the terminal would open in May, after two years "
        "of delays caused by flooding and a shortage of steel; the council had hoped for an "
        "opening last autumn and now plans a newsletter to keep residents informed of progress."
    )
    kept, _ = without_furniture([_entity("Anna Berg", body)], body)
    assert [e.text for e in kept] == ["Anna Berg"]


def _judged(entities: list[Entity], body: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(dropped entity, rule) pairs and the kept entities' texts."""
    kept, dropped = without_furniture(entities, body)
    return [(e.text, rule) for e, rule in dropped], [e.text for e in kept]


def test_the_office_in_a_title_is_no_entity_of_its_own() -> None:
    """ "State" in "Secretary of State" goes as office_title; a department the story names on
    its own elsewhere stays, and so does a body after "of" that is no office."""
    body = (
        "Secretary of State Lena Holm visited the port. The Minister of Transport agreed. "
        "The Transport office paid. The Bank of England held rates."
    )
    entities = [
        _entity("State", body, "ORG"),
        _entity("Transport", body, "ORG"),
        _entity("England", body, "GPE"),
    ]
    assert _judged(entities, body) == ([("State", "office_title")], ["Transport", "England"])


def test_a_headline_span_stretched_past_a_borne_out_name_is_dropped() -> None:
    """ "Vestland Backs" (the verb swallowed) goes as headline_overreach; "Vestland" stays."""
    body = (
        "Vestland Backs Coastal Ferry Plan With Green Loans\n"
        "The county of Vestland approved the loans on Monday. Ferries will run from May."
    )
    entities = [_entity("Vestland Backs", body, "ORG"), _entity("Vestland", body, "GPE")]
    dropped = [("Vestland Backs", "headline_overreach")]
    assert _judged(entities, body) == (dropped, ["Vestland"])


def test_a_headline_span_whose_rest_the_story_bears_out_stays() -> None:
    """ "Times" is written with a capital in the story: "Harbour Daily Times" is a name."""
    body = (
        "Harbour Daily Times Buys Regional Puzzle Website\n"
        "Harbour Daily, the owner of the Times, paid in cash. Its puzzles editor moves too."
    )
    entities = [_entity("Harbour Daily Times", body, "ORG"), _entity("Harbour Daily", body, "ORG")]
    assert _judged(entities, body) == ([], ["Harbour Daily Times", "Harbour Daily"])


def test_a_headline_span_with_no_borne_out_name_inside_stays() -> None:
    """The rule needs a name the story bears out at one end of the span: without one there is
    nothing to say the span ran past it ("Orkla Strengthens" is the model's only Orkla)."""
    body = (
        "Orkla Strengthens Grip On Nordic Snack Makers\n"
        "The group bought two bakeries in Sweden on Friday."
    )
    entities = [_entity("Orkla Strengthens", body, "ORG"), _entity("Sweden", body, "GPE")]
    assert _judged(entities, body) == ([], ["Orkla Strengthens", "Sweden"])
