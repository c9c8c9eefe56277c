"""Session fixtures for the engine tests: a private Postgres cluster, one Spark session, the
Synthea27Nj shard and a 10,000-person population loaded into both, and the CLI run in-process
(`ekbom.cli.main`, so exit statuses and the one-line errors are those a user sees)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cohort_engines.population import make_population
from tests.cohort_engines.servers import (
    Cluster,
    load_postgres,
    load_spark,
    postgres_cluster,
    spark_session,
)
from tests.conftest import require_shared

SHARD = "omop-synthea27nj"
AS_OF = "2009-09-10"
POPULATION = 10_000
SEED = 20261124


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> CliResult:
    """`ekbom ARGS` in this process, as `main()` maps errors to exit statuses."""
    from ekbom.cli import main

    capsys.readouterr()
    saved = sys.argv
    sys.argv = ["ekbom", *args]
    code = 0
    try:
        main()
    except SystemExit as done:
        code = int(done.code or 0)
    finally:
        sys.argv = saved
    out = capsys.readouterr()
    return CliResult(code, out.out, out.err)


@pytest.fixture(scope="session")
def shard() -> Path:
    return require_shared(SHARD)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    with postgres_cluster() as running:
        yield running


@pytest.fixture(scope="session")
def pg_shard(cluster: Cluster, shard: Path) -> str:
    """Synthea27Nj in schemas `cdm` and `vocab` (CSV copied as it is: "" stays '')."""
    load_postgres(cluster.url(), shard, cdm="cdm", vocab="vocab")
    return cluster.url()


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    warehouse = Path(tempfile.mkdtemp(prefix="ekbom-spark-"))
    session = spark_session(warehouse)
    yield session
    session.stop()
    shutil.rmtree(warehouse, ignore_errors=True)


@pytest.fixture(scope="session")
def spark_shard(spark: Any, shard: Path) -> str:
    """Synthea27Nj as Parquet tables of the catalog databases `cdm` and `vocab`."""
    load_spark(spark, shard, cdm="cdm", vocab="vocab")
    return "spark:cdm"


@pytest.fixture(scope="session")
def population(shard: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 persons as a Parquet folder, with `index.csv`."""
    folder = tmp_path_factory.mktemp("population")
    make_population(shard, POPULATION, SEED, folder)
    return folder


@pytest.fixture(scope="session")
def pg_population(cluster: Cluster, population: Path) -> str:
    load_postgres(cluster.url(), population, cdm="pop", vocab="pop_vocab")
    return cluster.url()


@pytest.fixture(scope="session")
def spark_population(spark: Any, population: Path) -> str:
    load_spark(spark, population, cdm="pop", vocab="pop_vocab")
    return "spark:pop"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
