"""Open the SOURCE of `ekbom cohort`: a folder of CDM tables, a DuckDB file, Postgres or Spark.

A folder of OMOP CDM v5.4 tables (CSV or Parquet, file names case-insensitive, a Parquet table
may also be a folder of Parquet files) is opened in an in-memory DuckDB: CSV files are streamed
into typed tables, Parquet files become typed views (DuckDB then reads only the columns a query
needs). A DuckDB file is attached as it is; `--cdm-schema` and `--vocab-schema` name where its
tables are. `postgresql://` URLs and `spark:` sources open through their extras.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.cohort.backend import Backend, identifier
from ekbom.cohort.events import CDM_TABLES, load_cdm_table
from ekbom.cohort.vocabulary import TABLES as VOCABULARY_TABLES
from ekbom.cohort.vocabulary import detect_layout, load_table
from ekbom.errors import InputError

if TYPE_CHECKING:
    import duckdb

REQUIRED = ("person", "observation_period", "concept")
"""Tables without which no screen can be made (an empty one is allowed, a missing one is not)."""


def describe(source: str) -> str:
    """The source as it may be printed: a URL without its password."""
    if source.startswith(("postgresql://", "postgres://")) and "@" in source:
        scheme, rest = source.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return source


def source_kind(source: str) -> str:
    """`folder`, `duckdb`, `postgres` or `spark`, from the SOURCE text."""
    if source.startswith(("postgresql://", "postgres://")):
        return "postgres"
    if source.startswith("spark:"):
        return "spark"
    path = Path(source)
    if path.is_dir():
        return "folder"
    if path.is_file():
        return "duckdb"
    raise InputError(source, "no such folder or DuckDB file (or give postgresql://... or spark:)")


def open_source(
    source: str,
    engine: str,
    *,
    cdm_schema: str | None = None,
    vocab_schema: str | None = None,
    threads: int | None = None,
) -> Backend:
    """A backend holding the CDM and vocabulary tables, ready for `ekbom.cohort.run`.

    Raises:
        InputError: the source cannot be opened, or it lacks a required table.
    """
    kind = source_kind(source)
    if engine == "duckdb" and kind in ("folder", "duckdb"):
        backend = _open_duckdb(source, kind, cdm_schema, vocab_schema, threads)
    elif engine == "postgres" and kind == "postgres":
        from ekbom.cohort.postgres import open_postgres

        backend = open_postgres(source, cdm_schema=cdm_schema, vocab_schema=vocab_schema)
    elif engine == "spark" and kind in ("spark", "folder"):
        from ekbom.cohort.spark import open_spark

        backend = open_spark(source, cdm_schema=cdm_schema, vocab_schema=vocab_schema)
    else:
        raise InputError(source, f"a {kind} source cannot be screened with --engine {engine}")
    missing = [t for t in REQUIRED if not backend.has_table(t)]
    if missing:
        backend.close()
        raise InputError(
            describe(source),
            f"has no {', '.join(t.upper() for t in missing)} table"
            " (expected OMOP CDM v5.4 tables; check --cdm-schema and --vocab-schema)",
        )
    return backend


def _open_duckdb(
    source: str,
    kind: str,
    cdm_schema: str | None,
    vocab_schema: str | None,
    threads: int | None,
) -> Backend:
    import duckdb

    if kind == "folder":
        con = duckdb.connect(":memory:")
        _threads(con, threads)
        load_folder(Path(source), con)
        return Backend(con, vocab_schema="main")
    try:
        con = duckdb.connect(source)
    except duckdb.Error as error:
        raise InputError(source, f"cannot open as a DuckDB file ({_first_line(error)})") from None
    _threads(con, threads)
    cdm = identifier(cdm_schema or "main", "--cdm-schema")
    vocab = identifier(vocab_schema or cdm, "--vocab-schema")
    for schema in {cdm, vocab}:
        found = con.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", [schema]
        ).fetchone()
        if not found or not found[0]:
            con.close()
            raise InputError(source, f"has no schema {schema!r}")
    con.execute(f"SET search_path = '{cdm},{vocab}'")
    return Backend(con, vocab_schema=vocab)


def _threads(con: duckdb.DuckDBPyConnection, threads: int | None) -> None:
    if threads:
        con.execute(f"SET threads = {int(threads)}")


def load_folder(folder: Path, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every CDM clinical and vocabulary table of a folder into `con` (missing ones empty)."""
    files = table_files(folder)
    missing = [t.upper() for t in REQUIRED if t not in files]
    if missing:
        raise InputError(
            str(folder),
            f"has no {', '.join(missing)} table file (expected OMOP CDM v5.4 tables as CSV or "
            "Parquet, one file per table)",
        )
    layout = detect_layout(folder) if files.get("concept", Path()).suffix == ".csv" else None
    counts: dict[str, int] = {}
    for table, columns in CDM_TABLES.items():
        counts[table] = _one(con, table, columns, files.get(table), csv=load_cdm_table)
    for table, columns in VOCABULARY_TABLES.items():
        path = files.get(table)

        def csv_loader(
            con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str], path: Path
        ) -> None:
            assert layout is not None
            load_table(con, table, columns, path, layout)

        counts[table] = _one(con, table, columns, path, csv=csv_loader)
    return counts


CsvLoader = Callable[["duckdb.DuckDBPyConnection", str, dict[str, str], Path], None]
"""Streams one CSV file into its existing typed table."""


def _one(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, str],
    path: Path | None,
    *,
    csv: CsvLoader,
) -> int:
    """Create one table from its CSV file, its Parquet file(s) as a typed view, or empty."""
    ddl = ", ".join(f"{name} {kind}" for name, kind in columns.items())
    if path is None:
        con.execute(f"CREATE OR REPLACE TABLE {table} ({ddl})")
        return 0
    if path.suffix == ".csv":
        con.execute(f"CREATE OR REPLACE TABLE {table} ({ddl})")
        csv(con, table, columns, path)
    else:
        pattern = str(path / "*.parquet") if path.is_dir() else str(path)
        try:
            present = {
                row[0].lower()
                for row in con.execute("SELECT name FROM parquet_schema(?)", [pattern]).fetchall()
            }
        except Exception as error:  # duckdb raises its own IOException/InvalidInputException
            raise InputError(
                str(path), f"not a readable Parquet file ({_first_line(error)})"
            ) from None
        select = ", ".join(
            f"CAST({name} AS {kind}) AS {name}"
            if name in present
            else f"CAST(NULL AS {kind}) AS {name}"
            for name, kind in columns.items()
        )
        con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT {select} "
            f"FROM read_parquet('{pattern.replace(chr(39), chr(39) * 2)}')"
        )
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def table_files(folder: Path) -> dict[str, Path]:
    """Each CDM table of a folder: `name.csv`, `name.parquet` or a folder of Parquet files
    (names case-insensitive; the first found wins)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        name = path.name.lower()
        for suffix in (".csv", ".parquet"):
            if name.endswith(suffix) and path.is_file():
                found.setdefault(name[: -len(suffix)], path)
        if path.is_dir() and any(path.glob("*.parquet")):
            found.setdefault(name, path)
    return found


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
