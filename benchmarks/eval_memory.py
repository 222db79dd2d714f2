"""Per-source memory of the clean stage on a stream of same-site articles.

(One stage alone: a debugging aid. The product's figures: benchmarks/eval_product.py.)

Usage: .venv/bin/python benchmarks/eval_memory.py [PATH] [--html-only | --text-only]
(default ../shared/data/cleaning-dev.jsonl.gz; exits 0 with a message when it is absent).

The stream is built at run time: the article bodies of the cleaning dev set
(``expected_text``) are each set in one site's template, written here, as a plain-text dump
and as an HTML page: navigation, a share bar, a prose-like promo inside the body, a standard
disclaimer paragraph inside the body (on most articles), a list of other headlines that
varies, a footer and a metadata tail. One paragraph of the fourth story is quoted again in the
fourteenth: it must be kept in both. The stage cleans the stream article by article, once
without memory and once with an in-process memory (``LocalMemory``, as the workers share
one in Redis), and precision, recall and F1 (``shingles``, the cleaning metric) are printed
per stretch of the stream, side by side. The expected text is the body, from a dump as from
HTML (the headline goes to the title).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shingles import PageCounts, page_counts, score

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "data" / "cleaning-dev.jsonl.gz"
SOURCE = "ledger.example"
STRETCHES = ((1, 5), (6, 10), (11, 20), (21, None))
SHARED_FROM, SHARED_INTO = 4, 14
"""One paragraph of story 4 is quoted again in story 14 (1-based positions in the stream)."""
SEED = 20_240_611

NAVIGATION = ["Home", "News", "Business", "Opinion", "Harbour Life", "Weather", "Subscribe"]
SHARE = ["Share on Facebook", "Share on X", "Email this story", "Print"]
PROMO = (
    "Readers who value independent coastal reporting can keep it going: every contribution, "
    "however small, pays for the reporters who sit through the long council meetings."
)
DISCLAIMER = (
    "This article is for general information only and is not financial, legal or investment "
    "advice. The Ledger and its writers may hold interests in matters reported here, and "
    "readers should consult a qualified adviser before acting on anything they read."
)
FOOTER = [
    "The Harbour Ledger is published by Ledger Media Cooperative, a reader-owned newspaper "
    "serving the towns of the northern coast since 1911.",
    "Send tips and corrections to the newsroom at the harbour office, open on weekdays.",
    "© 2024 Ledger Media Cooperative. All rights reserved.",
]


def load(path: Path) -> list[str]:
    """The article bodies of the dev pages, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [row["expected_text"] for row in rows if row["expected_text"].strip()]


HEADLINE_CHARS = 40


def headline(body: str) -> str:
    """A headline of the story's first words (no sentence punctuation, as headlines go), at
    most ``HEADLINE_CHARS`` long: in a script written without spaces nine "words" are nine
    sentences."""
    words = [w.strip(".,;:!?\"'“”‘’()") for w in body.split()[:9]]
    title = " ".join(w for w in words if w)[:HEADLINE_CHARS]
    return title.rstrip(".,;:、。") or "Untitled story"


@dataclass(frozen=True)
class Story:
    """One article of the stream and what the template puts around it."""

    n: int
    """Position in the stream, from 1."""
    title: str
    paragraphs: list[str]
    date: str
    related: list[str]
    disclaimer: bool


def stories(bodies: list[str]) -> list[Story]:
    """Each body with its place in the template: headline, date, related, disclaimer, quote."""
    rng = random.Random(SEED)
    titles = [headline(body) for body in bodies]
    out: list[Story] = []
    for n, body in enumerate(bodies, start=1):
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        if n == SHARED_INTO and len(bodies) >= SHARED_FROM:
            quoted = [p.strip() for p in bodies[SHARED_FROM - 1].split("\n\n") if p.strip()]
            paragraphs.insert(1, quoted[min(1, len(quoted) - 1)])
        others = [t for i, t in enumerate(titles) if i != n - 1]
        out.append(
            Story(
                n=n,
                title=titles[n - 1],
                paragraphs=paragraphs,
                date=f"{rng.randint(1, 28):02d} {rng.choice(['May', 'June', 'July'])} 2024",
                related=rng.sample(others, k=min(4, len(others))),
                disclaimer=rng.random() < 0.85,
            )
        )
    return out


def _body(story: Story) -> list[str]:
    """The story's paragraphs with the site's promo and, on most stories, its disclaimer."""
    paragraphs = list(story.paragraphs)
    paragraphs.insert(min(2, len(paragraphs)), PROMO)
    if story.disclaimer:
        paragraphs.insert(max(len(paragraphs) - 1, 1), DISCLAIMER)
    return paragraphs


def as_dump(story: Story) -> str:
    """The story as a text dump of the site's page (the seed's shape)."""
    lines = ["Skip to main content", "THE HARBOUR LEDGER", ""]
    lines += [f"* {item}" for item in NAVIGATION] + ["", story.title, ""]
    lines += [f"By Ledger Staff | {story.date}", "", *SHARE, ""]
    for paragraph in _body(story):
        lines += [paragraph, ""]
    lines += ["More from the Ledger", ""]
    lines += [f"* {title}" for title in story.related] + [""]
    lines += [*FOOTER, ""]
    lines += ["GB", f"{story.paragraphs[0][:140]}...", "news", str(40_000 + story.n)]
    lines += [story.date, "Ledger Media Cooperative"]
    return "\n".join(lines) + "\n"


def as_html(story: Story) -> str:
    """The story as the site's HTML page."""
    nav = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAVIGATION))
    share = "".join(f'<li><a href="#s{i}">{item}</a></li>' for i, item in enumerate(SHARE))
    body = "".join(f"<p>{p}</p>" for p in _body(story))
    related = "".join(f'<li><a href="/s/{i}">{t}</a></li>' for i, t in enumerate(story.related))
    footer = "".join(f"<p>{line}</p>" for line in FOOTER)
    return (
        f"<!DOCTYPE html><html><head><title>{story.title} | The Harbour Ledger</title></head>"
        f'<body><header><a href="/">THE HARBOUR LEDGER</a><nav><ul>{nav}</ul></nav></header>'
        f"<main><article><h1>{story.title}</h1>"
        f'<p class="byline">By Ledger Staff | {story.date}</p><ul class="share">{share}</ul>'
        f'<div class="article-body">{body}</div></article>'
        f"<aside><h2>More from the Ledger</h2><ul>{related}</ul></aside></main>"
        f"<footer>{footer}</footer></body></html>"
    )


def expected(story: Story, form: str) -> str:
    """What the stage should return, from a dump as from HTML: the body (the headline goes
    to the title)."""
    del form  # both forms give the same text
    return "\n\n".join(story.paragraphs)


def run_stream(
    stream: list[Story], form: str, *, with_memory: bool
) -> tuple[list[PageCounts], list[str], list[int]]:
    """Clean the stream in order; per article its counts, its text and how many lines the
    memory removed."""
    from tasks.clean import Clean
    from tasks.memory import LocalMemory
    from tasks.pipeline import enrich_inline
    from tasks.record import Article, RawBody

    stage, store = Clean(debug=True), LocalMemory()
    render: Callable[[Story], str] = as_html if form == "html" else as_dump
    counts, texts, forgotten = [], [], []
    for story in stream:
        page = render(story)
        raw = RawBody(html=page) if form == "html" else RawBody(text=page)
        record = Article(id=f"ledger-{story.n}", source=SOURCE, raw=raw)
        (done,), _ = enrich_inline([record], [stage], memory=store if with_memory else None)
        counts.append(page_counts(expected(story, form), done.text))
        texts.append(done.text)
        forgotten.append(sum(1 for r in done.removed or () if r.reason == "source_memory"))
    return counts, texts, forgotten


def report(stream: list[Story], form: str) -> None:
    """Print the scores per stretch of the stream, without and with memory."""
    plain, _, _ = run_stream(stream, form, with_memory=False)
    learned, texts, forgotten = run_stream(stream, form, with_memory=True)
    print(f"\n{form}: {len(stream)} articles of one site, in stream order")
    columns = f"{'without memory (P/R/F1)':>24} {'with memory (P/R/F1)':>22} {'+memory':>8}"
    print(f"{'articles':<9} {columns}")
    for first, last in STRETCHES:
        stop = last if last is not None else len(stream)
        if first > len(stream):
            break
        label = f"{first}-{stop}" if last is not None else f"{first}+"
        a, b = score(plain[first - 1 : stop]), score(learned[first - 1 : stop])
        lines = sum(forgotten[first - 1 : stop]) / (stop - first + 1)
        print(
            f"{label:<9} {a.precision:8.3f} {a.recall:6.3f} {a.f1:6.3f}"
            f"   {b.precision:8.3f} {b.recall:6.3f} {b.f1:6.3f} {lines:8.1f}"
        )
    total_a, total_b = score(plain), score(learned)
    print(
        f"{'all':<9} {total_a.precision:8.3f} {total_a.recall:6.3f} {total_a.f1:6.3f}"
        f"   {total_b.precision:8.3f} {total_b.recall:6.3f} {total_b.f1:6.3f}"
    )
    if len(stream) >= SHARED_INTO:
        quote = stream[SHARED_INTO - 1].paragraphs[1]
        kept = all(quote in texts[n - 1] for n in (SHARED_FROM, SHARED_INTO))
        print(
            f"paragraph quoted in stories {SHARED_FROM} and {SHARED_INTO}: "
            f"{'kept in both' if kept else 'LOST'} with memory"
        )
    print("(+memory: lines per article that the memory removed and the page alone kept)")


def main(argv: list[str]) -> int:
    from stage_alone import announce  # this script's folder is on sys.path

    announce()
    args = [a for a in argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT_PATH
    if not path.exists():
        print(f"cleaning dev set not found at {path}; nothing to evaluate")
        return 0
    stream = stories(load(path))
    forms = [
        form
        for form, other in (("text", "html"), ("html", "text"))
        if f"--{other}-only" not in argv
    ]
    print(f"{len(stream)} article bodies from {path}, set in one site's template")
    for form in forms:
        report(stream, form)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
