"""Parts of the performance benchmark (``benchmarks/throughput.py``)."""
