"""The transport layer: settings, the Celery app, Redis intake and output, the CLI."""
