"""(d) The plain script a user would write instead of the pipeline, in N processes.

Per HTML page: ``trafilatura.extract`` for the text, ``htmldate.find_date`` for the day,
``langdetect.detect`` for the language, then spaCy NER (only the components NER needs,
loaded as the NER stage loads them) over the extracted texts. A plain-text dump has no
page to extract from and no date a user's script would look for: langdetect and NER read
the dump as it is.

It is the fast version of that script: the url is passed where the libraries take it, NER
runs with ``nlp.pipe`` in batches, and the English model reads every text (the simplest
script has no per-language models, and gating on langdetect would make it no faster on
English news). Timed like the other sides (``benchmarks.perf.timing.timed``).
"""

from __future__ import annotations

from collections.abc import Sequence

import htmldate
import trafilatura
from langdetect import detect
from langdetect.lang_detect_exception import LangDetectException

from benchmarks.perf.timing import Work, timed
from tasks.ner import load_ner_model

BATCH_SIZE = 16
"""Texts per ``nlp.pipe`` batch, as in the bare NER side."""


def plain_script(pages: Sequence[dict[str, str]], processes: int, model: str) -> float:
    """Seconds for ``processes`` processes to run the plain script over ``pages``."""
    return timed(list(pages), processes, lambda: _plain_work(model))


def plain_text(page: dict[str, str]) -> str:
    """The text the plain script reads: trafilatura's for HTML, the dump as it is otherwise."""
    if "html" in page:
        # what the script also learns of the page, and pays for: its publication day
        htmldate.find_date(page["html"], url=page.get("url") or None)
        return trafilatura.extract(page["html"], url=page.get("url") or None) or ""
    return page.get("text", "")


def _plain_work(model: str) -> Work:
    nlp = load_ner_model(model)

    def work(pages: list[dict[str, str]]) -> None:
        for start in range(0, len(pages), BATCH_SIZE):
            texts = [plain_text(page) for page in pages[start : start + BATCH_SIZE]]
            for text in texts:
                _language(text)
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
                pass

    return work


def _language(text: str) -> str | None:
    try:
        return str(detect(text))
    except LangDetectException:  # no letters to go by: the script records no language
        return None
