"""A Scrapy project that feeds article-enrich (README, "What goes in": Scrapy)."""
