"""HTTP facts of a page: headers in either shape, and its bytes decoded as a browser would."""

from __future__ import annotations

import codecs

from tasks.http import decode_body, header, normalise_headers

PAGE = "<html><head>{meta}</head><body><p>Élection à Zürich : déjà « là »</p></body></html>"


def test_headers_from_a_mapping_of_lists_or_a_list_of_pairs() -> None:
    scrapy_like = {b"Content-Type": [b"text/html; charset=utf-8"], "Set-Cookie": ["a", "b"]}
    pairs = normalise_headers(scrapy_like)
    assert pairs == (
        ("Content-Type", "text/html; charset=utf-8"),
        ("Set-Cookie", "a"),
        ("Set-Cookie", "b"),
    )
    assert header(pairs, "content-type") == "text/html; charset=utf-8"
    assert (
        header(normalise_headers([["Last-Modified", "x"], ["bad"], [1, 2]]), "LAST-MODIFIED") == "x"
    )
    assert normalise_headers("not headers") == ()


def test_the_http_charset_wins_over_the_page_s_own() -> None:
    body = PAGE.format(meta='<meta charset="utf-8">').encode("cp1252")
    decoded = decode_body(body, "text/html; charset=ISO-8859-1")
    assert (decoded.charset, decoded.source) == ("cp1252", "http")  # latin-1 read as browsers do
    assert "Élection à Zürich" in decoded.text


def test_the_page_s_meta_charset_when_http_says_none() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    body = f"<html><head>{meta}</head><body><p>Выборы в Москве</p></body></html>"
    decoded = decode_body(body.encode("cp1251"), "text/html")
    assert (decoded.charset, decoded.source) == ("cp1251", "meta")
    assert "Выборы в Москве" in decoded.text


def test_undeclared_bytes_utf_8_if_they_decode_else_detected() -> None:
    body = PAGE.format(meta="")
    assert decode_body(body.encode("utf-8")).source == "utf-8"
    guessed = decode_body((body * 20).encode("cp1252"))
    assert guessed.source == "detected"  # a single-byte Latin codec: which one is a guess
    assert "Zürich" in guessed.text


def test_a_bom_wins_and_a_bomless_utf_16_label_is_ignored() -> None:
    body = PAGE.format(meta="")
    decoded = decode_body(codecs.BOM_UTF8 + body.encode("utf-8"), "text/html; charset=cp1252")
    assert (decoded.source, decoded.text) == ("bom", body)
    assert decode_body(body.encode("utf-8"), "text/html; charset=utf-16").source == "utf-8"


def test_an_unknown_label_is_passed_over() -> None:
    decoded = decode_body(PAGE.format(meta="").encode("utf-8"), "text/html; charset=x-made-up")
    assert decoded.source == "utf-8"
