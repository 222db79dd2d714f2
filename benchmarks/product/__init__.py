"""The product evaluation (``benchmarks/eval_product.py``): dev sets as payloads, scoring, peers."""
