"""Web archives (.warc, .warc.gz) as input: one payload per HTML page, the rest counted."""

from __future__ import annotations

import gzip
import io
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from worker.local.inputs import InputReport, check_inputs, iter_payloads
from worker.local.warc import CorruptArchiveError

DATE = "2026-03-04T05:06:07Z"
HARBOUR = (
    b"<html><head><title>Ferry timetable changes</title></head><body><h1>Ferry timetable "
    b"changes</h1><p>The harbour board moved the evening crossing to seven.</p></body></html>"
)
CYRILLIC = "Паром отправляется в семь часов вечера из северной гавани."


def cyrillic_page(meta: bool) -> bytes:
    head = '<meta charset="windows-1251">' if meta else ""
    html = f"<html><head>{head}<title>Паром</title></head><body><p>{CYRILLIC}</p></body></html>"
    return html.encode("cp1251")


class Archive:
    """A WARC written record by record in the test, with ids and dates we choose."""

    def __init__(self, *, compress: bool) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=compress)
        self.count = 0

    def record(
        self,
        kind: str,
        url: str,
        body: bytes = b"",
        headers: list[tuple[str, str]] | None = None,
        *,
        status: str = "200 OK",
        warc: dict[str, str] | None = None,
    ) -> str:
        self.count += 1
        record_id = f"<urn:uuid:00000000-0000-0000-0000-{self.count:012d}>"
        fields = {"WARC-Record-ID": record_id, "WARC-Date": DATE, **(warc or {})}
        http = None
        if headers is not None:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, kind, payload=io.BytesIO(body), http_headers=http, warc_headers_dict=fields
        )
        self.writer.write_record(record)
        return record_id

    def page(self, url: str, body: bytes, content_type: str = "text/html", **kw: Any) -> str:
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        return self.record("response", url, body, headers, **kw)

    def save(self, path: Path) -> Path:
        path.write_bytes(self.buffer.getvalue())
        return path


def _every_kind(archive: Archive) -> dict[str, str]:
    """Pages of every sort, and every kind of record that is no page; the pages' ids."""
    ids = {}
    archive.writer.write_record(archive.writer.create_warcinfo_record("t.warc", {"x": "y"}))
    archive.record("request", "https://news.test/ferry", headers=[("Host", "news.test")])
    ids["ferry"] = archive.record(
        "response",
        "https://news.test/ferry",
        HARBOUR,
        [("Content-Type", "text/html; charset=utf-8"), ("Last-Modified", "Tue, 03 Mar 2026")],
    )
    archive.record("metadata", "https://news.test/ferry", b"outlinks: none\n")
    ids["http-1251"] = archive.page(
        "https://news.test/ru/1", cyrillic_page(meta=False), "text/html; charset=windows-1251"
    )
    ids["meta-1251"] = archive.page("https://news.test/ru/2", cyrillic_page(meta=True))
    zipped = gzip.compress(HARBOUR)
    ids["gzipped"] = archive.record(
        "response",
        "https://news.test/zipped",
        zipped,
        [
            ("Content-Type", "text/html"),
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(zipped))),
        ],
    )
    ids["xhtml"] = archive.page("https://news.test/x", HARBOUR, "application/xhtml+xml")
    revisit = archive.writer.create_revisit_record(
        "https://news.test/ferry", "sha1:AAAA", "https://news.test/ferry", DATE
    )
    archive.writer.write_record(revisit)
    archive.page("https://news.test/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    archive.page("https://news.test/api", b'{"headline": "x"}', "application/json")
    archive.page("https://news.test/cut", HARBOUR[:40], warc={"WARC-Truncated": "length"})
    short = [("Content-Type", "text/html"), ("Content-Length", str(len(HARBOUR) * 2))]
    archive.record("response", "https://news.test/short", HARBOUR, short)
    archive.page("https://news.test/gone", b"<html><p>Not found</p></html>", status="404 Not Found")
    return ids


def _read(path: Path) -> tuple[list[dict[str, Any]], InputReport]:
    report = InputReport()
    payloads = [msgspec.json.decode(p) for p in iter_payloads([str(path)], report)]
    return payloads, report


@pytest.mark.parametrize("compress", [True, False])
def test_each_html_page_becomes_a_payload_and_the_rest_is_counted(
    tmp_path: Path, compress: bool
) -> None:
    """Pages in UTF-8, windows-1251 (by the HTTP header, by <meta> only), gzip-encoded and
    XHTML become payloads; every other record is skipped and counted by kind."""
    archive = Archive(compress=compress)
    ids = _every_kind(archive)
    path = archive.save(tmp_path / ("crawl.warc.gz" if compress else "crawl.warc"))
    payloads, report = _read(path)
    assert report.error is None
    assert [p["warc_record_id"] for p in payloads] == list(ids.values())
    ferry, http_1251, meta_1251, gzipped, xhtml = payloads
    assert ferry["url"] == "https://news.test/ferry"
    assert ferry["html"] == HARBOUR.decode()
    assert ferry["headers"] == [
        ["Content-Type", "text/html; charset=utf-8"],
        ["Last-Modified", "Tue, 03 Mar 2026"],
    ]
    assert ferry["fetched_at"] == DATE
    assert ferry["warc_file"] == str(path)
    assert CYRILLIC in http_1251["html"]
    assert CYRILLIC in meta_1251["html"]
    assert gzipped["html"] == HARBOUR.decode()
    assert xhtml["html"] == HARBOUR.decode()
    assert report.skipped == Counter(
        warcinfo=1, request=1, metadata=1, revisit=1, not_html=2, truncated=2, not_2xx=1
    )


def test_warc_offset_is_where_the_record_starts_in_the_file(tmp_path: Path) -> None:
    """In a .warc.gz, the offset of the record's own gzip member (Common Crawl's index
    offset): decompressing from there gives that very record."""
    archive = Archive(compress=True)
    _every_kind(archive)
    path = archive.save(tmp_path / "crawl.warc.gz")
    data = path.read_bytes()
    payloads, _ = _read(path)
    for payload in payloads:
        member = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[payload["warc_offset"] :])
        assert member.startswith(b"WARC/")
        assert f"WARC-Record-ID: {payload['warc_record_id']}".encode() in member


def test_an_archive_cut_off_inside_a_record_counts_it_as_truncated(tmp_path: Path) -> None:
    """An uncompressed .warc that ends inside its last record (a download cut short): the
    pages before it come through, the last is counted as truncated, not sent half."""
    archive = Archive(compress=False)
    archive.page("https://news.test/1", HARBOUR)
    archive.page("https://news.test/2", HARBOUR)
    path = tmp_path / "cut.warc"
    path.write_bytes(archive.buffer.getvalue()[:-60])
    payloads, report = _read(path)
    assert [p["url"] for p in payloads] == ["https://news.test/1"]
    assert report.skipped == Counter(truncated=1)
    assert report.error is None


def test_an_archive_cut_off_inside_a_record_header_counts_it_as_truncated(
    tmp_path: Path,
) -> None:
    """A .warc that ends inside the last record's WARC header: counted, not sent."""
    archive = Archive(compress=False)
    archive.page("https://news.test/1", HARBOUR)
    start = archive.buffer.tell()
    archive.page("https://news.test/2", HARBOUR)
    path = tmp_path / "cut.warc"
    path.write_bytes(archive.buffer.getvalue()[: start + 50])
    payloads, report = _read(path)
    assert [p["url"] for p in payloads] == ["https://news.test/1"]
    assert report.skipped == Counter(truncated=1)


def test_junk_after_the_last_record_of_a_warc_stops_with_its_offset(tmp_path: Path) -> None:
    """An uncompressed .warc: bytes that are no record header give their offset."""
    archive = Archive(compress=False)
    archive.page("https://news.test/1", HARBOUR)
    end = archive.buffer.tell()
    path = tmp_path / "junk.warc"
    path.write_bytes(archive.buffer.getvalue() + b"junk\r\n\r\n")
    payloads, report = _read(path)
    assert [p["url"] for p in payloads] == ["https://news.test/1"]
    assert str(report.error).startswith(f"{path}: corrupt archive at byte {end}: ")


def _three_pages_gz() -> tuple[bytes, list[int]]:
    """A .warc.gz of three pages and where each record's member starts."""
    archive = Archive(compress=True)
    starts = []
    for n in range(3):
        starts.append(archive.buffer.tell())
        archive.page(f"https://news.test/{n}", HARBOUR)
    return archive.buffer.getvalue(), starts


def test_a_gz_cut_midway_stops_with_the_offset_after_the_pages_before_it(
    tmp_path: Path,
) -> None:
    """The last member cut in half: the two pages before it are sent, then the error names
    the file and the byte where the broken member starts."""
    data, starts = _three_pages_gz()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: starts[2] + (len(data) - starts[2]) // 2])
    payloads, report = _read(path)
    assert [p["url"] for p in payloads] == ["https://news.test/0", "https://news.test/1"]
    assert isinstance(report.error, CorruptArchiveError)
    assert str(report.error) == (
        f"{path}: corrupt archive at byte {starts[2]}: the file ends inside this gzip member"
    )


def test_garbage_in_a_gz_stops_with_the_offset(tmp_path: Path) -> None:
    """Bytes that are no gzip member between two records: the error names where they are."""
    data, starts = _three_pages_gz()
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(data[: starts[1]] + b"this is not gzip" + data[starts[1] :])
    payloads, report = _read(path)
    assert [p["url"] for p in payloads] == ["https://news.test/0"]
    assert report.error is not None
    assert f"corrupt archive at byte {starts[1]}: bad gzip data" in str(report.error)


def test_a_bad_record_header_stops_with_the_offset(tmp_path: Path) -> None:
    """A member that decompresses to something that is no WARC record."""
    data, starts = _three_pages_gz()
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data[: starts[2]] + gzip.compress(b"HELLO not a record\r\n\r\n"))
    payloads, report = _read(path)
    assert len(payloads) == 2
    assert report.error is not None
    assert str(report.error).startswith(f"{path}: corrupt archive at byte {starts[2]}: ")
    assert "HELLO not a record" in str(report.error)


def test_without_a_report_a_corrupt_archive_raises(tmp_path: Path) -> None:
    """Callers that pass no report (tests, tools) get the error itself."""
    data, starts = _three_pages_gz()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: starts[2] + 10])
    with pytest.raises(CorruptArchiveError, match=f"at byte {starts[2]}"):
        list(iter_payloads([str(path)]))


def test_archives_are_accepted_inputs_and_found_in_directories(tmp_path: Path) -> None:
    """`.warc` and `.warc.gz` pass the up-front check; a directory's archives are read."""
    archive = Archive(compress=True)
    archive.page("https://news.test/1", HARBOUR)
    archive.save(tmp_path / "CC-NEWS-20260304050607-00001.warc.gz")
    check_inputs([str(tmp_path / "CC-NEWS-20260304050607-00001.warc.gz"), str(tmp_path)])
    payloads, _ = _read(tmp_path)
    assert [p["url"] for p in payloads] == ["https://news.test/1"]
