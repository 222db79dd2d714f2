"""Speed and memory of the WARC reader alone (``worker.local.inputs.iter_payloads`` on an
archive: parsing, decoding each page, the payload's JSON), without Redis or workers.

Usage: .venv/bin/python benchmarks/warc_reader.py [--records N] [--archive PATH] [--plain]

Without ``--archive`` it writes a ``.warc.gz`` of N records (default 12,000) to a temporary
folder: its own article pages, each one varied (headline, paragraph count and order, some
in windows-1251 declared by HTTP or by <meta> only, some gzip-encoded), with the records a
crawl also holds (a request before each response, revisits, images, 404s). With
``--archive`` it reads that file (a CC-NEWS file, say). ``--plain`` writes it uncompressed.

The reader runs in a child process of its own, so the peak RSS printed is the reader's
alone: the interpreter and its imports (printed apart, as the RSS before the first record)
plus what reading adds. A flat reader's peak does not grow with the archive: run it with
``--records 40000`` to compare.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent

TOPICS = [
    ("Harbour board moves the evening ferry", "ferry", "harbour", "crossing"),
    ("Library opens a reading room for night workers", "library", "reader", "shift"),
    ("Tidal array passes its first winter", "turbine", "tide", "engineer"),
    ("Bakery cooperative buys the old mill", "baker", "mill", "flour"),
    ("Cyclists get a bridge of their own", "cyclist", "bridge", "council"),
]
CYRILLIC = "Паром отправляется в семь часов вечера из северной гавани, сообщил совет порта."


def _page(rng: random.Random, n: int) -> tuple[bytes, str]:
    """An article page and its Content-Type."""
    title, a, b, c = rng.choice(TOPICS)
    paragraphs = [
        f"<p>The {a} story number {n}: the {b} changed on day {d}, and the {c} said so "
        f"in a statement to the paper, which asked {rng.randint(2, 900)} people about it.</p>"
        for d in range(rng.randint(4, 25))
    ]
    rng.shuffle(paragraphs)
    if n % 10 == 3:  # windows-1251, by HTTP header or by <meta> only
        meta = '<meta charset="windows-1251">' if n % 20 == 3 else ""
        html = f"<html><head>{meta}<title>Паром {n}</title></head><body><p>{CYRILLIC}</p>"
        body = (html + "".join(paragraphs) + "</body></html>").encode("cp1251")
        return body, "text/html" if meta else "text/html; charset=windows-1251"
    html = (
        f"<html><head><title>{title} ({n})</title></head><body><nav>Home | News</nav>"
        f"<h1>{title}</h1>{''.join(paragraphs)}<footer>© The Paper</footer></body></html>"
    )
    return html.encode(), "text/html; charset=utf-8"


def write_archive(path: Path, records: int, *, compress: bool) -> None:
    """``records`` records, about a third of them pages (a crawl's usual share)."""
    rng = random.Random(17)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        written = 0
        while written < records:
            written += _write_one(writer, rng, written)


def _write_one(writer: WARCWriter, rng: random.Random, n: int) -> int:
    """One page's records (a request and its response), or another kind; how many."""
    url = f"https://paper.test/{n}"
    kind = n % 7
    if kind == 5:
        record = writer.create_revisit_record(url, "sha1:AAAA", url, "2026-03-04T05:06:07Z")
        writer.write_record(record)
        return 1
    if kind == 6:
        status, body, content_type = rng.choice(
            [
                ("200 OK", b"\x89PNG\r\n\x1a\n" * 200, "image/png"),
                ("404 Not Found", b"<p>x</p>", "text/html"),
            ]
        )
    else:
        status, (body, content_type) = "200 OK", _page(rng, n)
    headers = [("Content-Type", content_type)]
    if n % 4 == 1:
        body = gzip.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "paper.test")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    response = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http
    )
    writer.write_record(response)
    return 2


CHILD = """
import json, resource, sys, time
from worker.local.inputs import InputReport, iter_payloads
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = InputReport()
started = time.perf_counter()
payloads = sum(1 for _ in iter_payloads([sys.argv[1]], report))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"payloads": payloads, "skipped": report.skipped, "seconds": seconds,
                  "rss_before_kb": before, "peak_rss_kb": peak, "error": str(report.error or "")}))
"""


def measure(path: Path) -> dict[str, Any]:
    """Read the archive in a fresh interpreter; its figures."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=12_000)
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--plain", action="store_true", help="write an uncompressed .warc")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.archive
        if path is None:
            path = Path(tmp) / ("bench.warc" if args.plain else "bench.warc.gz")
            started = time.perf_counter()
            write_archive(path, args.records, compress=not args.plain)
            print(
                f"wrote {path.name}: {args.records} records, "
                f"{path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
            )
        figures = measure(path)
    skipped: dict[str, int] = figures["skipped"]
    payloads: int = figures["payloads"]
    records = payloads + sum(skipped.values())
    seconds: float = figures["seconds"]
    print(
        f"records read     {records} ({payloads} payloads; skipped: "
        f"{', '.join(f'{n} {k}' for k, n in sorted(skipped.items()))})"
    )
    print(f"time             {seconds:.2f} s")
    print(f"records/s        {records / seconds:,.0f}")
    print(f"payloads/s       {payloads / seconds:,.0f}")
    print(f"RSS before read  {figures['rss_before_kb'] / 1024:.1f} MB")
    print(f"peak RSS         {figures['peak_rss_kb'] / 1024:.1f} MB")
    if figures["error"]:
        print(f"stopped by       {figures['error']}")


if __name__ == "__main__":
    main()
