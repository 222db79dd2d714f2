"""Quality as users get it: every dev payload through `enrich run`, scored on what comes out.

    .venv/bin/python benchmarks/eval_product.py [--only SET,...] [--data DIR] [--keep DIR]
                                                [--misses SET]

Each set goes through one `enrich run` (all stages, the per-source memory, a private Redis
unless ``ENRICH_REDIS_URL`` is set), exactly as ``../shared/eval/product_eval.py`` sends it,
and is scored the same way. Every figure is printed for the whole set and for the two halves
of a fixed split by site (``A``: tune on it; ``B``: confirm on it), beside the peer a user
would otherwise run where there is one (langdetect; the bare spaCy model). ``malformed text``
is the malformed set with each page's text dump in place of its HTML.

``--keep DIR`` writes each set's payloads and records there; ``--misses SET`` lists that
set's wrong rows (key, site, half, expected, got). Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.product.peers import PEERS
from benchmarks.product.score import SCORERS, Pair, day_verdict
from benchmarks.product.sets import SETS, DevSet, Item, got_day, got_text, half, load, use_data

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_ENRICH = ROOT / ".venv" / "bin" / "enrich"


def enrich_run(enrich: Path, items: Sequence[Item], keep: Path | None, name: str) -> dict[str, Any]:
    """Records by id from one `enrich run` over the items' payloads."""
    work = keep or Path(tempfile.mkdtemp(prefix="eval-product-"))
    stem = name.replace(" ", "-")
    src, out = work / f"{stem}.in.jsonl", work / f"{stem}.out.jsonl"
    src.write_text(
        "".join(json.dumps(i.payload, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ENRICH_REDIS_URL", "REDIS_URL")}
    proc = subprocess.run(
        [str(enrich), "run", str(src), "-o", str(out)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    if not out.exists():
        sys.exit(f"enrich run failed ({proc.returncode}): {proc.stderr[-800:]}")
    records = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line)
    return {str(r.get("id")): r for r in records}


def figures(dev: DevSet, pairs: Sequence[Pair]) -> list[tuple[str, dict[str, float], int]]:
    """The set's figures for all items, half A and half B."""
    rows = [("all", pairs), *((h, [p for p in pairs if half(p[0].site) == h]) for h in "AB")]
    return [(name, SCORERS[dev.kind](group), len(group)) for name, group in rows if group]


def show(values: dict[str, float]) -> str:
    return "  ".join(
        f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items()
    )


def misses(dev: DevSet, pairs: Sequence[Pair]) -> None:
    for item, record in pairs:
        if dev.kind == "day" and day_verdict(item, record) != "correct":
            evidence = ((record or {}).get("published") or {}).get("evidence") or []
            got = got_day(record)
            print(
                f"  {item.key} [{half(item.site)}] {item.site} {item.extra or ''}: "
                f"expected {item.truth}, got {got}  {evidence[:2]}"
            )
        elif dev.kind == "extraction":
            text = got_text(record)
            if len(text) < 0.9 * len(item.truth) or len(text) > 1.1 * len(item.truth):
                print(
                    f"  {item.key} [{half(item.site)}] {item.site}: "
                    f"{len(item.truth)} characters expected, {len(text)} out"
                )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SETS), help="sets, comma-separated")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--enrich", type=Path, default=DEFAULT_ENRICH)
    parser.add_argument("--keep", type=Path, help="write payloads and records here")
    parser.add_argument("--misses", default="", help="list the misses of these sets")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no dev data at {args.data}; nothing to evaluate")
        return 0
    use_data(args.data)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"{'figure':22}{'part':6}{'n':>6}  scores")
    for name in args.only.split(","):
        dev = SETS[name.strip()]
        items = list(dev.items(load(args.data / dev.file)))
        started = time.monotonic()
        records = enrich_run(args.enrich, items, args.keep, dev.name)
        pairs = [(item, records.get(item.key)) for item in items]
        for part, values, n in figures(dev, pairs):
            print(f"{dev.name:22}{part:6}{n:>6}  {show(values)}")
        for peer, values in PEERS.get(dev.kind, lambda p: [])(pairs):
            print(f"{'':22}{peer:6}{len(pairs):>6}  {show(values)}")
        print(f"{'':22}({time.monotonic() - started:.0f} s)", flush=True)
        if dev.name in args.misses.split(","):
            misses(dev, pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
