"""Benchmark of `ekbom cohort` on generated OMOP populations, against DuckDB's own scan.

For each population size it generates (once, cached in benchmarks/data/, gitignored) a
population with `ekbom synth --density synthea --format omop-parquet` and an index file with
one index date per person (spread over a year), then measures in the same run:

  scan    DuckDB (2 threads) reading every column the screen reads, from the same Parquet files
          (a hash of every value, so each one is decoded): the floor;
  screen  `ekbom cohort DIR --index index.csv --threads 2 --out OUT` in a fresh process: the
          full screen of every factor, findings written (CSV, Parquet, persons, report).

Cold = the first run of each (a fresh process; the OS page cache may still hold the files),
warm = the best of the repeats. Peak memory is the screen process's maximum resident set size.
Targets (issue 4): at 1,000,000 persons, screen <= 3 x scan and < 30 s, peak memory < 6 GB,
and time linear in persons from 10,000 to 1,000,000 (the table shows seconds per 1,000
persons at each size).

    python benchmarks/bench_cohort.py                          # 10k, 100k, 1M
    python benchmarks/bench_cohort.py --persons 10000 100000   # a shorter curve
    python benchmarks/bench_cohort.py --quick                  # smoke run: 300 persons, once
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
RESULTS = ROOT / "results"
THREADS = 2

SCANNED: dict[str, tuple[str, ...]] = {
    "person": (
        "person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth",
        "birth_datetime",
    ),
    "observation_period": (
        "person_id", "observation_period_start_date", "observation_period_end_date",
    ),
    "death": ("person_id", "death_date"),
    "condition_occurrence": (
        "condition_occurrence_id", "person_id", "condition_concept_id",
        "condition_source_concept_id", "condition_start_date", "condition_end_date",
    ),
    "measurement": (
        "measurement_id", "person_id", "measurement_concept_id",
        "measurement_source_concept_id", "measurement_date", "value_as_number",
        "operator_concept_id", "unit_concept_id", "unit_source_value",
    ),
    "drug_exposure": (
        "drug_exposure_id", "person_id", "drug_concept_id", "drug_exposure_start_date",
        "drug_exposure_end_date",
    ),
    "procedure_occurrence": (
        "procedure_occurrence_id", "person_id", "procedure_concept_id",
        "procedure_source_concept_id", "procedure_date",
    ),
    "observation": (
        "observation_id", "person_id", "observation_concept_id",
        "observation_source_concept_id", "observation_date", "value_as_concept_id",
    ),
}  # fmt: skip
"""The CDM columns the screen reads (src/ekbom/cohort/events.py and index.py)."""


def population(persons: int, seed: int) -> Path:
    """The cached OMOP folder of a generated population (generated on first use)."""
    folder = DATA / f"synthea-{persons}-{seed}"
    omop = folder / "omop"
    if not (omop / "person.parquet").exists() and not (omop / "person").is_dir():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ekbom", "synth", "--persons", str(persons), "--seed",
             str(seed), "--format", "omop-parquet", "--density", "synthea", "--threads",
             str(THREADS), "--out", str(folder)],
            check=True,
        )  # fmt: skip
        print(f"generated {persons:,} persons in {time.perf_counter() - started:.1f} s")
    index = folder / "index.csv"
    if not index.exists():
        import duckdb

        con = duckdb.connect()
        con.execute(
            f"COPY (SELECT person_id, DATE '2024-12-31' - CAST(hash(person_id) % 365 AS INTEGER)"
            f" AS index_date FROM read_parquet('{_table(omop, 'person')}') ORDER BY person_id) "
            f"TO '{index}' (HEADER, DELIMITER ',')"
        )
    return folder


def _table(omop: Path, name: str) -> str:
    path = omop / f"{name}.parquet"
    return str(path) if path.exists() else str(omop / name / "*.parquet")


def scan(omop: Path) -> float:
    """Seconds DuckDB (2 threads) takes to decode every column the screen reads."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}")
    started = time.perf_counter()
    for table, columns in SCANNED.items():
        path = omop / f"{table}.parquet"
        if not path.exists() and not (omop / table).is_dir():
            continue
        # hash() of every value: Parquet statistics cannot answer it, so each value is decoded.
        con.execute(
            f"SELECT count(*), sum(hash({', '.join(columns)})) "
            f"FROM read_parquet('{_table(omop, table)}')"
        )
        con.fetchall()
    return time.perf_counter() - started


def screen(folder: Path, out: Path) -> tuple[float, int]:
    """Seconds and peak resident memory (bytes) of one `ekbom cohort` run."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "ekbom", "cohort", str(folder / "omop"), "--index",
         str(folder / "index.csv"), "--threads", str(THREADS), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="300 persons, one repeat")
    args = parser.parse_args()
    sizes = [300] if args.quick else args.persons
    repeat = 1 if args.quick else args.repeat
    rows: list[dict[str, Any]] = []
    for persons in sizes:
        folder = population(persons, args.seed)
        out = folder / "screen"
        scans = [scan(folder / "omop") for _ in range(repeat)]
        runs = [screen(folder, out) for _ in range(repeat)]
        row = {
            "persons": persons,
            "scan_cold_s": round(scans[0], 3),
            "scan_warm_s": round(min(scans), 3),
            "screen_cold_s": round(runs[0][0], 3),
            "screen_warm_s": round(min(r[0] for r in runs), 3),
            "peak_rss_gb": round(max(r[1] for r in runs) / 1e9, 2),
        }
        row["ratio_warm"] = round(row["screen_warm_s"] / max(row["scan_warm_s"], 1e-9), 1)
        row["s_per_1000_persons"] = round(row["screen_warm_s"] / persons * 1000, 4)
        rows.append(row)
        print(json.dumps(row))
    machine = {
        "cpu": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load": os.getloadavg(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    name = f"cohort-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    (RESULTS / name).write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))
    print(
        "| persons | scan warm s | screen cold s | screen warm s | ratio | s/1k persons | peak GB |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['persons']:,} | {r['scan_warm_s']} | {r['screen_cold_s']} | "
            f"{r['screen_warm_s']} | {r['ratio_warm']} | {r['s_per_1000_persons']} | "
            f"{r['peak_rss_gb']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
