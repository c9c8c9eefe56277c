"""Factor rules compiled to set-based SQL, judged on the real OMOP shard in DuckDB only."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ekbom.cohort.compile import compile_factor
from ekbom.cohort.concepts import resolve_concepts
from ekbom.cohort.events import create_events, load_cdm
from ekbom.cohort.judge import judge_index, load_parameters
from ekbom.cohort.vocabulary import load_vocabulary
from ekbom.kb.knowledge import Knowledge
from ekbom.kb.load import default_path, load_knowledge
from tests.conftest import require_shared

SHARD = "omop-synthea27nj"
FERRITIN = 3001122  # LOINC 2276-4 in the shard's CONCEPT
NOT_COMPILED = {"family-history"}
INDEX = [
    (11, date(2009, 9, 10)),  # ferritin 69.5 ug/L, TSAT 18.1 % on 2009-09-03
    (11, date(2005, 1, 1)),  # ferritin 130.2 ug/L, TSAT 51.8 % on 2004-08-11
    (9001, date(2020, 6, 1)),  # a ferritin in ng/dL: not in the conversion table
    (9002, date(2020, 6, 1)),  # a low ferritin two years old: stale
]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _add_person(con: duckdb.DuckDBPyConnection, person: int, day: str, unit: str) -> None:
    con.execute(
        "INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, "
        "day_of_birth) VALUES (?, 8532, 1970, 5, 1)",
        [person],
    )
    con.execute(
        "INSERT INTO observation_period VALUES (?, ?, DATE '2000-01-01', DATE '2022-01-01', 0)",
        [person, person],
    )
    con.execute(
        "INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, "
        "measurement_date, value_as_number, unit_concept_id, unit_source_value) "
        "VALUES (?, ?, ?, CAST(? AS DATE), 40, 0, ?)",
        [person, person, FERRITIN, day, unit],
    )


@pytest.fixture(scope="module")
def shard(knowledge: Knowledge) -> duckdb.DuckDBPyConnection:
    folder = require_shared(SHARD)
    con = duckdb.connect()
    load_vocabulary(folder, con)
    counts = load_cdm(folder, con)
    assert counts["person"] == 28 and counts["measurement"] > 0
    _add_person(con, 9001, "2020-05-01", "ng/dL")
    _add_person(con, 9002, "2018-05-01", "ng/mL")
    resolve_concepts(
        knowledge, con, drug_concepts="SELECT DISTINCT drug_concept_id FROM drug_exposure"
    )
    create_events(knowledge, con)
    con.execute("CREATE TEMP TABLE ekbom_index (person_id BIGINT, index_date DATE)")
    con.executemany("INSERT INTO ekbom_index VALUES (?, ?)", INDEX)
    return con


def _judged(
    con: duckdb.DuckDBPyConnection, knowledge: Knowledge, factor: str
) -> dict[tuple[int, date], tuple[str, str]]:
    load_parameters(knowledge, con)
    rows = con.execute(compile_factor(knowledge.factor(factor), knowledge)).fetchall()
    return {(int(r[0]), r[1]): (r[3], r[4]) for r in rows}


def test_person_11_iron_deficiency_in_sql(
    shard: duckdb.DuckDBPyConnection, knowledge: Knowledge
) -> None:
    found = _judged(shard, knowledge, "iron-deficiency")
    assert found[(11, date(2009, 9, 10))] == ("present", "abnormal-result")
    assert found[(11, date(2005, 1, 1))] == ("absent", "normal-result")


def test_unknown_unit_and_stale_result(
    shard: duckdb.DuckDBPyConnection, knowledge: Knowledge
) -> None:
    found = _judged(shard, knowledge, "iron-deficiency")
    assert found[(9001, date(2020, 6, 1))] == ("unknown", "uninterpretable-result")
    assert found[(9002, date(2020, 6, 1))] == ("possible", "stale-result")


def test_lab_rows_are_converted_and_flagged(shard: duckdb.DuckDBPyConnection) -> None:
    rows = shard.execute(
        "SELECT person_id, day, value, interpretable FROM ekbom_lab "
        "WHERE test = 'ferritin' AND person_id IN (11, 9001) ORDER BY person_id, day"
    ).fetchall()
    assert (11, date(2009, 9, 3), 69.5, True) in rows
    assert (9001, date(2020, 5, 1), None, False) in rows


def test_withdrawal_needs_a_long_enough_continuous_episode(
    shard: duckdb.DuckDBPyConnection, knowledge: Knowledge
) -> None:
    as_of = date(2020, 6, 1)
    courses = [
        (9003, "2020-04-01", "2020-04-20"),  # then a refill the next day: one 54-day episode
        (9003, "2020-04-21", "2020-05-25"),
        (9004, "2020-01-01", "2020-02-28"),  # an old course, a gap, then only 15 days
        (9004, "2020-05-10", "2020-05-25"),
    ]
    shard.executemany(
        "INSERT INTO ekbom_drug VALUES (?, NULL, 'amitriptyline', CAST(? AS DATE), "
        "CAST(? AS DATE))",
        courses,
    )
    shard.executemany("INSERT INTO ekbom_index VALUES (?, ?)", [(9003, as_of), (9004, as_of)])
    try:
        found = _judged(shard, knowledge, "antidepressant-withdrawal")
    finally:
        shard.execute("DELETE FROM ekbom_drug WHERE person_id IN (9003, 9004)")
        shard.execute("DELETE FROM ekbom_index WHERE person_id IN (9003, 9004)")
        load_parameters(knowledge, shard)
    assert found[(9003, as_of)] == ("present", "recent-stop")
    assert found[(9004, as_of)] == ("unknown", "no-data")


def test_every_factor_compiles_or_names_what_is_missing(
    shard: duckdb.DuckDBPyConnection, knowledge: Knowledge
) -> None:
    skipped = judge_index(knowledge, shard)
    assert set(skipped) == NOT_COMPILED
    for factor in NOT_COMPILED:
        with pytest.raises(NotImplementedError):
            compile_factor(knowledge.factor(factor), knowledge)
    counts = shard.execute(
        "SELECT count(*), count(DISTINCT factor), count(*) FILTER (WHERE status IS NULL) "
        "FROM ekbom_findings"
    ).fetchone()
    compiled = len(knowledge.factors) - len(NOT_COMPILED)
    assert counts == (len(INDEX) * compiled, compiled, 0)


def test_sql_text_does_not_change_with_a_threshold(tmp_path: Path, knowledge: Knowledge) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(default_path(), folder)
    item = folder / "condition" / "iron-deficiency" / "item.yaml"
    text = item.read_text(encoding="utf-8")
    old = "{lab: {test: ferritin, at_most: 75, unit: ng/mL}}"
    assert old in text
    item.write_text(text.replace(old, old.replace("75", "70")), encoding="utf-8")
    changed = load_knowledge(folder)
    factor, other = knowledge.factor("iron-deficiency"), changed.factor("iron-deficiency")
    assert compile_factor(factor, knowledge) == compile_factor(other, changed)
    con = duckdb.connect()
    values = []
    for loaded in (knowledge, changed):
        load_parameters(loaded, con)
        values.append(
            con.execute(
                "SELECT num FROM ekbom_param WHERE factor = 'iron-deficiency' "
                "AND path = 'r3.2.0.0.upper'"
            ).fetchall()
        )
    assert values == [[(75.0,)], [(70.0,)]]
