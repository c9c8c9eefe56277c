"""Time `ekbom cohort` on Postgres and Spark (local mode) against DuckDB, for N persons.

    .venv/bin/python benchmarks/bench_cohort_engines.py --persons 100000

Generates the population (tests/cohort_engines/population.py: Synthea27Nj persons as templates,
moved and varied by DuckDB SQL), starts a private Postgres cluster on 127.0.0.1 and loads it
(schemas `pop`, `pop_vocab`), then runs the full screen (every factor, per-person index dates
from `index.csv`, findings written) through the command line: DuckDB on the Parquet folder,
Postgres on the cluster, Spark on the Parquet folder (`spark:DIR`, local[2], JVM start-up
included). Each engine runs twice (the first run is cold for the engine, the second warm for
the OS cache). Findings are compared between engines. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.cohort_engines.population import make_population  # noqa: E402
from tests.cohort_engines.servers import load_postgres, postgres_cluster  # noqa: E402
from tests.conftest import shared_data  # noqa: E402

EKBOM = str(ROOT / ".venv" / "bin" / "ekbom")


def _run(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([EKBOM, "cohort", *args], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ekbom cohort failed ({done.returncode}): {done.stderr[-2000:]}")
    return round(elapsed, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--engines", default="duckdb,postgres,spark")
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    # A terminated benchmark still stops its Postgres cluster (the `finally` of the fixture).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    engines = options.engines.split(",")
    figures: dict[str, object] = {"persons": options.persons}
    with tempfile.TemporaryDirectory(prefix="ekbom-bench-") as scratch:
        folder = Path(scratch) / "population"
        started = time.perf_counter()
        index = make_population(
            shared_data() / "omop-synthea27nj", options.persons, options.seed, folder
        )
        figures["generate_s"] = round(time.perf_counter() - started, 1)
        import duckdb

        figures["rows"] = {
            t: duckdb.sql(f"SELECT count(*) FROM '{folder / t}.parquet'").fetchall()[0][0]
            for t in (
                "person",
                "condition_occurrence",
                "drug_exposure",
                "measurement",
                "procedure_occurrence",
                "observation",
            )
        }
        outs: dict[str, Path] = {}
        common = ["--index", str(index)]
        if "duckdb" in engines:
            outs["duckdb"] = Path(scratch) / "duckdb"
            figures["duckdb_s"] = [
                _run([str(folder), *common, "--threads", "2", "--out", str(outs["duckdb"])])
                for _ in range(options.runs)
            ]
        if "postgres" in engines:
            with postgres_cluster() as cluster:
                started = time.perf_counter()
                load_postgres(cluster.url(), folder, cdm="pop", vocab="pop_vocab")
                figures["postgres_load_s"] = round(time.perf_counter() - started, 1)
                outs["postgres"] = Path(scratch) / "postgres"
                figures["postgres_s"] = [
                    _run(
                        [
                            cluster.url(),
                            *common,
                            "--cdm-schema",
                            "pop",
                            "--vocab-schema",
                            "pop_vocab",
                            "--out",
                            str(outs["postgres"]),
                        ]
                    )
                    for _ in range(options.runs)
                ]
        if "spark" in engines:
            outs["spark"] = Path(scratch) / "spark"
            figures["spark_s"] = [
                _run([f"spark:{folder}", *common, "--out", str(outs["spark"])])
                for _ in range(options.runs)
            ]
        names = list(outs)
        figures["identical_findings"] = all(
            (outs[n] / "findings.csv").read_bytes()
            == (outs[names[0]] / "findings.csv").read_bytes()
            for n in names
        )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
