"""The domain layer: the article record and the enrichment stages (pure code, no I/O)."""
