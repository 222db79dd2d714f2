"""Keyphrase methods side by side: agreement with the publishers' keywords, and CPU beside NER.

(One stage alone: a debugging aid. The product's figures: benchmarks/eval_product.py.)

    .venv/bin/python benchmarks/eval_keyphrases.py [DATA_DIR] [--repeat 3] [--samples 1000,500,250]

The pages of ``dates-dev.jsonl.gz`` and ``cleaning-dev.jsonl.gz`` whose HTML carries publisher
keywords (``<meta name="keywords">``, ``name="news_keywords"``, ``property="article:tag"``,
``itemprop="keywords"``, and JSON-LD ``keywords``; split on commas and semicolons) go through
``tasks.clean.Clean`` and ``tasks.language.DetectLanguage`` as in the pipeline. The editors'
keywords are the silver standard. Methods, each asked for its top 5 keyphrases:

- ``keyphrases()`` as shipped (YAKE on a lead sample of ``SAMPLE_CHARS`` characters), the
  same with the lead samples of ``--samples``, and on the whole clean text;
- spaCy noun chunks (en and fr pages only), from the tagger/morphologizer and parser of the
  language's model in ``tasks.config.DEFAULT_MODELS``, on the whole text and on the shipped
  lead: determiners, pronouns and the like stripped from the chunk's ends, its last
  ``MAX_WORDS`` words kept, ranked by how often the (plural-folded) chunk occurs, first
  occurrence breaking ties;
- RAKE (the ``multi-rake`` package, when it is installed; it is not a project dependency), on
  the shipped lead and the whole text, in its own score order.

spaCy and RAKE candidates go through the same choice as YAKE's (``best_phrases``: every word
written in lowercase somewhere in the text; a single word ranked as if four times worse; a
phrase repeating a chosen one skipped), their rank as the score, so the methods differ only
in where candidates come from.

Matching rule: both sides are lowercased and cut into words (runs of letters and digits, so
hyphens and apostrophes separate words), and each word gets the crude plural fold of
``keyphrases()`` ("tariffs" -> "tariff"). A keyphrase is a hit when its words equal a
publisher keyword's words, or when one's word sequence contains the other's as a contiguous
run ("trade" matches "trade war"; "trade war talks" matches "trade war").

Reported per method: precision@5 (hits / phrases returned, over all pages), the share of pages
with at least one hit, phrases returned per page; overall, on en+fr pages and on English
pages. CPU ms/article (``time.process_time``, best of ``--repeat`` rounds, the methods and NER
alternating within each round) is measured on the pages in a language with a NER model, and
set beside the NER stage's (``tasks.ner.Ner.pipe`` in batches of ``BATCH_SIZE``) on the same
clean texts. For spaCy it is what shipping noun chunks would add to the NER stage: the
components noun chunks need (NER runs none of them) and the ranking, not the tokenizer, which
NER already runs. Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import importlib
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.tokens import Doc, Span, Token

import tasks.tag.keyphrases as shipped
from tasks.clean import Clean
from tasks.config import DEFAULT_KEYPHRASES, DEFAULT_MODELS
from tasks.html.parse import parse_page
from tasks.language import DetectLanguage
from tasks.ner import Ner
from tasks.ner.stage import BATCH_SIZE
from tasks.record import Article, RawBody
from tasks.tag.keyphrases import MAX_WORDS, UNSPACED_LANGUAGES, best_phrases, keyphrases
from tasks.tag.synonyms import plural_fold

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FILES = ("dates-dev.jsonl.gz", "cleaning-dev.jsonl.gz")
TOP = DEFAULT_KEYPHRASES
LEAD = shipped.SAMPLE_CHARS
TARGET_SHARE = 0.05
"""Keyphrases' aim: under 5% of NER's CPU per article (entities and tags under 10%)."""

KEYWORD_META = frozenset({"keywords", "news_keywords", "article:tag"})
"""``name``, ``property`` or ``itemprop`` values of the meta tags that carry keywords."""
CHUNK_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler")
"""What ``doc.noun_chunks`` needs: part-of-speech tags and the dependency parse."""
EDGE_POS = frozenset({"DET", "PRON", "NUM", "PUNCT", "SYM", "ADP", "CCONJ", "PART", "SPACE"})
"""Parts of speech stripped from a noun chunk's ends ("the", "his", "'s")."""
SAMPLE_PAGES = 3

_SPLIT = re.compile(r"[,;]")
_JSON_LD = re.compile(
    r"<script[^>]*application/ld\+json[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_MATCH_WORD = re.compile(r"[^\W_]+")
_WORD = shipped._WORD


@dataclass(frozen=True)
class Page:
    """One evaluation page: the record the clean and language stages hand on, and the
    publisher's keywords as words (lowercase, plural-folded)."""

    record: Article
    keywords: tuple[str, ...]
    keyword_words: tuple[tuple[str, ...], ...]

    @property
    def language(self) -> str:
        return self.record.language.code or "en"  # as the tag stage does


Extract = Callable[[Sequence[Page]], list[list[str]]]


@dataclass(frozen=True)
class Method:
    name: str
    extract: Extract
    languages: frozenset[str] | None = None
    """The languages it runs on; None for every language."""
    prepare: Callable[[Sequence[Page]], Any] | None = None
    """Work done before the clock starts (spaCy's tokenizer, which NER already runs); its
    result is what ``timed_run`` is given instead of the pages."""
    timed_run: Callable[[Any], object] | None = None

    def runs_on(self, page: Page) -> bool:
        return self.languages is None or page.language in self.languages


# --- the silver standard --------------------------------------------------------------------


def match_words(phrase: str) -> tuple[str, ...]:
    """``phrase`` as the matching rule sees it: lowercase words, each plural-folded."""
    return tuple(plural_fold(word) for word in _MATCH_WORD.findall(phrase.lower()))


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    size = len(shorter)
    return any(tuple(longer[i : i + size]) == tuple(shorter) for i in range(len(longer) - size + 1))


def is_hit(phrase: str, keywords: Iterable[Sequence[str]]) -> bool:
    """True when ``phrase`` matches a publisher keyword (given as ``match_words``): the same
    words, or one's word sequence inside the other's."""
    words = match_words(phrase)
    return bool(words) and any(
        _contains(words, keyword) or _contains(keyword, words) for keyword in keywords if keyword
    )


def publisher_keywords(html: str) -> list[str]:
    """The keywords the page's meta tags and JSON-LD declare, each once, in page order."""
    tree, _notes = parse_page(html)
    if tree is None:
        return []
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop") or ""
        if key.strip().lower() in KEYWORD_META:
            found += _SPLIT.split(meta.get("content") or "")
    # the project's parser drops scripts, so JSON-LD is read from the page's text
    for block in _JSON_LD.findall(html):
        with contextlib.suppress(ValueError):
            found += _json_keywords(json.loads(block))
    unique: dict[tuple[str, ...], str] = {}
    for keyword in found:
        unique.setdefault(match_words(keyword), keyword.strip())
    unique.pop((), None)
    return list(unique.values())


def _json_keywords(node: Any) -> Iterator[str]:
    """Every ``keywords`` value anywhere in a JSON-LD document (a string or a list)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "keywords":
                values = value if isinstance(value, list) else [value]
                for item in values:
                    if isinstance(item, str):
                        yield from _SPLIT.split(item)
            else:
                yield from _json_keywords(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_keywords(item)


def load_pages(data_dir: Path) -> list[Page]:
    """The dev pages with publisher keywords and clean text, each page once."""
    clean, language = Clean(), DetectLanguage()
    pages: dict[str, Page] = {}
    for name in FILES:
        with gzip.open(data_dir / name, "rt", encoding="utf-8") as rows:
            for row in map(json.loads, rows):
                html = row.get("html") or ""
                keywords = publisher_keywords(html) if html else []
                key = row.get("url") or row["id"]
                if not keywords or key in pages:
                    continue
                record = Article(id=row["id"], url=row.get("url"), raw=RawBody(html=html))
                record = language(clean(record))
                if record.text.strip():
                    words = tuple(match_words(k) for k in keywords)
                    pages[key] = Page(record, tuple(keywords), words)
    return list(pages.values())


# --- the methods ----------------------------------------------------------------------------


def sample(text: str, limit: int | None) -> str:
    """The lead sample of ``limit`` characters as ``keyphrases()`` cuts it; None: the whole
    text, its lines ended as sentences all the same."""
    return shipped.lead_sample(text, len(text) if limit is None else limit)


def yake_method(limit: int | None) -> Extract:
    def extract(pages: Sequence[Page]) -> list[list[str]]:
        return [
            keyphrases(p.record.text, p.language, TOP, sample_chars=limit or len(p.record.text))
            for p in pages
        ]

    return extract


def finish(candidates: Iterable[Sequence[str]], text: str) -> list[str]:
    """The best ``TOP`` of ranked candidate word lists, chosen by ``best_phrases`` (their rank
    as the score), so that methods differ only in their candidates."""
    scored = ((words, float(rank)) for rank, words in enumerate(candidates, start=1))
    return [phrase for phrase, _score in best_phrases(scored, text, TOP)]


@functools.lru_cache(maxsize=8)
def chunk_model(language: str) -> SpacyLanguage:
    """The language's model with only what noun chunks need (tokenizer included)."""
    name = DEFAULT_MODELS[language]
    pipes = spacy.load(name).pipe_names  # a throwaway load, to name what to exclude
    return spacy.load(name, exclude=[p for p in pipes if p not in CHUNK_COMPONENTS])


def chunk_words(chunk: Span) -> list[str]:
    """A noun chunk's words, lowercase, without determiners, pronouns and the like at its ends,
    at most ``MAX_WORDS`` tokens (the last ones: the head noun and what qualifies it most
    closely); none when a pronoun or a one-letter word ("a.m.") is left."""
    tokens = _trimmed(list(chunk))
    tokens = _trimmed(tokens[-MAX_WORDS:])  # the cut may leave "and" or "of" in front
    words = [w.lower() for t in tokens for w in _WORD.findall(t.text)]
    if any(t.pos_ == "PRON" for t in tokens) or any(len(w) < 2 for w in words):
        return []
    return words[-MAX_WORDS:]


def _trimmed(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].pos_ in EDGE_POS or tokens[0].is_stop):
        tokens.pop(0)
    while tokens and (tokens[-1].pos_ in EDGE_POS or tokens[-1].is_stop):
        tokens.pop()
    return tokens


def ranked_chunks(doc: Doc) -> list[list[str]]:
    """Noun chunks by how often they occur (plural-folded), the earliest first among equals."""
    seen: dict[tuple[str, ...], tuple[int, int, list[str]]] = {}
    for position, chunk in enumerate(doc.noun_chunks):
        words = chunk_words(chunk)
        if words:
            key = tuple(plural_fold(w) for w in words)
            count, first, shown = seen.get(key, (0, position, words))
            seen[key] = (count + 1, first, shown)
    return [shown for _count, _first, shown in sorted(seen.values(), key=lambda v: (-v[0], v[1]))]


def chunk_docs(pages: Sequence[Page], limit: int | None) -> list[Doc]:
    """Tokenized texts (NER's tokenizer does the same work, so it is left off the clock)."""
    return [chunk_model(p.language).make_doc(sample(p.record.text, limit)) for p in pages]


def chunk_run(pages_and_docs: tuple[Sequence[Page], list[Doc]]) -> list[list[str]]:
    pages, docs = pages_and_docs
    out: list[list[str]] = [[] for _ in pages]
    for language in sorted({p.language for p in pages}):
        picked = [i for i, p in enumerate(pages) if p.language == language]
        nlp = chunk_model(language)
        parsed = nlp.pipe((docs[i] for i in picked), batch_size=BATCH_SIZE)
        for i, doc in zip(picked, parsed, strict=True):
            out[i] = finish(ranked_chunks(doc), pages[i].record.text)
    return out


def chunk_method(name: str, limit: int | None) -> Method:
    def prepare(pages: Sequence[Page]) -> tuple[Sequence[Page], list[Doc]]:
        return pages, chunk_docs(pages, limit)

    def extract(pages: Sequence[Page]) -> list[list[str]]:
        return chunk_run(prepare(pages))

    languages = frozenset({"en", "fr"} & set(DEFAULT_MODELS))
    return Method(name, extract, languages, prepare, chunk_run)


def rake_method(limit: int | None) -> Extract | None:
    """RAKE's candidates (multi-rake), or None when the package is not installed."""
    try:
        module = importlib.import_module("multi_rake")
    except ImportError:
        return None
    stopwords = importlib.import_module("multi_rake.stopwords").STOPWORDS

    @functools.lru_cache(maxsize=32)
    def rake(language: str) -> Any:
        # with no stop-word list multi-rake guesses the language with pycld2 (bundled, offline)
        code = language if language in stopwords else None
        return module.Rake(language_code=code, max_words=MAX_WORDS)

    def one(page: Page) -> list[str]:
        text = page.record.text
        if page.language in UNSPACED_LANGUAGES:
            return []
        scored = rake(page.language).apply(sample(text, limit))
        return finish((_WORD.findall(phrase) for phrase, _score in scored), text)

    def extract(pages: Sequence[Page]) -> list[list[str]]:
        return [one(p) for p in pages]

    return extract


def methods(samples: Sequence[int]) -> list[Method]:
    found = [Method(f"yake {LEAD} (shipped)", yake_method(LEAD))]
    found += [Method(f"yake {n}", yake_method(n)) for n in samples]
    found.append(Method("yake whole text", yake_method(None)))
    found += [chunk_method("chunks whole text", None), chunk_method(f"chunks {LEAD}", LEAD)]
    for limit, name in ((LEAD, f"rake {LEAD}"), (None, "rake whole text")):
        extract = rake_method(limit)
        if extract is not None:
            found.append(Method(name, extract))
    return found


# --- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    pages: int
    precision: float
    hit_pages: float
    per_page: float


def score(pages: Sequence[Page], found: Sequence[list[str]]) -> Score:
    returned = sum(len(phrases) for phrases in found)
    hits = [
        sum(is_hit(p, page.keyword_words) for p in phrases)
        for page, phrases in zip(pages, found, strict=True)
    ]
    n = max(len(pages), 1)
    return Score(
        len(pages), sum(hits) / max(returned, 1), sum(h > 0 for h in hits) / n, returned / n
    )


def cpu_costs(
    passes: dict[str, tuple[Callable[[], Any], Callable[[Any], object], int]], repeat: int
) -> dict[str, float]:
    """Best CPU ms per article of each named pass (prepare, work, articles) over ``repeat``
    rounds; ``prepare`` runs off the clock. The passes alternate within each round, so a
    burst of other work on the shared machine weighs on all of them alike."""
    best = dict.fromkeys(passes, float("inf"))
    for _ in range(repeat):
        for name, (prepare, work, count) in passes.items():
            given = prepare()
            started = time.process_time()
            work(given)
            best[name] = min(best[name], 1000 * (time.process_time() - started) / count)
    return best


def method_pass(
    method: Method, pages: Sequence[Page]
) -> tuple[Callable[[], Any], Callable[[Any], object], int]:
    if method.prepare is not None and method.timed_run is not None:
        prepare, run = method.prepare, method.timed_run
        return (lambda: prepare(pages)), run, len(pages)
    return (lambda: pages), method.extract, len(pages)


def ner_pass(ner: Ner, pages: Sequence[Page]) -> Callable[[Any], None]:
    records = [p.record for p in pages]

    def run(_given: object) -> None:
        for start in range(0, len(records), BATCH_SIZE):
            ner.pipe(records[start : start + BATCH_SIZE])

    return run


# --- reporting ------------------------------------------------------------------------------


def print_table(
    title: str,
    pages: Sequence[Page],
    results: dict[str, list[list[str]]],
    listed: Sequence[Method],
    *,
    costs: dict[str, float],
    ner_cpu: float,
) -> None:
    print(f"\n{title}")
    print(
        f"{'method':22}{'pages':>6}{'P@5':>7}{'hit pages':>11}{'phrases':>9}"
        f"{'CPU ms':>9}{'of NER':>8}"
    )
    for method in listed:
        chosen = [i for i, page in enumerate(pages) if method.runs_on(page)]
        if not chosen:
            continue
        got = score([pages[i] for i in chosen], [results[method.name][i] for i in chosen])
        cpu = costs[method.name]
        print(
            f"{method.name:22}{got.pages:>6}{got.precision:>7.3f}{got.hit_pages:>11.1%}"
            f"{got.per_page:>9.2f}{cpu:>9.2f}{cpu / ner_cpu:>8.1%}"
        )


def print_samples(pages: Sequence[Page], results: dict[str, list[list[str]]]) -> None:
    """Each method's phrases beside the publisher's keywords on a few English pages (the
    first ones with at least three keywords: no choosing)."""
    shown = [i for i, p in enumerate(pages) if p.language == "en" and len(p.keywords) >= 3]
    for i in shown[:SAMPLE_PAGES]:
        page = pages[i]
        print(f"\n{page.record.url or page.record.id}")
        print(f"  {'publisher':20}: {', '.join(page.keywords[:10])}")
        for name, found in results.items():
            marks = [f"{p}{'*' if is_hit(p, page.keyword_words) else ''}" for p in found[i]]
            print(f"  {name:20}: {', '.join(marks)}")


def print_ceiling(pages: Sequence[Page], title: str) -> None:
    """How many publisher keywords a names-free extractor could return whole."""
    total = sum(len(p.keywords) for p in pages)
    common = [[k for k in p.keywords if _common_words(k, p.record.text)] for p in pages]
    print(
        f"publisher keywords, {title}: {total / max(len(pages), 1):.1f} per page; "
        f"{sum(map(len, common)) / max(total, 1):.0%} have every word written in lowercase in "
        f"the text (the rest are names, or not in the text); "
        f"{sum(bool(c) for c in common) / max(len(pages), 1):.0%} of pages have one such"
    )


def print_names_note() -> None:
    print(
        "Keyphrases leave names out on purpose (the entity tags carry them), a handicap the "
        "same for every method."
    )


def print_noise(pages: Sequence[Page], found: Sequence[list[str]]) -> None:
    """The binomial standard error of P@5 at the shipped method's figures: few pages have
    keywords, so small differences between methods mean nothing."""
    got = score(pages, found)
    returned = got.per_page * got.pages
    error = math.sqrt(got.precision * (1 - got.precision) / max(returned, 1))
    print(
        f"noise: on the {got.pages} English pages ({returned:.0f} phrases) P@5 has a standard "
        f"error of about {error:.3f}; differences under twice that are not evidence"
    )


def _common_words(keyword: str, text: str) -> bool:
    words = _WORD.findall(keyword)
    return bool(words) and all(re.search(rf"\b{re.escape(w.lower())}\b", text) for w in words)


def main() -> int:
    from stage_alone import announce  # this script's folder is on sys.path

    announce()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best is reported")
    parser.add_argument("--samples", default="1000,500,250", help="YAKE lead sizes to try")
    args = parser.parse_args()
    if not all((args.data_dir / name).exists() for name in FILES):
        print(f"{' and '.join(FILES)} not in {args.data_dir}: skipped (pass the data folder)")
        return 0
    pages = load_pages(args.data_dir)
    listed = methods([int(n) for n in args.samples.split(",") if n.strip()])
    results = {m.name: _run_on(m, pages) for m in listed}  # also warms every method up
    modelled = [p for p in pages if p.language in DEFAULT_MODELS]
    ner = Ner()
    ner.warm()
    ner_pass(ner, modelled[:BATCH_SIZE])(None)
    seen = sorted({p.language for p in pages})
    print(
        f"{len(pages)} pages with publisher keywords ({', '.join(seen)}); "
        f"{len(modelled)} in a language with a NER model ({', '.join(DEFAULT_MODELS)})"
    )
    print_ceiling(pages, "all pages")
    print_ceiling([p for p in pages if p.language == "en"], "English pages")
    print_names_note()
    passes = {m.name: method_pass(m, [p for p in modelled if m.runs_on(p)]) for m in listed}
    passes["ner"] = ((lambda: None), ner_pass(ner, modelled), len(modelled))
    costs = cpu_costs(passes, args.repeat)
    ner_cpu = costs["ner"]
    print(
        f"NER: {ner_cpu:.2f} CPU ms/article on the {len(modelled)} pages (batches of "
        f"{BATCH_SIZE}); costs below are CPU ms/article on those pages, best of "
        f"{args.repeat} rounds; aim: keyphrases under {TARGET_SHARE:.0%} of NER"
    )
    for title, languages in (
        ("all pages", None),
        ("en + fr pages (every method)", {"en", "fr"}),
        ("English pages", {"en"}),
    ):
        kept = [i for i, p in enumerate(pages) if languages is None or p.language in languages]
        subset = {name: [found[i] for i in kept] for name, found in results.items()}
        print_table(title, [pages[i] for i in kept], subset, listed, costs=costs, ner_cpu=ner_cpu)
    print(
        "\nP@5: hits / phrases returned; hit pages: share of pages with a hit; "
        "'*' marks a hit below"
    )
    english = [i for i, p in enumerate(pages) if p.language == "en"]
    print_noise([pages[i] for i in english], [results[listed[0].name][i] for i in english])
    print_samples(pages, results)
    return 0


def _run_on(method: Method, pages: Sequence[Page]) -> list[list[str]]:
    """The method's phrases for every page; [] where it does not run."""
    chosen = [i for i, p in enumerate(pages) if method.runs_on(p)]
    found = dict(zip(chosen, method.extract([pages[i] for i in chosen]), strict=True))
    return [found.get(i, []) for i in range(len(pages))]


if __name__ == "__main__":
    sys.exit(main())
