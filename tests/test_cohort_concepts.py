"""Knowledge concept sets and ingredients resolved against OMOP vocabularies."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ekbom.cohort.concepts import ConceptMap, resolve_concepts, set_concepts
from ekbom.cohort.vocabulary import find_file, load_athena, load_vocabulary
from ekbom.kb.knowledge import Knowledge
from ekbom.kb.load import load_knowledge
from tests.conftest import require_shared
from tests.test_cohort_vocabulary import write_athena_sample

SHARD = "omop-synthea27nj"
Shard = tuple[duckdb.DuckDBPyConnection, ConceptMap]
VOCABULARY_ROUTES = ("self", "relationship", "ancestor")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _drugs(con: duckdb.DuckDBPyConnection, cmap: ConceptMap, route: str) -> dict[int, set[str]]:
    rows = con.execute(
        f"SELECT drug_concept_id, ingredient FROM {cmap.drug_ingredients} WHERE route = ?",
        [route],
    ).fetchall()
    found: dict[int, set[str]] = {}
    for drug, ingredient in rows:
        found.setdefault(int(drug), set()).update({ingredient} if ingredient else set())
    return found


def test_athena_sample_sets(tmp_path: Path, knowledge: Knowledge) -> None:
    con = duckdb.connect()
    load_athena(write_athena_sample(tmp_path), con)
    cmap = resolve_concepts(knowledge, con)
    rls = con.sql(
        "SELECT concept_id, route FROM ekbom_concept_set WHERE set_name = 'rls:rls' ORDER BY 1"
    ).fetchall()
    # SNOMED code, ICD-10-CM code with its dot, the descendant through CONCEPT_ANCESTOR
    assert rls == [(900006, "code"), (900007, "code"), (900010, "descendant")]
    cancer = set_concepts(con, cmap, "cancer:malignancy")
    assert 900008 in cancer  # C50 prefix against the dotted OMOP code C50.911
    assert 900009 not in cancer  # C44 is excluded
    assert cmap.vocabulary_version == "v5.0 TEST"
    assert "no-concept-ancestor" not in cmap.fallbacks_used


def test_athena_sample_drug_chain_and_name_fallback(tmp_path: Path, knowledge: Knowledge) -> None:
    con = duckdb.connect()
    load_athena(write_athena_sample(tmp_path), con)
    cmap = resolve_concepts(knowledge, con)
    routes = con.sql(
        "SELECT ingredient, route FROM ekbom_ingredient_concept WHERE ingredient_concept_id = 900001"
    ).fetchall()
    assert set(routes) == {("diphenhydramine", "rxcui"), ("diphenhydramine", "ingredient-name")}
    chain = con.sql(
        "SELECT ingredient_concept_id, ingredient, route, hops FROM ekbom_drug_ingredient "
        "WHERE drug_concept_id = 900005"
    ).fetchall()
    # marketed -> branded -> clinical drug -> component -> 'RxNorm has ing'
    assert chain == [(900001, "diphenhydramine", "relationship", 4)]
    assert _drugs(con, cmap, "drug-name") == {900011: {"tramadol"}}
    assert cmap.fallbacks_used == {"drug-name": 1}
    assert 900002 in _drugs(con, cmap, "relationship")
    assert 900001 in _drugs(con, cmap, "self")


@pytest.fixture(scope="module")
def shard(knowledge: Knowledge) -> tuple[duckdb.DuckDBPyConnection, ConceptMap]:
    folder = require_shared(SHARD)
    con = duckdb.connect()
    load_vocabulary(folder, con)
    exposure = find_file(folder, "drug_exposure")
    assert exposure is not None
    used = f"SELECT DISTINCT drug_concept_id FROM read_csv('{exposure}', header = true)"
    return con, resolve_concepts(knowledge, con, drug_concepts=used)


def test_shard_lab_and_condition_codes(shard: Shard) -> None:
    con, cmap = shard
    assert set_concepts(con, cmap, "ferritin") == {3001122}
    assert set_concepts(con, cmap, "kidney-disease:esrd") == {193782}
    assert ("kidney-disease:esrd", "SNOMED", "46177005") not in cmap.unresolved_codes
    assert cmap.unresolved_codes  # a shard: most knowledge codes have no concept here
    assert cmap.skipped_systems  # RoleCode has no OMOP vocabulary


def test_shard_drugs(shard: Shard) -> None:
    con, cmap = shard
    total = con.sql("SELECT count(DISTINCT drug_concept_id) FROM ekbom_drug_scope").fetchall()
    assert total == [(79,)]
    vocabulary = set().union(*(_drugs(con, cmap, route) for route in VOCABULARY_ROUTES))
    assert len(vocabulary) >= 10
    named = _drugs(con, cmap, "drug-name")
    assert len(named) > 0
    assert not set(named) & vocabulary  # names are only the fallback
    ingredients = set().union(*named.values())
    assert {"diphenhydramine", "chlorpheniramine", "doxylamine", "tramadol"} <= ingredients
    assert cmap.fallbacks_used["drug-name"] == len(named)
    assert cmap.fallbacks_used["no-concept-ancestor"] > 0
    assert sum(cmap.drug_routes.values()) >= total[0][0]
