"""``python -m worker`` is the ``enrich`` command."""

from worker.cli import main

main()
