"""`ekbom cohort` on Postgres and Spark gives DuckDB's findings on Synthea27Nj (CLI runs)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.cohort_engines.conftest import AS_OF, read, run_cli

OUTPUTS = ("findings.csv", "persons.csv", "excluded.csv")
INDEX_ROWS = [
    ("11", "2009-09-10"),  # ferritin 69.5 ug/L, TSAT 18.1 % on 2009-09-03
    ("11", "2005-01-01"),  # ferritin 130.2 ug/L, TSAT 51.8 % on 2004-08-11
    ("11", "2009-12-01"),  # after death (2009-09-14), when observation ended
    ("1", "2009-09-10"),
    ("2", "2016-03-01"),
    ("5", "2012-07-15"),
    ("999999", "2009-09-10"),  # unknown person
]


def _index_file(folder: Path) -> Path:
    path = folder / "index.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person_id", "index_date"])
        writer.writerows(INDEX_ROWS)
    return path


@pytest.fixture(scope="module")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _index_file(tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="module")
def duckdb_runs(
    shard: Path, index_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    capsys = _NoCapture()
    runs = {}
    for name, choice in (("as-of", ["--as-of", AS_OF]), ("index", ["--index", str(index_file)])):
        out = tmp_path_factory.mktemp(f"duckdb-{name}")
        result = run_cli(["cohort", str(shard), *choice, "--out", str(out)], capsys)  # type: ignore[arg-type]
        assert result.code == 0, result.stderr
        runs[name] = out
    return runs


class _NoCapture:
    """run_cli's capsys for a module fixture (the outputs are files; nothing to read)."""

    def readouterr(self) -> Any:
        class _Out:
            out = ""
            err = ""

        return _Out()


def _finding(out: Path, person: str, day: str, factor: str) -> tuple[str, str]:
    with (out / "findings.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if (row["person_id"], row["index_date"], row["factor"]) == (person, day, factor):
                return row["status"], row["basis"]
    raise AssertionError(f"no finding {person} {day} {factor}")


def _same(out: Path, reference: Path) -> None:
    for name in OUTPUTS:
        assert read(out / name) == read(reference / name), name
    assert read(reference / "findings.csv").count("\n") > 150


def test_reference_run_judges_person_11(duckdb_runs: dict[str, Path]) -> None:
    out = duckdb_runs["index"]
    assert _finding(out, "11", "2009-09-10", "iron-deficiency")[0] == "present"
    assert _finding(out, "11", "2005-01-01", "iron-deficiency")[0] == "absent"
    excluded = read(out / "excluded.csv")
    assert "11,2009-12-01,outside-observation" in excluded  # observed until death
    assert "999999,2009-09-10,unknown-person" in excluded


@pytest.mark.parametrize("choice", ["as-of", "index"])
def test_postgres_gives_duckdb_findings(
    choice: str,
    pg_shard: str,
    index_file: Path,
    duckdb_runs: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chosen = ["--as-of", AS_OF] if choice == "as-of" else ["--index", str(index_file)]
    result = run_cli(
        [
            "cohort",
            pg_shard,
            *chosen,
            "--cdm-schema",
            "cdm",
            "--vocab-schema",
            "vocab",
            "--out",
            str(tmp_path),
        ],
        capsys,
    )
    assert result.code == 0, result.stderr
    _same(tmp_path, duckdb_runs[choice])
    assert '"engine": "postgres"' in read(tmp_path / "summary.json")
    assert "ekbom-test-secret" not in read(tmp_path / "summary.json") + result.stdout


def test_results_table_on_postgres(
    pg_shard: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    result = run_cli(
        [
            "cohort",
            pg_shard,
            "--as-of",
            AS_OF,
            "--cdm-schema",
            "cdm",
            "--vocab-schema",
            "vocab",
            "--results-schema",
            "results",
            "--results-table",
            "ekbom_findings",
            "--out",
            str(tmp_path),
        ],
        capsys,
    )
    assert result.code == 0, result.stderr
    rows = read(tmp_path / "findings.csv").count("\n") - 1
    with psycopg.connect(pg_shard) as con:
        stored = con.execute(b"SELECT count(*) FROM results.ekbom_findings").fetchone()
    assert stored is not None and stored[0] == rows
