"""Inject each fault against a local Redis (AOF on) and print the ledger.

For N payloads pushed, every payload must end exactly once: one record on the output or
one dead letter, never both, never neither, never twice. Repeated faults (kills, CLIENT
KILL) go on while the payloads are pushed, then stop; the run then waits for every payload
to end, and "recover" is the longest wait, after any fault, for the next article to finish.

    python benchmarks/fault_ledger.py --payloads 10000
    python benchmarks/fault_ledger.py --payloads 300 --only "CLIENT KILL" --keep /tmp/faults
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.faults.scenarios import SCENARIOS, Result, run
from worker.local.embedded import free_port


def print_row(result: Result) -> None:
    led = result.ledger
    print(
        f"{result.scenario:38s} {led.pushed:7d} {led.enriched:8d} {led.dead:5d} {led.lost:5d} "
        f"{led.duplicated:5d} {led.reexecutions:6d} {led.suppressed:7d} "
        f"{result.recovery:8.1f} {result.seconds:7.0f}",
        flush=True,
    )
    for note in result.notes:
        print(f"{'':40s}{note}", flush=True)
    if led.lost_ids:
        print(f"{'':40s}lost, e.g.: {', '.join(led.lost_ids)}", flush=True)


def _named(name: str, wanted: list[str]) -> bool:
    return any(part.lower() in name.lower() for part in wanted)


def _kept(root: Path, name: str) -> Path:
    folder = root / "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--payloads", type=int, default=10_000)
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only the scenarios whose name contains NAME (any case; repeatable): "
        + "; ".join(s.name for s in SCENARIOS),
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        help="spread the pushes over this many seconds (default: as fast as possible)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep each scenario's Redis data and worker logs under DIR (default: deleted)",
    )
    args = parser.parse_args()
    chosen = [s for s in SCENARIOS if not args.only or _named(s.name, args.only)]
    if not chosen:
        parser.error(f"no scenario is named like {args.only}; see --help for the names")
    print(
        f"{'scenario':38s} {'pushed':>7s} {'enriched':>8s} {'dead':>5s} {'lost':>5s} "
        f"{'dup':>5s} {'re-ex':>6s} {'suppr':>7s} {'recover':>8s} {'secs':>7s}"
    )
    failed = False
    for scenario in chosen:
        with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
            workdir = Path(tmp) if args.keep is None else _kept(args.keep, scenario.name)
            result = run(scenario, workdir, free_port(), args.payloads, duration=args.duration)
        print_row(result)
        failed |= bool(result.ledger.lost or result.ledger.duplicated)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
