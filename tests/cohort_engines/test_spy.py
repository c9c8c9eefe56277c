"""No statement of a screen fetches more rows into Python than the aggregate outputs need:
a spy wraps the connection of a real backend and counts the rows every cursor hands over."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from ekbom.cohort.index import IndexChoice, read_index_file
from ekbom.cohort.run import run_cohort
from ekbom.cohort.source import open_source
from ekbom.kb.load import load_knowledge


class _Counted:
    def __init__(self, cursor: Any, query: str, log: list[tuple[str, int]]) -> None:
        self.cursor, self.query, self.log = cursor, query, log

    def fetchone(self) -> Any:
        row = self.cursor.fetchone()
        self.log.append((self.query, 0 if row is None else 1))
        return row

    def fetchall(self) -> list[Any]:
        rows = list(self.cursor.fetchall())
        self.log.append((self.query, len(rows)))
        return rows


class Spy:
    """A connection that passes every call on and records what each fetch returned."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.fetched: list[tuple[str, int]] = []
        self.statements = 0

    def execute(self, query: str, parameters: Sequence[Any] | None = None, /) -> Any:
        self.statements += 1
        return _Counted(self.con.execute(query, parameters), query, self.fetched)

    def executemany(self, query: str, parameters: Sequence[Sequence[Any]], /) -> Any:
        self.statements += 1
        return self.con.executemany(query, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


def _limit() -> int:
    """The largest small answer: one row per knowledge code (unresolved codes), or one per
    factor, status and basis; both are set by the knowledge, not by the population."""
    knowledge = load_knowledge()
    codes = len(knowledge.codes.entries) + len(knowledge.lab_codes.entries)
    return max(codes, len(knowledge.factors) * 4 * 4)


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_no_statement_fetches_event_rows(
    engine: str, population: Path, pg_population: str, tmp_path: Path
) -> None:
    if engine == "duckdb":
        backend = open_source(str(population), "duckdb")
    else:
        backend = open_source(pg_population, "postgres", cdm_schema="pop", vocab_schema="pop_vocab")
    spy = Spy(backend.con)
    backend.con = spy
    index = population / "index.csv"
    try:
        run = run_cohort(
            backend, load_knowledge(), IndexChoice(index_file=index), tmp_path, source=engine
        )
    finally:
        backend.close()
    screened = run.summary["screened"]
    assert screened > 7000 and len(read_index_file(index)) > screened
    biggest = max(n for _, n in spy.fetched)
    worst = [q.split()[:6] for q, n in spy.fetched if n == biggest]
    assert biggest <= _limit() < screened, worst
    assert spy.statements > 50 and len(spy.fetched) > 10
    assert sum(n for _, n in spy.fetched) < screened
    assert (tmp_path / "findings.csv").stat().st_size > screened * 30
