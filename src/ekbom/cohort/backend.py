"""Where cohort SQL runs: one DuckDB-dialect SQL source, executed by a backend.

Every module of `ekbom.cohort` writes its SQL once, in DuckDB's dialect, and runs it through a
`Connection`: DuckDB's own connection, or a wrapper that transpiles the statement to the
server's dialect (Postgres, Spark) before running it. Knowledge constants and user values reach
SQL only as bound parameters or as small loaded tables.

A `Backend` adds what differs between engines beyond a statement: writing a query's rows to a
file, writing them back to a results table, and closing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Cursor(Protocol):
    """The result of `Connection.execute`: rows are fetched only for small answers."""

    def fetchone(self) -> tuple[Any, ...] | None: ...

    def fetchall(self) -> list[tuple[Any, ...]]: ...


class Connection(Protocol):
    """Runs DuckDB-dialect SQL with `?` parameters (DuckDB's own connection fits)."""

    def execute(self, query: str, parameters: Sequence[Any] | None = None, /) -> Any: ...

    def executemany(self, query: str, parameters: Sequence[Sequence[Any]], /) -> Any: ...


def table_exists(con: Connection, name: str) -> bool:
    """Whether a table or view (temporary ones included) of this name is visible on `con`.

    A connection wrapper that knows better (Spark's catalog) answers through its own
    `has_table`; otherwise the portable `information_schema.tables` is asked.
    """
    own = getattr(con, "has_table", None)
    if callable(own):
        return bool(own(name))
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE lower(table_name) = ?",
        [name.lower()],
    ).fetchone()
    return bool(row and row[0])


def identifier(name: str, what: str) -> str:
    """A schema or table name the user gave, checked before it is put into SQL text.

    Raises:
        ValueError: the name is not a plain SQL identifier.
    """
    if not _IDENTIFIER.match(name):
        raise ValueError(f"{what} {name!r} is not a plain name (letters, digits, underscore)")
    return name


class Backend:
    """A connection plus the engine-specific steps of a cohort run."""

    engine: str = "duckdb"

    def __init__(self, con: Connection, *, vocab_schema: str = "main") -> None:
        self.con = con
        self.vocab_schema = vocab_schema

    def scalar(self, query: str, parameters: Sequence[Any] | None = None) -> Any:
        """The first column of the first row (for counts and small answers)."""
        row = self.con.execute(query, parameters).fetchone()
        return None if row is None else row[0]

    def rows(self, query: str, parameters: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row of a small answer (aggregates; never event rows)."""
        return list(self.con.execute(query, parameters).fetchall())

    def has_table(self, name: str) -> bool:
        """Whether a table or view of this name is visible (any schema on the search path)."""
        return table_exists(self.con, name)

    def export(self, query: str, path: Path, file_format: str) -> None:
        """Write the rows of `query` to `path` as `csv` (with a header) or `parquet`."""
        options = "FORMAT csv, HEADER true" if file_format == "csv" else "FORMAT parquet"
        self.con.execute(f"COPY ({query}) TO '{_path_literal(path)}' ({options})")

    def write_results(self, query: str, schema: str | None, table: str) -> str:
        """Replace `schema.table` with the rows of `query`; returns the qualified name."""
        name = identifier(table, "results table")
        qualified = f"{identifier(schema, 'results schema')}.{name}" if schema else name
        if schema:
            self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        self.con.execute(f"CREATE OR REPLACE TABLE {qualified} AS {query}")
        return qualified

    def close(self) -> None:
        close = getattr(self.con, "close", None)
        if close is not None:
            close()


def _path_literal(path: Path) -> str:
    return str(path).replace("'", "''")


_LINE = re.compile(r"\bline[:\s]+(\d+)", re.IGNORECASE)
_COLUMN = re.compile(r'column[:\s]+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)


def load_error(error: BaseException) -> str:
    """Where a file's rows failed to load, without repeating the offending value (privacy)."""
    text = str(error)
    parts = []
    column = _COLUMN.search(text)
    if column:
        parts.append(f"column {column.group(1)}")
    line = _LINE.search(text)
    if line:
        parts.append(f"line {line.group(1)}")
    where = f" ({', '.join(parts)})" if parts else ""
    return f"a row does not fit the CDM 5.4 column types{where}"
