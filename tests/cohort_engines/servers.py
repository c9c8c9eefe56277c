"""Real engines for the cohort engine tests and benchmark: a private PostgreSQL cluster on
127.0.0.1 and one local Spark session, and loaders that put an OMOP folder into each.

The cluster is made by `initdb` in a fresh folder owned by the `postgres` user (through
`runuser -u postgres` when running as root, as CI does), listens on a free port of 127.0.0.1
only, and is stopped by the PID in its `postmaster.pid`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PG_BIN = Path(os.environ.get("EKBOM_PG_BIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "ekbom-test-secret"
TYPES = {"VARCHAR": "TEXT", "DOUBLE": "DOUBLE PRECISION"}


@dataclass(frozen=True)
class Cluster:
    port: int
    folder: Path

    def url(self, password: str = PASSWORD, database: str = "postgres") -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{database}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Cluster]:
    """A running private cluster (superuser `postgres`, password `PASSWORD`), stopped after."""
    folder = Path(tempfile.mkdtemp(prefix="ekbom-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    secret = folder / "pw"
    secret.write_text(PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(secret, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "scram-sha-256",
                f"--pwfile={secret}",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c shared_buffers=256MB -c work_mem=64MB -c max_parallel_workers_per_gather=0"
    )
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    pid = int((data / "postmaster.pid").read_text().split()[0])
    try:
        yield Cluster(port, folder)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)  # fast shutdown
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)


def _tables() -> dict[str, dict[str, str]]:
    from ekbom.cohort.events import CDM_TABLES
    from ekbom.cohort.vocabulary import TABLES

    return {**CDM_TABLES, **TABLES}


def _schema_of(table: str, cdm: str, vocab: str) -> str:
    from ekbom.cohort.events import CDM_TABLES

    return cdm if table in CDM_TABLES else vocab


def load_postgres(url: str, folder: Path, *, cdm: str = "cdm", vocab: str = "vocab") -> None:
    """The OMOP tables of `folder` into typed tables of schemas `cdm` and `vocab`.

    CSV files are copied as they are (so a quoted "" stays an empty string, as a real COPY
    load leaves it); Parquet files are written to CSV by DuckDB first.
    """
    import duckdb
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for schema in {cdm, vocab}:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE".encode())
            con.execute(f"CREATE SCHEMA {schema}".encode())
        files = {p.name.lower().rsplit(".", 1)[0]: p for p in folder.iterdir()}
        for table, columns in _tables().items():
            schema = _schema_of(table, cdm, vocab)
            ddl = ", ".join(f"{n} {TYPES.get(k, k)}" for n, k in columns.items())
            con.execute(f"CREATE TABLE {schema}.{table} ({ddl})".encode())
            path = files.get(table)
            if path is None:
                continue
            with tempfile.TemporaryDirectory() as scratch:
                if path.suffix.lower() == ".parquet" or path.is_dir():
                    csv = Path(scratch) / "t.csv"
                    source = str(path / "*.parquet") if path.is_dir() else str(path)
                    names = ", ".join(columns)
                    duckdb.sql(
                        f"COPY (SELECT {names} FROM read_parquet('{source}')) TO '{csv}' "
                        "(HEADER, DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')"
                    )
                    path = csv
                with (
                    con.cursor() as cursor,
                    path.open("rb") as handle,
                    cursor.copy(
                        f"COPY {schema}.{table} FROM STDIN WITH (FORMAT csv, HEADER true)".encode()
                    ) as copy,
                ):
                    while block := handle.read(1 << 20):
                        copy.write(block)
            # The indexes of the OHDSI CDM DDL that a screen uses (real instances have them).
            for column in ("person_id", "concept_id", "concept_id_1", "descendant_concept_id"):
                if column in columns:
                    con.execute(f"CREATE INDEX ON {schema}.{table} ({column})".encode())
            con.execute(f"ANALYZE {schema}.{table}".encode())


def spark_session(warehouse: Path) -> Any:
    """The one local Spark session (local[2], loopback only, no UI)."""
    from ekbom.cohort.spark import session

    return session(warehouse=warehouse)


def load_spark(spark: Any, folder: Path, *, cdm: str = "cdm", vocab: str = "vocab") -> None:
    """The OMOP tables of `folder` as Parquet tables of the catalog databases `cdm`, `vocab`."""
    from ekbom.cohort.spark import register_folder

    for schema in {cdm, vocab}:
        spark.sql(f"DROP DATABASE IF EXISTS {schema} CASCADE")
        spark.sql(f"CREATE DATABASE {schema}")
    views = register_folder(spark, folder, prefix="ekbom_load_")
    for table in _tables():
        schema = _schema_of(table, cdm, vocab)
        spark.table(views[table]).write.mode("overwrite").saveAsTable(f"{schema}.{table}")
        spark.catalog.dropTempView(views[table])
