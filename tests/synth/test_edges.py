"""At least 10 % of the synthetic persons sit on an edge of the rules, and each edge is where
the knowledge puts it: thresholds one step either side, window ends and the day after, stops one
day either side of an exposure's persistence, unknown units, undated facts (FHIR only), two
results on one day and the same fact twice. `edges.csv` is the generator's answer key."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from typing import Any

import duckdb
import orjson
import pytest

from ekbom.facts import Code
from ekbom.kb.knowledge import Knowledge
from ekbom.synth.rules import Needs, step
from ekbom.vocab import System
from tests.synth.conftest import Population

KINDS = {
    "threshold",
    "window",
    "persistence",
    "withdrawal",
    "min-use",
    "unknown-unit",
    "undated",
    "same-day",
    "duplicate",
    "comparator",
    "abatement",
    "unresolved-medication",
    "onset-age",
    "after-as-of",
}


@pytest.fixture(scope="module")
def edges(population: Population) -> list[dict[str, str]]:
    with (population.out / "edges.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def labs(population: Population) -> dict[str, tuple[int, str, Any, float, str]]:
    rows = duckdb.sql(
        "SELECT measurement_id, person_id, measurement_source_value, measurement_date, "
        f"value_as_number, unit_source_value FROM '{population.omop}/measurement.parquet'"
    ).fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}  # type: ignore[misc]


def thresholds(knowledge: Knowledge) -> dict[str, set[float]]:
    found: dict[str, set[float]] = defaultdict(set)
    for factor in knowledge.factors:
        for test, bounds in Needs.of(factor, knowledge).tests.items():
            found[test] |= bounds
    return found


def test_at_least_a_tenth_of_the_persons_sit_on_an_edge(
    edges: list[dict[str, str]], population: Population
) -> None:
    persons = {e["person_id"] for e in edges if e["edge"] != "empty-record"}
    assert len(persons) >= 0.1 * population.persons


def test_every_kind_of_edge_occurs(edges: list[dict[str, str]]) -> None:
    assert {e["edge"] for e in edges} >= KINDS


def test_threshold_edges_lie_one_step_from_a_knowledge_threshold(
    edges: list[dict[str, str]], labs: dict[str, Any], knowledge: Knowledge
) -> None:
    limits = thresholds(knowledge)
    checked = 0
    for e in edges:
        if e["edge"] != "threshold":
            continue
        _, code, _, value, _ = labs[e["fact_id"]]
        (test,) = knowledge.lab_codes.sets_of(Code(System.LOINC.value, code))
        near = {round(t + d * step(t), 6) for t in limits[test] for d in (-1, 0, 1)}
        assert value in near, (test, value)
        checked += 1
    assert checked > 0


def test_same_day_and_duplicate_edges_are_two_results_on_one_day(
    edges: list[dict[str, str]], labs: dict[str, Any]
) -> None:
    by_day: Counter[tuple[int, str, Any]] = Counter(
        (person, code, day) for person, code, day, _, _ in labs.values()
    )
    for e in edges:
        if e["edge"] in ("same-day", "duplicate") and e["fact_id"] in labs:
            person, code, day, _, _ = labs[e["fact_id"]]
            assert by_day[(person, code, day)] >= 2


def test_unknown_units_are_not_in_the_conversion_table(
    edges: list[dict[str, str]], labs: dict[str, Any], knowledge: Knowledge
) -> None:
    known = {c.unit.strip() for c in knowledge.units.conversions}
    units = {labs[e["fact_id"]][4] for e in edges if e["edge"] == "unknown-unit"}
    assert units and not units & known


def test_undated_facts_are_in_fhir_only(
    edges: list[dict[str, str]], population: Population, labs: dict[str, Any]
) -> None:
    undated = {e["fact_id"] for e in edges if e["edge"] == "undated"}
    assert undated and not undated & set(labs)
    drugs = {
        str(r[0])
        for r in duckdb.sql(
            f"SELECT drug_exposure_id FROM '{population.omop}/drug_exposure.parquet'"
        ).fetchall()
    }
    assert not undated & drugs
    seen = 0
    for name in ("Observation", "MedicationRequest", "MedicationStatement"):
        for line in (population.fhir / f"{name}.ndjson").read_bytes().splitlines():
            resource = orjson.loads(line)
            if resource["id"] in undated:
                seen += 1
                dates = {"effectiveDateTime", "effectivePeriod", "authoredOn"} & set(resource)
                assert not dates, resource["id"]
    assert seen == len(undated)


def test_persistence_edges_stop_one_day_either_side_of_the_active_period(
    edges: list[dict[str, str]], population: Population, knowledge: Knowledge
) -> None:
    ends = {
        str(i): (source, end)
        for i, source, end in duckdb.sql(
            "SELECT drug_exposure_id, drug_source_value, drug_exposure_end_date "
            f"FROM '{population.omop}/drug_exposure.parquet'"
        ).fetchall()
    }
    names = {}
    for row in knowledge.drugs.rows.values():
        for name in [*row.salts, row.id, *row.names, *row.brands]:
            names.setdefault(name, row)
    offsets = []
    for e in edges:
        if e["edge"] == "persistence":
            source, end = ends[e["fact_id"]]
            row = names[source]
            offsets.append((population.as_of - end).days - row.persistence_days)
    assert offsets and set(offsets) <= {-1, 0, 1}
