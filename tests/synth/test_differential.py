"""Hypothesis differential test: the Python engine and the compiled SQL agree on generated facts.

Hypothesis chooses the seed, the number of persons and the generation date; `ekbom synth`
writes the population (OMOP CSV and FHIR NDJSON); the SQL path runs through the library
(`load_vocabulary`, `load_cdm`, `resolve_concepts`, `create_events`, `judge_index`) on every
person observed and alive on that date, and the Python path through the FHIR reader and
`evaluate`. Every compiled factor must get the same status and basis from both, except the
differences `tests/synth/agreement.py` EXPLAINED lists (a birth year without a day).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekbom.cohort.concepts import resolve_concepts
from ekbom.cohort.events import create_events, load_cdm
from ekbom.cohort.judge import judge_index
from ekbom.cohort.vocabulary import load_vocabulary
from ekbom.kb.knowledge import Knowledge
from ekbom.synth.generate import generate
from tests.synth.agreement import compare, explained, person_edges, python_findings

OBSERVED = """
    INSERT INTO ekbom_index
    SELECT o.person_id, CAST(? AS DATE) FROM observation_period o
    LEFT JOIN death d USING (person_id)
    WHERE o.observation_period_start_date <= CAST(? AS DATE)
      AND o.observation_period_end_date >= CAST(? AS DATE)
      AND (d.death_date IS NULL OR d.death_date >= CAST(? AS DATE))
"""


def sql_findings(
    knowledge: Knowledge, omop: Path, as_of: date
) -> tuple[dict[tuple[str, str], tuple[str, str]], set[str]]:
    con = duckdb.connect(config={"threads": 1})
    load_vocabulary(omop, con)
    load_cdm(omop, con)
    resolve_concepts(
        knowledge, con, drug_concepts="SELECT DISTINCT drug_concept_id FROM drug_exposure"
    )
    create_events(knowledge, con)
    con.execute("CREATE TEMP TABLE ekbom_index (person_id BIGINT, index_date DATE)")
    con.execute(OBSERVED, [as_of] * 4)
    skipped = set(judge_index(knowledge, con))
    rows = con.execute("SELECT person_id, factor, status, basis FROM ekbom_findings").fetchall()
    return {(str(p), f): (s, b) for p, f, s, b in rows}, skipped


def as_csv(parquet: Path, folder: Path) -> Path:
    """The Parquet tables as CDM CSV files (what `load_cdm` and `load_vocabulary` read)."""
    folder.mkdir()
    for path in parquet.glob("*.parquet"):
        duckdb.sql(
            f"COPY (SELECT * FROM read_parquet('{path}')) TO '{folder / path.stem}.csv' "
            "(FORMAT csv, HEADER true, DATEFORMAT '%Y-%m-%d')"
        )
    return folder


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    persons=st.integers(min_value=1, max_value=60),
    as_of=st.dates(min_value=date(2005, 1, 1), max_value=date(2030, 12, 31)),
)
def test_python_and_sql_agree_on_generated_facts(
    knowledge: Knowledge, seed: int, persons: int, as_of: date
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate(persons, seed, out, formats="both", as_of=as_of, threads=1)
        sql, skipped = sql_findings(knowledge, as_csv(out / "omop", out / "csv"), as_of)
        python = python_findings(knowledge, out / "fhir", as_of)
        edges = person_edges(out / "edges.csv")
    result = compare(python, sql, skipped)
    assert result.compared == len({p for p, _ in sql}) * (len(knowledge.factors) - len(skipped))
    unexplained = [d for d in result.differ if explained(d, edges, knowledge) is None]
    assert not unexplained, unexplained[:10]
