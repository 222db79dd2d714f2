"""The matching rule of benchmarks/eval_keyphrases.py (keyphrases against publisher keywords)."""

from __future__ import annotations

from benchmarks.eval_keyphrases import is_hit, match_words, publisher_keywords


def keywords(*phrases: str) -> list[tuple[str, ...]]:
    return [match_words(p) for p in phrases]


def test_words_are_lowercased_plural_folded_and_split_at_hyphens() -> None:
    assert match_words("Wind-Farm Subsidies") == ("wind", "farm", "subsidie")
    assert match_words("glass") == ("glass",)


def test_equal_words_or_a_contiguous_run_either_way_is_a_hit() -> None:
    assert is_hit("tidal turbines", keywords("Tidal turbine"))
    assert is_hit("turbines", keywords("tidal turbine", "ports"))
    assert is_hit("new tidal turbine array", keywords("tidal turbine"))


def test_scattered_or_absent_words_are_no_hit() -> None:
    assert not is_hit("tidal array", keywords("tidal turbine array"))
    assert not is_hit("harbour", keywords("tidal turbine"))
    assert not is_hit("", keywords("tidal turbine"))
    assert not is_hit("harbour", keywords(""))


def test_publisher_keywords_come_from_meta_tags_and_json_ld_each_once() -> None:
    html = (
        '<html><head><meta name="keywords" content="Tidal power, Ports;  ">'
        '<meta property="article:tag" content="tidal power">'
        '<script type="application/ld+json">{"@graph": [{"keywords": ["Grid", "Ports"]}]}'
        "</script></head><body><p>Made-up page.</p></body></html>"
    )
    assert publisher_keywords(html) == ["Tidal power", "Ports", "Grid"]
