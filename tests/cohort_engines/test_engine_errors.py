"""Bad Postgres and Spark sources end with exit 2 and one line naming what is wrong: never a
traceback, never a password, never a silently empty result."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.cohort_engines.conftest import AS_OF, CliResult, run_cli
from tests.cohort_engines.servers import PASSWORD, Cluster, free_port


def _one_line_error(result: CliResult, *needles: str) -> str:
    assert result.code == 2, (result.code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ekbom: error: ")
    assert "Traceback" not in result.stderr
    assert PASSWORD not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _cohort(source: str, out: Path, *extra: str) -> list[str]:
    return ["cohort", source, "--as-of", AS_OF, "--out", str(out), *extra]


def test_unreachable_port(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{free_port()}/postgres"
    result = run_cli(_cohort(url, tmp_path / "out"), capsys)
    _one_line_error(result, "cannot connect", "no server answered")
    assert not (tmp_path / "out" / "findings.csv").exists()


def test_wrong_password(
    cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(_cohort(cluster.url(password="not-it"), tmp_path), capsys)
    line = _one_line_error(result, "login was refused")
    assert "not-it" not in line


def test_wrong_schema(pg_shard: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(_cohort(pg_shard, tmp_path, "--cdm-schema", "omop_cdm"), capsys)
    _one_line_error(result, "has no schema 'omop_cdm'")


@pytest.fixture(scope="module")
def broken_schemas(pg_shard: str) -> str:
    """`nopers`: the shard without PERSON; `badtype`: MEASUREMENT.value_as_number as text."""
    with psycopg.connect(pg_shard, autocommit=True) as con:
        for schema in ("nopers", "badtype"):
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE".encode())
            con.execute(f"CREATE SCHEMA {schema}".encode())
            for (table,) in con.execute(
                b"SELECT table_name FROM information_schema.tables WHERE table_schema = 'cdm'"
            ).fetchall():
                con.execute(f"CREATE TABLE {schema}.{table} AS TABLE cdm.{table}".encode())
        con.execute(b"DROP TABLE nopers.person")
        con.execute(b"ALTER TABLE badtype.measurement ALTER COLUMN value_as_number TYPE text")
    return pg_shard


def test_missing_table(
    broken_schemas: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(
        _cohort(broken_schemas, tmp_path, "--cdm-schema", "nopers", "--vocab-schema", "vocab"),
        capsys,
    )
    _one_line_error(result, "PERSON")


def test_wrong_column_type(
    broken_schemas: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(
        _cohort(broken_schemas, tmp_path, "--cdm-schema", "badtype", "--vocab-schema", "vocab"),
        capsys,
    )
    _one_line_error(result, "badtype.measurement.value_as_number is text", "expected double")


def test_not_a_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(_cohort("postgresql://u:p@127.0.0.1:notaport/db", tmp_path), capsys)
    _one_line_error(result)


@pytest.mark.usefixtures("spark")
def test_spark_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(_cohort("spark:no_such_db", tmp_path), capsys)
    _one_line_error(result, "has no database 'no_such_db'")


@pytest.mark.usefixtures("spark")
def test_spark_missing_table(
    shard: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cdm"
    folder.mkdir()
    for path in shard.glob("*.csv"):
        if path.name != "PERSON.csv":
            (folder / path.name).symlink_to(path)
    result = run_cli(_cohort(f"spark:{folder}", tmp_path / "out"), capsys)
    _one_line_error(result, "PERSON")


@pytest.mark.usefixtures("spark")
def test_spark_wrong_column_type(
    shard: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import duckdb

    folder = tmp_path / "cdm"
    folder.mkdir()
    for path in shard.glob("*.csv"):
        if path.name != "MEASUREMENT.csv":
            (folder / path.name).symlink_to(path)
    duckdb.sql(
        f"COPY (SELECT * REPLACE (CAST(measurement_date AS VARCHAR) || 'x' AS measurement_date) "
        f"FROM read_csv('{shard / 'MEASUREMENT.csv'}')) TO '{folder / 'measurement.parquet'}' "
        "(FORMAT parquet)"
    )
    result = run_cli(_cohort(f"spark:{folder}", tmp_path / "out"), capsys)
    _one_line_error(result, "column measurement_date is string", "expected date")
