"""Times importing an assessment with 50 needs, in this process, on the database in DATABASE_URL.

Run by scripts/bench.py after it has migrated and seeded the database.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from app.data import councils
from app.db import unit_of_work
from app.imports import bring_in

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "assessments" / "good-50-needs.json"
RUNS = 20


def _with_reference(raw: bytes, reference: str) -> bytes:
    data = json.loads(raw)
    data["council_reference"] = reference
    return json.dumps(data).encode()


def main() -> None:
    raw = FIXTURE.read_bytes()
    created: list[float] = []
    unchanged: list[float] = []
    for run in range(RUNS):
        body = _with_reference(raw, f"BENCH-{run:04d}")
        for timings in (created, unchanged):
            started = time.perf_counter()
            with unit_of_work() as db:
                council = councils.get_council_by_slug(db, "demo")
                assert council is not None
                result = bring_in(db, council, body, "bench.json", "api")
                assert result.ok, result.problems
            timings.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "needs": 50,
                "runs": RUNS,
                "created_median_ms": round(statistics.median(created), 1),
                "created_p95_ms": round(sorted(created)[int(RUNS * 0.95) - 1], 1),
                "unchanged_median_ms": round(statistics.median(unchanged), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
