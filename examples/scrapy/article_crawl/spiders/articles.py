"""Follows an index page's story links and hands each article to article-enrich.

An item carries what the enrichment reads (README, "What goes in"): the page as text
(``response.text``, decoded by Scrapy from the HTTP or the page's charset; a ``bytes`` body
would fail inside the pipeline's JSON encoder), the HTTP response headers as
``[name, value]`` pairs (``Last-Modified`` is a date signal, the charset a decoding one) and
when the page was fetched (no article is published after it was fetched).
"""

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse


class ArticlesSpider(scrapy.Spider):
    """``scrapy crawl articles -a start_url=<index page>``: every ``a.story`` link on it."""

    name = "articles"

    def __init__(self, start_url: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_url = start_url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The first request (Scrapy 2.13+; older versions call ``start_requests``)."""
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_index)

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        if isinstance(response, TextResponse):
            yield from response.follow_all(css="a.story", callback=self.parse_article)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        if not isinstance(response, TextResponse):  # a PDF, an image: no page to enrich
            return
        yield {
            "url": response.url,
            "html": response.text,
            "headers": header_pairs(response),
            "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }


def header_pairs(response: Response) -> list[list[str]]:
    """The response headers as ``[name, value]`` pairs of text, a repeated header once per
    value. Decoded as Latin-1 (HTTP's historical charset for header values), which maps
    every byte, so a stray non-ASCII byte cannot fail the item."""
    return [
        [name.decode("latin-1"), value.decode("latin-1")]
        for name, values in response.headers.items()
        for value in values
    ]
