"""`ekbom cohort spark:...`: the cohort SQL run by Spark SQL (local mode or a cluster).

SOURCE is `spark:` plus a catalog database (its CDM tables; `--vocab-schema` names the
vocabulary's database when it differs), or `spark:` plus a folder of CDM tables (CSV or
Parquet, as for DuckDB). Either way every CDM and vocabulary table becomes a typed temporary
view under its own name (columns cast to their CDM 5.4 types after a type check), so the
modules' unqualified table names resolve.

The modules' DuckDB-dialect statements are translated by `ekbom.cohort.dialect`. Spark has no
temporary tables: a table the modules create is a temporary view over materialised
(`localCheckpoint`) parts: `INSERT` adds a part, `DELETE` replaces the parts by the rows kept.
Small constant tables (`executemany`) become a DataFrame. `?` parameters are bound by
`spark.sql(query, args=[...])`. Outputs are collected through Arrow (they are the findings,
not event rows) and written by DuckDB, so the files are byte for byte those of the DuckDB run.

The session is local[2] on 127.0.0.1 by default; `EKBOM_SPARK_MASTER` (or `spark.master` in
the standard Spark configuration) chooses another master.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from functools import lru_cache, reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekbom.cohort.backend import Backend, identifier
from ekbom.cohort.dialect import SPARK, render, translate
from ekbom.cohort.events import CDM_TABLES
from ekbom.cohort.source import table_files
from ekbom.cohort.vocabulary import ATHENA, CDM_EXPORT, Layout
from ekbom.cohort.vocabulary import TABLES as VOCABULARY_TABLES
from ekbom.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

REQUIRED = ("person", "observation_period", "concept")

SPARK_TYPES = {
    "BIGINT": "BIGINT",
    "INTEGER": "INT",
    "DOUBLE": "DOUBLE",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP",
    "VARCHAR": "STRING",
}

ACCEPTED: dict[str, tuple[str, ...]] = {
    "BIGINT": ("bigint", "int", "smallint", "tinyint", "decimal"),
    "INTEGER": ("int", "bigint", "smallint", "tinyint", "decimal"),
    "DOUBLE": ("double", "float", "decimal", "int", "bigint", "smallint"),
    "DATE": ("date",),
    "TIMESTAMP": ("timestamp", "timestamp_ntz", "date"),
    "VARCHAR": ("string", "varchar", "char"),
}
"""Spark column types read as each CDM 5.4 type (the `simpleString` before any bracket)."""

_BLANK_AS_NULL = ("standard_concept", "invalid_reason")


def session(*, warehouse: Path | None = None) -> SparkSession:
    """The Spark session (created once per process; later calls return it)."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    conf = SparkConf()
    master = os.environ.get("EKBOM_SPARK_MASTER") or conf.get("spark.master", None)
    builder = SparkSession.builder.appName("ekbom-cohort").master(master or "local[2]")
    defaults = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.adaptive.enabled": "false",  # re-planning after every stage of the
        # factor queries (hundreds of stages) costs more than the stages themselves
        "spark.driver.memory": "3g",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.session.timeZone": "UTC",
    }
    if master is None or master.startswith("local"):
        defaults["spark.driver.host"] = "127.0.0.1"
        defaults["spark.driver.bindAddress"] = "127.0.0.1"
    if warehouse is not None:
        defaults["spark.sql.warehouse.dir"] = str(warehouse)
    for key, value in defaults.items():
        if conf.get(key, None) is None:
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class _Cursor:
    """A query's rows, fetched only when asked (small answers: counts, aggregates)."""

    def __init__(self, frame: DataFrame | None) -> None:
        self.frame = frame

    def fetchone(self) -> tuple[Any, ...] | None:
        if self.frame is None:
            return None
        rows = self.frame.take(1)
        return tuple(rows[0]) if rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self.frame is None:
            return []
        return [tuple(row) for row in self.frame.collect()]


class SparkConnection:
    """DuckDB-dialect SQL with `?` parameters, run by Spark SQL (see the module)."""

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self.parts: dict[str, list[DataFrame]] = {}
        self.schemas: dict[str, StructType] = {}
        self.views: set[str] = set()
        self.statements = 0

    def execute(self, query: str, parameters: Sequence[Any] | None = None, /) -> Any:
        statement = translate(query, SPARK)
        args = list(parameters) if parameters else None
        table = statement.table
        self.statements += 1
        self._compact(query, table if statement.kind == "insert" else None)
        # Every CTE of a split WITH is materialised, not only those DuckDB materialises: a
        # correlated subquery reading an outer column makes Spark copy the outer plan into
        # the subquery (a domain join), and a materialised outer plan is one scan to copy.
        for view, sql, _materialised in statement.steps:
            _materialise(self.spark.sql(sql)).createOrReplaceTempView(view)
            self.views.add(view)
        if statement.kind == "create-table":
            assert table is not None and statement.columns is not None
            empty = self.spark.createDataFrame([], schema=statement.columns)
            self.schemas[table] = empty.schema
            self._store(table, [])
            return _Cursor(None)
        if statement.kind == "create-table-as":
            assert table is not None
            self._store(table, [_materialise(self.spark.sql(statement.body, args=args))])
            return _Cursor(None)
        if statement.kind == "create-view":
            assert table is not None
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {table} AS {statement.body}")
            self.views.add(table)
            return _Cursor(None)
        if statement.kind == "insert":
            assert table is not None
            self._append(table, self.spark.sql(_as_select(statement.body), args=args))
            return _Cursor(None)
        if statement.kind == "delete":
            assert table is not None
            kept = self.spark.sql(
                f"SELECT * FROM {table} WHERE NOT coalesce({statement.body}, FALSE)", args=args
            )
            self._store(table, [_materialise(kept)])
            return _Cursor(None)
        frame = self.spark.sql(statement.body, args=args)
        if re.match(r"\s*(SELECT|WITH)\b", statement.body, re.IGNORECASE):
            return _Cursor(frame)
        return _Cursor(None)

    def executemany(self, query: str, parameters: Sequence[Sequence[Any]], /) -> Any:
        statement = translate(query, SPARK)
        if statement.kind != "insert" or not statement.values or statement.table is None:
            for row in parameters:
                self.execute(query, row)
            return _Cursor(None)
        self.statements += 1
        rows = [list(row) for row in parameters]
        if not rows:
            return _Cursor(None)
        frame = self.spark.createDataFrame(rows, schema=_row_schema(rows))
        frame.createOrReplaceTempView("ekbom_rows")
        template = statement.body.strip()
        assert template.upper().startswith("VALUES (") and template.endswith(")")
        columns = iter(range(len(rows[0])))
        select = re.sub(r"\?", lambda _m: f"c{next(columns)}", template[len("VALUES (") : -1])
        self._append(statement.table, self.spark.sql(f"SELECT {select} FROM ekbom_rows"))
        self.spark.catalog.dropTempView("ekbom_rows")
        return _Cursor(None)

    def has_table(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(name))

    def close(self) -> None:
        for name in [*self.parts, *self.views]:
            self.spark.catalog.dropTempView(name)
        self.parts.clear()
        self.views.clear()

    def _append(self, table: str, frame: DataFrame) -> None:
        parts = self.parts.get(table)
        if parts is None:
            raise ValueError(f"{table} is not a table made by this run")
        schema = self.schemas[table]
        renamed = frame.toDF(*schema.names)
        typed = renamed.select(*[renamed[f.name].cast(f.dataType) for f in schema.fields])
        self._store(table, [*parts, _materialise(typed)])

    def _store(self, table: str, parts: list[DataFrame]) -> None:
        self.parts[table] = parts
        if parts:
            self.schemas[table] = parts[0].schema
            frame = reduce(lambda a, b: a.unionAll(b), parts)
        else:
            frame = self.spark.createDataFrame([], schema=self.schemas[table])
        frame.createOrReplaceTempView(table)

    def _compact(self, query: str, written: str | None) -> None:
        """Tables of several parts that `query` reads become one materialised part first
        (Spark 4.0's optimiser can fail on a union under correlated subqueries)."""
        for name in _tables_read(query):
            parts = self.parts.get(name)
            if name != written and parts is not None and len(parts) > 1:
                self._store(name, [_materialise(reduce(lambda a, b: a.unionAll(b), parts))])


class SparkBackend(Backend):
    """The cohort steps on Spark (see the module)."""

    engine = "spark"
    con: SparkConnection

    def __init__(self, con: SparkConnection) -> None:
        super().__init__(con, vocab_schema="")

    def has_table(self, name: str) -> bool:
        return self.con.has_table(name)

    def export(self, query: str, path: Path, file_format: str) -> None:
        import duckdb

        rows = self.con.spark.sql(render(query, SPARK)).toArrow()
        local = duckdb.connect()
        try:
            local.register("ekbom_rows", rows)
            options = "FORMAT csv, HEADER true" if file_format == "csv" else "FORMAT parquet"
            target = str(path).replace("'", "''")
            local.execute(f"COPY (SELECT * FROM ekbom_rows) TO '{target}' ({options})")
        finally:
            local.close()

    def write_results(self, query: str, schema: str | None, table: str) -> str:
        name = identifier(table, "results table")
        qualified = f"{identifier(schema, 'results schema')}.{name}" if schema else name
        spark = self.con.spark
        if schema:
            spark.sql(f"CREATE DATABASE IF NOT EXISTS {schema}")
        spark.sql(render(query, SPARK)).write.mode("overwrite").saveAsTable(qualified)
        return qualified


def open_spark(
    source: str, *, cdm_schema: str | None = None, vocab_schema: str | None = None
) -> SparkBackend:
    """The CDM and vocabulary of `source` as typed temporary views of the Spark session.

    Raises:
        InputError: no such database or folder, or a column whose type is not its CDM 5.4
            type (one line).
    """
    target = source[len("spark:") :] if source.startswith("spark:") else source
    spark = session()
    con = SparkConnection(spark)
    try:
        if target and (Path(target).is_dir() or "/" in target):
            folder = Path(target)
            if not folder.is_dir():
                raise InputError(source, "no such folder of CDM tables")
            views = register_folder(spark, folder)
        else:
            cdm = identifier(target or cdm_schema or "default", "Spark database")
            vocab = identifier(vocab_schema or cdm, "--vocab-schema")
            views = _register_catalog(spark, source, cdm, vocab)
    except BaseException:
        con.close()
        raise
    con.views.update(views.values())
    return SparkBackend(con)


def register_folder(spark: SparkSession, folder: Path, *, prefix: str = "") -> dict[str, str]:
    """Every CDM and vocabulary table of a folder as a typed temporary view (`prefix` +
    table name); a missing optional table is an empty view. Returns table -> view."""
    from ekbom.cohort.vocabulary import detect_layout

    files = table_files(folder)
    concept = files.get("concept")
    layout = (
        detect_layout(folder)
        if concept is not None and concept.suffix.lower() == ".csv"
        else CDM_EXPORT
    )
    views: dict[str, str] = {}
    for table, columns in {**CDM_TABLES, **VOCABULARY_TABLES}.items():
        path = files.get(table)
        if path is None:
            if table in REQUIRED:
                continue
            frame = spark.createDataFrame([], schema=_ddl(columns))
        elif path.suffix.lower() == ".csv":
            frame = _read_csv(spark, path, columns, layout if table in VOCABULARY_TABLES else None)
        else:
            frame = _typed(spark.read.parquet(str(path)), columns, str(path))
        frame.createOrReplaceTempView(prefix + table)
        views[table] = prefix + table
    return views


def _register_catalog(spark: SparkSession, source: str, cdm: str, vocab: str) -> dict[str, str]:
    for database in dict.fromkeys((cdm, vocab)):
        if not spark.catalog.databaseExists(database):
            raise InputError(source, f"has no database {database!r} (check --vocab-schema)")
    views: dict[str, str] = {}
    for table, columns in {**CDM_TABLES, **VOCABULARY_TABLES}.items():
        database = cdm if table in CDM_TABLES else vocab
        qualified = f"{database}.{table}"
        if spark.catalog.tableExists(table, database):
            frame = _typed(spark.table(qualified), columns, f"{source} {qualified}")
        elif table in REQUIRED:
            continue
        else:
            frame = spark.createDataFrame([], schema=_ddl(columns))
        frame.createOrReplaceTempView(table)
        views[table] = table
    return views


def _typed(frame: DataFrame, columns: dict[str, str], where: str) -> DataFrame:
    from pyspark.sql import functions as F

    present = {f.name.lower(): f for f in frame.schema.fields}
    selected = []
    for name, kind in columns.items():
        field = present.get(name)
        if field is None:
            selected.append(F.lit(None).cast(SPARK_TYPES[kind]).alias(name))
            continue
        have = field.dataType.simpleString().split("(")[0]
        if have not in ACCEPTED[kind]:
            raise InputError(where, f"column {name} is {have}; expected {kind.lower()}")
        column = F.col(f"`{field.name}`").cast(SPARK_TYPES[kind])
        if name in _BLANK_AS_NULL:
            column = F.when(F.trim(column) != "", column)
        selected.append(column.alias(name))
    return frame.select(*selected)


def _read_csv(
    spark: SparkSession, path: Path, columns: dict[str, str], layout: Layout | None
) -> DataFrame:
    from pyspark.sql import functions as F

    layout = layout or CDM_EXPORT
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\r\n")
    names = [h.strip().strip('"').lower() for h in header.split(layout.delim)]
    if names != list(columns):
        raise InputError(str(path), f"expected the CDM 5.4 columns {', '.join(columns)}")
    reader = spark.read.options(
        header="true",
        sep=layout.delim,
        mode="FAILFAST",
        dateFormat="yyyyMMdd" if layout is ATHENA else "yyyy-MM-dd",
        quote=layout.quote or "\u0000",
        escape=layout.quote or "\\",
    )
    frame = reader.csv(str(path), schema=_ddl(columns))
    for name in _BLANK_AS_NULL:
        if name in columns:
            frame = frame.withColumn(name, F.when(F.trim(F.col(name)) != "", F.col(name)))
    return frame


def _ddl(columns: dict[str, str]) -> str:
    return ", ".join(f"{name} {SPARK_TYPES[kind]}" for name, kind in columns.items())


@lru_cache(maxsize=1024)
def _tables_read(query: str) -> frozenset[str]:
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(query, read="duckdb")
    return frozenset(t.name for t in tree.find_all(exp.Table))


def _materialise(frame: DataFrame) -> DataFrame:
    return frame.localCheckpoint(eager=True)


def _as_select(body: str) -> str:
    return body if not body.upper().startswith("VALUES") else f"SELECT * FROM {body}"


def _row_schema(rows: list[list[Any]]) -> str:
    """A DDL schema for rows of Python values (c0, c1 ...)."""
    kinds = []
    for i in range(len(rows[0])):
        seen = {type(row[i]) for row in rows if row[i] is not None}
        if seen <= {bool} and seen:
            kind = "BOOLEAN"
        elif seen <= {int} and seen:
            kind = "BIGINT"
        elif seen <= {int, float} and seen:
            kind = "DOUBLE"
            for row in rows:
                if row[i] is not None:
                    row[i] = float(row[i])
        elif seen <= {dt.date} and seen:
            kind = "DATE"
        else:
            kind = "STRING"
            for row in rows:
                if row[i] is not None and not isinstance(row[i], str):
                    row[i] = str(row[i])
        kinds.append(f"c{i} {kind}")
    return ", ".join(kinds)
