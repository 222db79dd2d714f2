"""The NER stage: routing by language, batching, warnings, and entities on real models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from tasks.errors import ModelNotInstalled
from tasks.ner import DEFAULT_MODELS, Ner
from tasks.record import Article, Entity
from tasks.record import Language as DetectedLanguage
from tests.fixtures.nlp import fake_loader, fake_model, phrase, read_page_dump

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tidal-array.txt"

REPORT = (
    "Councillor Amara Okafor said on Monday that the harbour board had approved the terminal.\n\n"
    "Okafor told the Shetland Times that two cranes would arrive from the United States, and "
    "that the U.S. supplier had already shipped the steel.\n\n"
    "The Shetland Times's own survey found support for the plan in Lerwick."
)
PATTERNS = [
    phrase("PERSON", "Amara Okafor"),
    phrase("ORG", "Okafor"),  # a statistical model often takes a lone surname for an ORG
    phrase("ORG", "the Shetland Times"),
    phrase("ORG", "The Shetland Times's"),
    phrase("GPE", "the United States"),
    phrase("GPE", "U.S."),
    phrase("GPE", "Lerwick"),
    phrase("DATE", "Monday"),
    phrase("CARDINAL", "two"),
]


def english(text: str, record_id: str = "a") -> Article:
    """A record in English, as the language stage leaves it."""
    return Article(id=record_id, text=text, language=DetectedLanguage(code="en", confidence=1.0))


@pytest.fixture
def fake_en() -> Language:
    return fake_model(PATTERNS)


@pytest.fixture
def stage(fake_en: Language) -> Ner:
    return Ner(models={"en": "fake-en"}, loader=fake_loader({"fake-en": fake_en}))


def by_text(entities: list[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in entities}


def test_ner_stage_has_its_name_and_reads_no_raw_body(stage: Ner) -> None:
    """The stage is called "ner" and works on the clean text only."""
    assert stage.name == "ner"
    assert stage.reads_raw is False


def test_ner_default_models_cover_english_and_french() -> None:
    """The default configuration names an English and a French model."""
    assert set(DEFAULT_MODELS) == {"en", "fr"}


def test_ner_merges_variants_and_gives_a_short_reference_the_full_names_label(stage: Ner) -> None:
    """ "Okafor", labelled ORG, is counted with PERSON "Amara Okafor", from its first offset."""
    found = by_text(stage(english(REPORT)).entities)
    okafor = found["Amara Okafor"]
    assert (okafor.label, okafor.count, okafor.canonical) == ("PERSON", 2, "amara okafor")
    assert okafor.variants == ["Amara Okafor", "Okafor"]
    assert REPORT[okafor.start : okafor.end] == "Amara Okafor"


def test_ner_trims_articles_and_possessives_and_merges_the_forms(stage: Ner) -> None:
    """ "the Shetland Times" and "The Shetland Times's" are one ORG, "Shetland Times"."""
    times = [e for e in stage(english(REPORT)).entities if e.label == "ORG"]
    assert len(times) == 1
    assert times[0].canonical == "shetland times"
    assert times[0].count == 2
    assert "Shetland Times" in times[0].variants


def test_ner_merges_the_ways_of_writing_one_country(stage: Ner) -> None:
    """ "the United States" and "U.S." are one GPE whose text is the fullest form."""
    places = [e for e in stage(english(REPORT)).entities if e.label == "GPE"]
    united = next(e for e in places if e.canonical == "united states")
    assert united.text == "United States"
    assert united.count == 2
    assert united.variants == ["United States", "U.S."]


def test_ner_leaves_out_dates_and_numbers(stage: Ner) -> None:
    """DATE, CARDINAL and the other numeric labels are not entities here."""
    labels = {e.label for e in stage(english(REPORT)).entities}
    assert labels == {"PERSON", "ORG", "GPE"}


def test_ner_lists_entities_in_order_of_first_mention(stage: Ner) -> None:
    """Entities come in text order."""
    starts = [e.start for e in stage(english(REPORT)).entities]
    assert starts == sorted(starts)


def test_ner_never_runs_an_entity_over_a_line_break() -> None:
    """A span across a paragraph break is cut at the break."""
    nlp = fake_model(
        [
            {
                "label": "ORG",
                "pattern": [
                    {"ORTH": "Harbour"},
                    {"ORTH": "Board"},
                    {"IS_SPACE": True},
                    {"ORTH": "Lerwick"},
                ],
            }
        ]
    )
    stage = Ner(models={"en": "m"}, loader=fake_loader({"m": nlp}))
    [entity] = stage(english("New Harbour Board\n\nLerwick council met.")).entities
    assert entity.text == "Harbour Board"


def test_ner_cuts_a_photo_credit_at_a_spaced_dash_and_drops_the_photographer() -> None:
    """ "Ann Lee - Pool / Getty Images" is the mention "Ann Lee", a photographer named in a
    credit: page furniture, dropped with the rule that says so."""
    nlp = fake_model([phrase("PERSON", "Ann Lee - Pool / Getty Images")])
    stage = Ner(models={"en": "m"}, loader=fake_loader({"m": nlp}))
    record = english("Minister (Ann Lee - Pool / Getty Images)")
    [mention] = stage.find([record])[0].mentions
    assert (mention.text, mention.start) == ("Ann Lee", 10)
    result = stage(record)
    assert result.entities == []
    assert [(w.code, w.message) for w in result.warnings] == [
        ("entity_dropped", "'Ann Lee' (PERSON) dropped: photo_credit")
    ]


def test_ner_warns_and_finds_nothing_for_a_language_without_a_model(stage: Ner) -> None:
    """A language with no configured model: no entities, a warning, no error."""
    record = Article(id="a", text=REPORT, language=DetectedLanguage(code="es", confidence=0.9))
    result = stage(record)
    assert result.entities == []
    assert [(w.stage, w.code) for w in result.warnings] == [("ner", "no_model")]


def test_ner_warns_when_the_language_is_unknown(stage: Ner) -> None:
    """An undetected language: no entities and a warning."""
    result = stage(Article(id="a", text=REPORT))
    assert result.entities == []
    assert result.warnings[0].code == "no_language"


def test_ner_is_silent_on_an_empty_text(stage: Ner) -> None:
    """Nothing to read is not worth a warning."""
    result = stage(english(""))
    assert (result.entities, result.warnings) == ([], [])


def test_ner_reads_the_title_of_a_headline_only_item(stage: Ner) -> None:
    """With no text, the title is read, and the entities' offsets are into the title."""
    title = "Amara Okafor visits the United States"
    record = Article(id="h", title=title, language=DetectedLanguage(code="en", confidence=1.0))
    found = by_text(stage(record).entities)
    assert set(found) == {"Amara Okafor", "United States"}
    okafor = found["Amara Okafor"]
    assert title[okafor.start : okafor.end] == "Amara Okafor"


def test_ner_truncates_text_over_the_models_max_length_with_a_warning(fake_en: Language) -> None:
    """Past ``nlp.max_length`` the text is cut at a word boundary, and the record says so."""
    fake_en.max_length = 60
    stage = Ner(models={"en": "m"}, loader=fake_loader({"m": fake_en}))
    result = stage(english(REPORT))
    assert [w.code for w in result.warnings] == ["truncated"]
    assert all(e.end <= 60 for e in result.entities)


def test_ner_pipe_runs_each_language_in_one_batch_and_keeps_the_order() -> None:
    """``pipe`` calls ``nlp.pipe`` once per language and returns records in input order."""
    calls: list[str] = []

    def counting(nlp: Language, name: str) -> Language:
        original = nlp.pipe

        def pipe(texts: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return original(texts, **kwargs)

        nlp.pipe = pipe  # type: ignore[method-assign]
        return nlp

    models = {
        "m-en": counting(fake_model([phrase("GPE", "Lerwick")]), "en"),
        "m-fr": counting(fake_model([phrase("LOC", "Brest")], lang="fr"), "fr"),
    }
    stage = Ner(models={"en": "m-en", "fr": "m-fr"}, loader=fake_loader(models))
    french = DetectedLanguage(code="fr", confidence=1.0)
    records = [
        english("Ferries to Lerwick.", "1"),
        Article(id="2", text="Le port de Brest.", language=french),
        english("Lerwick again.", "3"),
        Article(id="4", text="Brest encore.", language=french),
    ]
    done = stage.pipe(records)
    assert [r.id for r in done] == ["1", "2", "3", "4"]
    assert [r.entities[0].text for r in done] == ["Lerwick", "Brest", "Lerwick", "Brest"]
    assert sorted(calls) == ["en", "fr"]


def test_ner_normalises_the_french_person_label(stage: Ner) -> None:
    """WikiNER's PER is reported as PERSON, like the English models say it."""
    nlp = fake_model([phrase("PER", "Amara Okafor")], lang="fr")
    stage = Ner(models={"fr": "m"}, loader=fake_loader({"m": nlp}))
    record = Article(
        id="a",
        text="Amara Okafor est arrivée.",
        language=DetectedLanguage(code="fr", confidence=1.0),
    )
    assert stage(record).entities[0].label == "PERSON"


def test_ner_raises_model_not_installed_at_first_use_not_at_construction() -> None:
    """Building the stage loads nothing; the first article needing the model fails clearly."""
    stage = Ner(models={"en": "missing-model"}, loader=fake_loader({}))
    with pytest.raises(ModelNotInstalled) as caught:
        stage(english(REPORT))
    assert (caught.value.language, caught.value.model) == ("en", "missing-model")


def test_ner_check_verifies_every_configured_model_up_front(fake_en: Language) -> None:
    """``check()`` is what the transport calls at start-up: it names a missing model."""
    Ner(models={"en": "m"}, loader=fake_loader({"m": fake_en})).check()
    with pytest.raises(ModelNotInstalled, match="fr_missing"):
        Ner(models={"en": "m", "fr": "fr_missing"}, loader=fake_loader({"m": fake_en})).check()


@pytest.mark.parametrize("models", [{"english": "m"}, {"en": ""}, {"EN": "m"}])
def test_ner_rejects_a_malformed_model_table(models: dict[str, str]) -> None:
    """Keys must be ISO 639-1 codes and values model names: checked at construction."""
    with pytest.raises(ValueError, match="models"):
        Ner(models=models)


# --- the real models -------------------------------------------------------------------------


_REAL: list[Ner] = []
"""One real stage for the tests that need the models: loading them takes seconds."""


def real_entities(text: str, code: str = "en") -> dict[str, str]:
    if not _REAL:
        _REAL.append(Ner())
    record = Article(id="a", text=text, language=DetectedLanguage(code=code, confidence=1.0))
    return {e.text: e.label for e in _REAL[0](record).entities}


@pytest.mark.integration
def test_real_model_finds_the_seed_articles_people_places_and_organisations(seed_text: str) -> None:
    """On the seed's clean body: Wang Yi, Mike Pompeo, China, Beijing, Slovenia, Huawei..."""
    found = real_entities(read_page_dump(seed_text).text)
    expected = {
        "Wang Yi": "PERSON",
        "Mike Pompeo": "PERSON",
        "China": "GPE",
        "Beijing": "GPE",
        "Slovenia": "GPE",
        "Huawei": "ORG",
        "TikTok": "ORG",
        "The Wall Street Journal": "ORG",
    }
    assert {name: found.get(name) for name in expected} == expected


@pytest.mark.integration
def test_real_model_counts_the_seeds_later_wang_with_wang_yi(seed_text: str) -> None:
    """spaCy labels the later "Wang" ORG; it is counted with PERSON Wang Yi instead."""
    record = english(read_page_dump(seed_text).text)
    entities = Ner()(record).entities
    wang = next(e for e in entities if e.canonical == "wang yi")
    assert wang.label == "PERSON"
    assert "Wang" in wang.variants
    assert not any(e.canonical == "wang" for e in entities)


@pytest.mark.integration
def test_real_model_reads_no_organisation_into_the_seeds_title_case_headline(
    seed_text: str,
) -> None:
    """The Title Case headline is not one long ORG."""
    dump = read_page_dump(seed_text)
    entities = Ner()(english(dump.text)).entities
    assert all(e.end <= len(dump.headline) or e.start > len(dump.headline) for e in entities)
    assert not any("Counters" in e.text for e in entities)


@pytest.mark.integration
def test_real_model_finds_the_tidal_array_examples_entities() -> None:
    """On examples/tidal-array.txt: Ingrid Halvorsen, Norway, Scotland, Edinburgh, DNB..."""
    found = real_entities(read_page_dump(EXAMPLE.read_text(encoding="utf-8")).text)
    expected = {
        "Ingrid Halvorsen": "PERSON",
        "Norway": "GPE",
        "Scotland": "GPE",
        "Edinburgh": "GPE",
        "Orkney Tidal Power": "ORG",
        "DNB": "ORG",
        "Barclays": "ORG",
    }
    assert {name: found.get(name) for name in expected} == expected


@pytest.mark.integration
def test_real_french_model_finds_people_and_places() -> None:
    """The French model runs through the same stage; PER comes out as PERSON."""
    text = (
        "La ministre Claire Vasseur a inauguré lundi le nouveau port de Brest. "
        "Claire Vasseur a rappelé que la Bretagne attendait ce chantier depuis dix ans."
    )
    found = real_entities(text, code="fr")
    assert found.get("Claire Vasseur") == "PERSON"
    assert found.get("Brest") == "LOC"


@pytest.mark.integration
def test_real_model_loads_only_the_entity_recogniser() -> None:
    """The loader keeps the tokenizer and ner, not tagger, parser or lemmatizer; the stage
    loads each model once."""
    stage = Ner()
    nlp = stage.model_for("en")
    assert nlp.pipe_names == ["ner"]
    assert stage.model_for("en") is nlp
