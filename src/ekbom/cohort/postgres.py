"""`ekbom cohort postgresql://...`: the cohort SQL run on a PostgreSQL OMOP CDM database.

The modules' DuckDB-dialect statements are translated by `ekbom.cohort.dialect` and run through
psycopg 3 in one session (autocommit): working tables are session temporary tables (dropped
with the session), each indexed by `person_id` when it has one and analysed, because
Postgres never analyses temporary tables by itself and the per-person subqueries need both.
Small constant tables arrive by COPY. Outputs leave by `COPY (query) TO STDOUT` streamed into
the file; Parquet is written from that CSV locally by DuckDB with the query's column types.
No event row is fetched into Python.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekbom.cohort.backend import Backend, identifier
from ekbom.cohort.dialect import POSTGRES, postgres_script, render, translate
from ekbom.cohort.events import CDM_TABLES
from ekbom.cohort.vocabulary import TABLES as VOCABULARY_TABLES
from ekbom.errors import InputError

if TYPE_CHECKING:
    import psycopg

ACCEPTED: dict[str, tuple[str, ...]] = {
    "BIGINT": ("bigint", "integer", "smallint", "numeric"),
    "INTEGER": ("integer", "bigint", "smallint", "numeric"),
    "DOUBLE": ("double precision", "real", "numeric", "integer", "bigint", "smallint"),
    "DATE": ("date",),
    "TIMESTAMP": ("timestamp without time zone", "timestamp with time zone", "date"),
    "VARCHAR": ("text", "character varying", "character"),
}
"""Postgres column types read as each CDM 5.4 type (information_schema `data_type`)."""

REQUIRED = ("person", "observation_period", "concept")

_PG_TYPES = {"VARCHAR": "TEXT", "DOUBLE": "DOUBLE PRECISION"}
_DUCKDB_BY_OID = {16: "BOOLEAN", 20: "BIGINT", 21: "SMALLINT", 23: "INTEGER", 700: "FLOAT"}
_DUCKDB_BY_OID |= {701: "DOUBLE", 1082: "DATE", 1114: "TIMESTAMP", 1700: "DOUBLE"}


class PostgresConnection:
    """DuckDB-dialect SQL with `?` parameters, run on a psycopg connection."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw
        self.statements = 0

    def execute(self, query: str, parameters: Sequence[Any] | None = None, /) -> Any:
        statement = translate(query, POSTGRES)
        values = list(parameters) if parameters is not None else []
        cursor = self.raw.cursor()
        for sql in postgres_script(statement):
            self.statements += 1
            cursor.execute(sql.encode(), values if "%s" in sql else [])
        if statement.kind == "create-table-as" and statement.temporary:
            assert statement.table is not None
            self._prepare(statement.table)
        return cursor

    def executemany(self, query: str, parameters: Sequence[Sequence[Any]], /) -> Any:
        statement = translate(query, POSTGRES)
        cursor = self.raw.cursor()
        plain = statement.kind == "insert" and re.fullmatch(
            r"VALUES \((%s)(, %s)*\)", statement.body
        )
        if plain:
            assert statement.table is not None
            self.statements += 1
            with cursor.copy(f"COPY {statement.table} FROM STDIN".encode()) as copy:
                for row in parameters:
                    copy.write_row(row)
            self._analyse(statement.table)
            return cursor
        for sql in postgres_script(statement):
            self.statements += 1
            cursor.executemany(sql.encode(), [list(row) for row in parameters])
        return cursor

    def has_table(self, name: str) -> bool:
        row = self.raw.execute(b"SELECT to_regclass(%s) IS NOT NULL", [name]).fetchone()
        return bool(row and row[0])

    def copy_out(self, query: str) -> Iterator[bytes]:
        """The CSV (with a header) of a DuckDB-dialect query, streamed in blocks."""
        sql = render(query, POSTGRES).replace("%%", "%")
        with self.raw.cursor() as cursor:
            self.statements += 1
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
                yield from (bytes(block) for block in copy)

    def columns(self, query: str) -> list[tuple[str, int]]:
        """Names and type OIDs of a query's columns (no row is read)."""
        sql = render(query, POSTGRES).replace("%%", "%")
        with self.raw.cursor() as cursor:
            cursor.execute(f"SELECT * FROM ({sql}) AS q LIMIT 0".encode())
            return [(c.name, c.type_code) for c in cursor.description or []]

    def close(self) -> None:
        self.raw.close()

    def _prepare(self, table: str) -> None:
        row = self.raw.execute(
            b"SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(%s) "
            b"AND attname = 'person_id' AND NOT attisdropped",
            [f"pg_temp.{table}"],
        ).fetchone()
        if row and row[0]:
            self.raw.execute(f"CREATE INDEX ON pg_temp.{table} (person_id)".encode())
        self._analyse(table)

    def _analyse(self, table: str) -> None:
        self.raw.execute(f"ANALYZE {table}".encode())


class PostgresBackend(Backend):
    """The cohort steps on Postgres (see the module)."""

    engine = "postgres"
    con: PostgresConnection

    def __init__(self, con: PostgresConnection, *, vocab_schema: str) -> None:
        super().__init__(con, vocab_schema=vocab_schema)

    def has_table(self, name: str) -> bool:
        return self.con.has_table(name)

    def export(self, query: str, path: Path, file_format: str) -> None:
        if file_format == "csv":
            with path.open("wb") as handle:
                for block in self.con.copy_out(query):
                    handle.write(block)
            return
        import duckdb

        columns = self.con.columns(query)
        spec = ", ".join(
            f"'{name}': '{_DUCKDB_BY_OID.get(oid, 'VARCHAR')}'" for name, oid in columns
        )
        with tempfile.TemporaryDirectory(prefix="ekbom-pg-") as scratch:
            staged = Path(scratch) / "rows.csv"
            self.export(query, staged, "csv")
            local = duckdb.connect()
            try:
                local.execute(
                    f"COPY (SELECT * FROM read_csv(?, header = true, auto_detect = false, "
                    f"columns = {{{spec}}})) TO '{_literal(path)}' (FORMAT parquet)",
                    [str(staged)],
                )
            finally:
                local.close()

    def write_results(self, query: str, schema: str | None, table: str) -> str:
        name = identifier(table, "results table")
        qualified = f"{identifier(schema, 'results schema')}.{name}" if schema else name
        raw = self.con.raw
        if schema:
            raw.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}".encode())
        sql = render(query, POSTGRES).replace("%%", "%")
        with raw.transaction():
            raw.execute(f"DROP TABLE IF EXISTS {qualified}".encode())
            raw.execute(f"CREATE TABLE {qualified} AS {sql}".encode())
        return qualified


def open_postgres(
    url: str, *, cdm_schema: str | None = None, vocab_schema: str | None = None
) -> PostgresBackend:
    """Connect to `url`, put the CDM and vocabulary schemas on the search path and check the
    tables' column types; CDM tables that are missing (other than PERSON, OBSERVATION_PERIOD
    and CONCEPT, which `open_source` requires) are created empty for the session.

    Raises:
        InputError: the server cannot be reached, the login fails, a schema is missing or a
            column has a type that is not its CDM 5.4 type (one line, never the password).
    """
    import psycopg

    shown = _describe(url)
    cdm = identifier(cdm_schema or "public", "--cdm-schema")
    vocab = identifier(vocab_schema or cdm, "--vocab-schema")
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise InputError(shown, f"cannot connect ({_reason(error, url)})") from None
    except Exception:  # a malformed URL (psycopg raises ProgrammingError or ValueError)
        raise InputError(shown, "is not a valid postgresql:// URL") from None
    try:
        for schema in dict.fromkeys((cdm, vocab)):
            row = raw.execute(
                b"SELECT count(*) FROM pg_namespace WHERE nspname = %s", [schema]
            ).fetchone()
            if not row or not row[0]:
                raise InputError(
                    shown, f"has no schema {schema!r} (check --cdm-schema and --vocab-schema)"
                )
        raw.execute(f"SET search_path TO {cdm}, {vocab}".encode())
        raw.execute(b"SET DateStyle TO ISO, YMD")
        raw.execute(b"SET client_min_messages TO warning")
        _check_tables(raw, shown, cdm, vocab)
    except BaseException:
        raw.close()
        raise
    return PostgresBackend(PostgresConnection(raw), vocab_schema=vocab)


def _check_tables(raw: psycopg.Connection[Any], shown: str, cdm: str, vocab: str) -> None:
    wanted = [(cdm, t, c) for t, c in CDM_TABLES.items()]
    wanted += [(vocab, t, c) for t, c in VOCABULARY_TABLES.items()]
    for schema, table, columns in wanted:
        found = dict(
            raw.execute(
                b"SELECT lower(column_name), data_type FROM information_schema.columns "
                b"WHERE table_schema = %s AND lower(table_name) = %s",
                [schema, table],
            ).fetchall()
        )
        if not found:
            if table in REQUIRED:
                continue  # open_source names every missing required table at once
            ddl = ", ".join(f"{n} {_PG_TYPES.get(k, k)}" for n, k in columns.items())
            raw.execute(f"CREATE TEMP TABLE {table} ({ddl})".encode())
            continue
        for name, kind in columns.items():
            have = found.get(name)
            if have is None:
                raise InputError(
                    shown, f"{schema}.{table} has no column {name} (expected OMOP CDM v5.4)"
                )
            if have not in ACCEPTED[kind]:
                raise InputError(
                    shown,
                    f"{schema}.{table}.{name} is {have}; expected {kind.lower()} (OMOP CDM v5.4)",
                )


def _describe(url: str) -> str:
    from ekbom.cohort.source import describe

    return describe(url)


def _reason(error: BaseException, url: str) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    password = _password(url)
    if password:
        text = text.replace(password, "***")
    if "password authentication failed" in text or "no password supplied" in text:
        return "the login was refused: check the user name and password"
    if "Connection refused" in text or "could not connect" in text:
        return "no server answered at that host and port"
    if "does not exist" in text:
        return text.split("FATAL:", 1)[-1].strip()
    return text[:200]


def _password(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    try:
        secret = urlsplit(url).password
    except ValueError:
        return None
    return unquote(secret) if secret else None


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")
