"""`ekbom synth` writes one population in two forms: OMOP CDM 5.4 tables and FHIR R4 NDJSON.

The same seed gives the same files; both forms hold the same persons and the same facts (FHIR
alone holds the facts OMOP cannot: undated results and medications, family history); every
table has its CDM 5.4 column types; the FHIR files read with the real reader.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest

from ekbom.cohort.events import CDM_TABLES, OPERATORS, create_events, load_cdm
from ekbom.cohort.vocabulary import TABLES, load_vocabulary
from ekbom.kb.knowledge import Knowledge
from ekbom.sources.fhir.read import read_fhir_bytes
from ekbom.synth.generate import generate
from tests.synth.agreement import records
from tests.synth.conftest import AS_OF, Population


def resources(folder: Path, kind: str) -> Iterator[dict[str, Any]]:
    path = folder / f"{kind}.ndjson"
    for line in path.read_bytes().splitlines():
        yield orjson.loads(line)


def rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[Any, ...]]:
    return con.execute(query).fetchall()


@pytest.fixture(scope="module")
def con(population: Population) -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    for path in population.omop.glob("*.parquet"):
        db.execute(f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')")
    return db


def test_the_same_seed_gives_the_same_files_and_another_seed_does_not(
    population: Population, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    generate(population.persons, population.seed, again, formats="both", as_of=AS_OF, threads=2)
    for form in ("fhir", "omop"):
        names = sorted(p.name for p in (population.out / form).iterdir())
        assert names == sorted(p.name for p in (again / form).iterdir())
        for name in names:
            if form == "fhir":
                assert filecmp.cmp(population.out / form / name, again / form / name, False), name
            else:
                same = duckdb.sql(
                    f"SELECT count(*) FROM (SELECT * FROM '{population.out / form / name}' "
                    f"EXCEPT ALL SELECT * FROM '{again / form / name}')"
                ).fetchall()
                assert same == [(0,)], name
    other = tmp_path / "other"
    generate(population.persons, population.seed + 1, other, formats="fhir-ndjson", as_of=AS_OF)
    assert (other / "fhir" / "Condition.ndjson").read_bytes() != (
        population.fhir / "Condition.ndjson"
    ).read_bytes()


def test_both_forms_hold_the_same_persons(
    population: Population, con: duckdb.DuckDBPyConnection
) -> None:
    patients = {
        r["id"]: (r.get("gender"), r.get("birthDate"), r.get("deceasedDateTime"))
        for r in resources(population.fhir, "Patient")
    }
    genders = {8532: "female", 8507: "male", 0: None}
    omop = {}
    for pid, gender, year, month, day, death in rows(
        con,
        "SELECT p.person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth, "
        "CAST(d.death_date AS VARCHAR) FROM person p LEFT JOIN death d USING (person_id)",
    ):
        birth = f"{year:04d}" if month is None else f"{year:04d}-{month:02d}-{day:02d}"
        omop[str(pid)] = (genders[gender], birth, death)
    assert len(patients) == population.persons
    assert patients == omop
    periods = rows(con, "SELECT count(*) FROM observation_period")
    assert periods == [(population.persons,)]


def _fhir_facts(population: Population) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in ("Condition", "Observation", "MedicationRequest", "MedicationStatement"):
        for r in resources(population.fhir, kind):
            out.setdefault(kind, {})[r["id"]] = r
    for kind in ("Procedure", "FamilyMemberHistory"):
        out[kind] = {r["id"]: r for r in resources(population.fhir, kind)}
    return out


def test_both_forms_hold_the_same_facts_and_fhir_alone_the_ones_omop_cannot(
    population: Population, con: duckdb.DuckDBPyConnection
) -> None:
    fhir = _fhir_facts(population)
    conditions = {
        str(i): (code, str(start), None if end is None else str(end))
        for i, code, start, end in rows(
            con,
            "SELECT condition_occurrence_id, condition_source_value, condition_start_date, "
            "condition_end_date FROM condition_occurrence",
        )
    }
    assert conditions == {
        i: (r["code"]["coding"][0]["code"], r["onsetDateTime"], r.get("abatementDateTime"))
        for i, r in fhir["Condition"].items()
    }
    operators = dict(OPERATORS)
    labs = {
        str(i): (code, str(day), value, unit, operators.get(op))
        for i, code, day, value, unit, op in rows(
            con,
            "SELECT measurement_id, measurement_source_value, measurement_date, value_as_number, "
            "unit_source_value, operator_concept_id FROM measurement",
        )
    }
    observations = fhir["Observation"]
    quantities = {i: r for i, r in observations.items() if "valueQuantity" in r}
    dated = {
        i: (
            r["code"]["coding"][0]["code"],
            r["effectiveDateTime"],
            r["valueQuantity"]["value"],
            r["valueQuantity"].get("unit"),
            r["valueQuantity"].get("comparator"),
        )
        for i, r in quantities.items()
        if "effectiveDateTime" in r
    }
    assert dated == labs
    assert len(quantities) > len(dated), "some results should be undated (FHIR only)"
    coded = {i for i, r in observations.items() if "valueCodeableConcept" in r}
    assert coded == {str(i) for (i,) in rows(con, "SELECT observation_id FROM observation")}
    drugs = {
        str(i): (str(start), str(end))
        for i, start, end in rows(
            con,
            "SELECT drug_exposure_id, drug_exposure_start_date, drug_exposure_end_date "
            "FROM drug_exposure",
        )
    }
    medications = fhir["MedicationRequest"] | fhir["MedicationStatement"]
    spans = {}
    for i, r in medications.items():
        period = r.get("effectivePeriod") or (
            r.get("dosageInstruction", [{}])[0].get("timing", {}).get("repeat", {})
        ).get("boundsPeriod")
        if period is not None:
            spans[i] = (period["start"], period["end"])
    assert spans == drugs
    assert len(medications) > len(spans), "some medications should be undated (FHIR only)"
    procedures = {
        str(i) for (i,) in rows(con, "SELECT procedure_occurrence_id FROM procedure_occurrence")
    }
    assert procedures == set(fhir["Procedure"])
    assert fhir["FamilyMemberHistory"], "family history exists in FHIR only"


@pytest.mark.parametrize("table", [*CDM_TABLES, "death", *("concept", "concept_relationship")])
def test_every_table_has_its_cdm_5_4_columns_and_types(population: Population, table: str) -> None:
    columns = CDM_TABLES.get(table) or TABLES[table]
    described = duckdb.sql(
        f"DESCRIBE SELECT * FROM read_parquet('{population.omop / table}.parquet')"
    ).fetchall()
    assert [(name, kind) for name, kind, *_ in described] == list(columns.items())


def test_the_vocabulary_tables_are_written_with_lowercase_names(population: Population) -> None:
    names = {p.name for p in population.omop.iterdir()}
    assert {f"{t}.parquet" for t in ("concept_ancestor", "vocabulary", "person")} <= names
    for table in ("concept_ancestor", "vocabulary"):
        described = duckdb.sql(
            f"DESCRIBE SELECT * FROM read_parquet('{population.omop / table}.parquet')"
        ).fetchall()
        assert [(n, k) for n, k, *_ in described] == list(TABLES[table].items())


def test_concepts_use_real_omop_ids_where_the_shard_has_them_and_local_ids_otherwise(
    con: duckdb.DuckDBPyConnection,
) -> None:
    found = dict(
        rows(con, "SELECT concept_code, concept_id FROM concept WHERE vocabulary_id = 'LOINC'")
    )
    assert found["2276-4"] != 0
    assert found["8480-6"] == 3004249  # systolic blood pressure in Synthea27Nj
    local = rows(con, "SELECT min(concept_id) FROM concept WHERE concept_id > 2000000000")
    assert local[0][0] is not None


def test_clinical_drugs_reach_their_ingredients_through_rxnorm_has_ing(
    con: duckdb.DuckDBPyConnection,
) -> None:
    linked = rows(
        con,
        "SELECT count(DISTINCT d.drug_concept_id), count(DISTINCT r.concept_id_1) "
        "FROM drug_exposure d LEFT JOIN concept_relationship r "
        "ON r.concept_id_1 = d.drug_concept_id AND r.relationship_id = 'RxNorm has ing' "
        "WHERE d.drug_concept_id <> 0",
    )
    assert linked[0][0] == linked[0][1] > 0


def test_the_fhir_files_read_with_the_real_reader(population: Population) -> None:
    people = records(population.fhir)
    assert len(people) == population.persons
    for person, inputs in list(people.items())[:50]:
        facts = read_fhir_bytes(inputs, person)
        assert facts.patient is not None and facts.patient.id == person


def test_ekbom_check_reads_one_patient_of_the_ndjson_export(population: Population) -> None:
    files = sorted(str(p) for p in population.fhir.glob("*.ndjson"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ekbom",
            "check",
            *files,
            "--patient",
            "3",
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "json",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(orjson.loads(done.stdout)["findings"]) > 30


def test_the_csv_form_loads_with_the_cohort_loaders(tmp_path: Path, knowledge: Knowledge) -> None:
    generate(40, 5, tmp_path, formats="omop-csv", as_of=AS_OF)
    db = duckdb.connect()
    assert load_vocabulary(tmp_path / "omop", db)["concept"] > 100
    counts = load_cdm(tmp_path / "omop", db)
    assert counts["person"] == 40 and counts["condition_occurrence"] > 0
    from ekbom.cohort.concepts import resolve_concepts

    resolve_concepts(knowledge, db, drug_concepts="SELECT drug_concept_id FROM drug_exposure")
    create_events(knowledge, db)
    assert rows(db, "SELECT count(*) FROM ekbom_lab")[0][0] > 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--persons", "0"], "--persons"),
        (["--persons", "5", "--format", "xml"], "--format"),
        (["--persons", "5", "--as-of", "2025-13-01"], "--as-of"),
        (["--persons", "5", "--density", "dense"], "--density"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_status_2(
    tmp_path: Path, args: list[str], words: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", "synth", *args, "--out", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
