"""Scrapy settings: every item goes to article-enrich's intake list via scrapy-redis.

Any of them can be overridden on the command line (``-s REDIS_URL=redis://host:6379/0``).
"""

import os

BOT_NAME = "article_crawl"
SPIDER_MODULES = ["article_crawl.spiders"]
NEWSPIDER_MODULE = "article_crawl.spiders"

# scrapy-redis's RedisPipeline RPUSHes each item onto REDIS_ITEMS_KEY as JSON (its default
# serializer is Scrapy's JSON encoder; never configure a pickling one: the intake reads JSON).
ITEM_PIPELINES = {"scrapy_redis.pipelines.RedisPipeline": 300}
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
REDIS_ITEMS_KEY = "articles:raw"  # ENRICH_INTAKE_KEY, prefixed by ENRICH_KEY_PREFIX if set

# A polite crawler.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS_PER_DOMAIN = 4
USER_AGENT = "article-crawl (+https://github.com/article-enrich)"
