"""The cohort SQL, written once in DuckDB's dialect, in the Postgres and Spark dialects.

sqlglot (pinned in constraints.txt) parses each statement as DuckDB and writes it for the
target; this module adds what it cannot do alone:

* functions sqlglot leaves as they are for Postgres: `string_split` (`string_to_array`),
  `contains` (`strpos(...) > 0`), `make_date`;
* `GROUP BY ALL` / `ORDER BY ALL` become ordinal positions (Postgres has neither);
* a subquery in FROM without an alias gets one (Postgres 15 requires it);
* `?` parameters become psycopg's `%s` (a literal `%` doubled); Spark keeps `?` and binds
  them through `spark.sql(query, args=[...])`;
* statements that change a table (`CREATE OR REPLACE TEMP TABLE`, `INSERT`, `DELETE`) are
  returned as a `Statement` naming their parts, so a connection can run them its own way:
  DROP + CREATE TEMP TABLE on Postgres, a materialised temporary view on Spark.

Nothing here runs SQL; `ekbom.cohort.postgres` and `ekbom.cohort.spark` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp

POSTGRES = "postgres"
SPARK = "spark"
DIALECTS = (POSTGRES, SPARK)

_PARAM = "__ekbom_param__"


@dataclass(frozen=True, slots=True)
class Statement:
    """One DuckDB statement, taken apart for a target dialect.

    `kind` is `create-table-as` (`body` the query), `create-table` (`columns` the column
    definitions), `create-view` (`body` the query), `insert` (`body` the query or VALUES
    list, `values` true for VALUES), `delete` (`body` the WHERE condition, or `TRUE`) or
    `other` (`body` the whole statement). `table` is the table written, as written.
    """

    kind: str
    body: str
    table: str | None = None
    temporary: bool = False
    replace: bool = False
    columns: str | None = None
    values: bool = False
    steps: tuple[tuple[str, str, bool], ...] = ()
    """Spark only: `(view, query, materialise)` to run first, in order (see `_split_ctes`)."""


def translate(sql: str, dialect: str) -> Statement:
    """Take one DuckDB-dialect statement apart and write its parts for `dialect`.

    Raises:
        ValueError: `dialect` is not `postgres` or `spark`.
        sqlglot.errors.ParseError: the statement is not valid DuckDB SQL.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"no SQL dialect {dialect!r} (expected postgres or spark)")
    return _translate(sql, dialect)


def render(sql: str, dialect: str, *, pretty: bool = False) -> str:
    """One DuckDB-dialect query written for `dialect` (`duckdb` returns it as it is)."""
    if dialect == "duckdb":
        return sql
    if dialect not in DIALECTS:
        raise ValueError(f"no SQL dialect {dialect!r} (expected duckdb, postgres or spark)")
    tree = _portable(sqlglot.parse_one(sql, read="duckdb"), dialect)
    return _generate(tree, dialect, pretty=pretty)


def postgres_script(statement: Statement) -> list[str]:
    """The Postgres statements that do what `statement` did in DuckDB (in order)."""
    kind, table = statement.kind, statement.table
    if kind in ("create-table-as", "create-table", "create-view"):
        assert table is not None
        what = "VIEW" if kind == "create-view" else "TABLE"
        temp = "TEMP " if statement.temporary else ""
        target = f"pg_temp.{table}" if statement.temporary else table
        steps = []
        if statement.replace:
            steps.append(f"DROP {what} IF EXISTS {target} CASCADE")
        if kind == "create-table":
            steps.append(f"CREATE {temp}TABLE {table} ({statement.columns})")
        else:
            steps.append(f"CREATE {temp}{what} {table} AS {statement.body}")
        return steps
    if kind == "insert":
        return [f"INSERT INTO {table} {statement.body}"]
    if kind == "delete":
        return [f"DELETE FROM {table} WHERE {statement.body}"]
    return [statement.body]


@lru_cache(maxsize=1024)
def _translate(sql: str, dialect: str) -> Statement:
    parsed = sqlglot.parse_one(sql, read="duckdb")
    steps: tuple[tuple[str, str, bool], ...] = ()
    if dialect == SPARK:
        steps = _split_ctes(parsed)
    tree = _portable(parsed, dialect)
    statement = _parts(tree, dialect)
    if steps:
        return Statement(
            statement.kind,
            statement.body,
            statement.table,
            statement.temporary,
            statement.replace,
            statement.columns,
            statement.values,
            steps,
        )
    return statement


CTE_VIEW = "ekbom_cte_"
"""Prefix of the temporary views a Spark statement's WITH clause is split into."""


def _split_ctes(tree: exp.Expr) -> tuple[tuple[str, str, bool], ...]:
    """Spark plans a WITH clause as one tree, inlining every CTE wherever it is used; with
    many correlated subqueries that planning costs minutes. When the DuckDB text marks a CTE
    `MATERIALIZED` (at any depth), every CTE of the statement's WITH clauses (those of CTE
    bodies too, innermost first) becomes a temporary view of its own, and `tree` is changed
    in place to read the views (each keeps its CTE name as alias). Statements with `?`
    parameters are left whole."""
    query = tree.expression if isinstance(tree, (exp.Insert, exp.Create)) else tree
    if not isinstance(query, exp.Query) or tree.find(exp.Placeholder):
        return ()
    if not any(cte.args.get("materialized") for cte in tree.find_all(exp.CTE)):
        return ()
    if any(w.args.get("recursive") for w in tree.find_all(exp.With)):
        return ()
    return tuple(_split(query, CTE_VIEW, {}))


def _split(query: exp.Expr, prefix: str, outer: dict[str, str]) -> list[tuple[str, str, bool]]:
    """Steps for the WITH of `query` (renamed in place to read them); `outer` maps the CTE
    names visible from outside to their views."""
    mapping = dict(outer)
    steps: list[tuple[str, str, bool]] = []
    with_ = query.args.get("with_")
    if isinstance(with_, exp.With):
        for cte in with_.expressions:
            body = cte.this
            steps += _split(body, f"{prefix}{cte.alias}_", mapping)
            view = prefix + cte.alias
            steps.append((view, _generate(_portable(body, SPARK), SPARK), True))
            mapping[cte.alias] = view
        query.set("with_", None)

    def rename(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Table) and not node.db and node.name in mapping:
            return exp.Table(
                this=exp.to_identifier(mapping[node.name]),
                alias=exp.TableAlias(this=exp.to_identifier(node.alias_or_name)),
            )
        return node

    query.transform(rename, copy=False)  # in place: the root (a query) is never a table
    return steps


def _parts(tree: exp.Expr, dialect: str) -> Statement:
    if isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() in (
        "TABLE",
        "VIEW",
    ):
        properties = tree.args.get("properties")
        temporary = bool(
            properties and any(isinstance(p, exp.TemporaryProperty) for p in properties.expressions)
        )
        replace = bool(tree.args.get("replace"))
        target = tree.this
        view = str(tree.args["kind"]).upper() == "VIEW"
        if isinstance(target, exp.Schema):
            table = _generate(target.this, dialect)
            columns = ", ".join(_generate(c, dialect) for c in target.expressions)
            return Statement("create-table", "", table, temporary, replace, columns=columns)
        table = _generate(target, dialect)
        body = _generate(tree.expression, dialect)
        kind = "create-view" if view else "create-table-as"
        return Statement(kind, body, table, temporary, replace)
    if isinstance(tree, exp.Insert):
        target = tree.this
        name = target.this if isinstance(target, exp.Schema) else target
        query = tree.expression
        return Statement(
            "insert",
            _generate(query, dialect),
            _generate(name, dialect),
            values=isinstance(query, exp.Values),
        )
    if isinstance(tree, exp.Delete):
        where = tree.args.get("where")
        condition = _generate(where.this, dialect) if where is not None else "TRUE"
        return Statement("delete", condition, _generate(tree.this, dialect))
    return Statement("other", _generate(tree, dialect))


def _generate(tree: exp.Expr, dialect: str, *, pretty: bool = False) -> str:
    text = tree.sql(dialect=dialect, pretty=pretty, unsupported_level=sqlglot.ErrorLevel.RAISE)
    if dialect == POSTGRES:
        # psycopg reads % as the start of a placeholder once parameters are passed.
        text = text.replace("%", "%%").replace(_PARAM, "%s")
    else:
        text = text.replace(_PARAM, "?")
    return text


def _portable(tree: exp.Expr, dialect: str) -> exp.Expr:
    def fix(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder):
            return exp.var(_PARAM)
        if isinstance(node, exp.Subquery) and not node.alias and _in_from(node):
            node.set("alias", exp.TableAlias(this=exp.to_identifier("q")))
            return node
        if isinstance(node, exp.Select):
            _ordinals(node)
            return node
        if isinstance(node, exp.CTE) and dialect == SPARK and node.args.get("materialized"):
            node.set("materialized", None)  # Spark plans every CTE itself
            return node
        if dialect == POSTGRES:
            if isinstance(node, exp.Split):
                return exp.func("string_to_array", node.this, node.expression)
            if isinstance(node, exp.Contains):
                return exp.GT(
                    this=exp.func("strpos", node.this, node.expression),
                    expression=exp.Literal.number(0),
                )
            if isinstance(node, exp.DateFromParts):
                return exp.func(
                    "make_date", node.args["year"], node.args["month"], node.args["day"]
                )
        return node

    return tree.transform(fix, copy=True)


def _in_from(node: exp.Subquery) -> bool:
    return isinstance(node.parent, (exp.From, exp.Join))


def _ordinals(select: exp.Select) -> None:
    """`GROUP BY ALL` -> the positions of the non-aggregate outputs; `ORDER BY ALL` -> every
    output position (the same meaning in DuckDB)."""
    outputs = select.expressions
    group = select.args.get("group")
    if isinstance(group, exp.Group) and group.args.get("all"):
        keys = [
            exp.Literal.number(i + 1)
            for i, e in enumerate(outputs)
            if not e.find(exp.AggFunc) and not isinstance(e, exp.Star)
        ]
        select.set("group", exp.Group(expressions=keys))
    order = select.args.get("order")
    if isinstance(order, exp.Order):
        items = order.expressions
        if (
            len(items) == 1
            and isinstance(items[0].this, exp.Var)
            and items[0].this.name.upper() == "ALL"
        ):
            desc = bool(items[0].args.get("desc"))
            select.set(
                "order",
                exp.Order(
                    expressions=[
                        exp.Ordered(this=exp.Literal.number(i + 1), desc=desc, nulls_first=False)
                        for i in range(len(outputs))
                    ]
                ),
            )
