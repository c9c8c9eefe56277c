"""Loading OMOP vocabularies: an Athena-format sample written here, and the Synthea27Nj shard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest

from ekbom.cohort.vocabulary import ATHENA, CDM_EXPORT, detect_layout, load_athena, load_vocabulary
from ekbom.errors import InputError
from tests.conftest import require_shared

START, END = "19700101", "20991231"
CONCEPTS = [
    ("900001", "Diphenhydramine", "Drug", "RxNorm", "Ingredient", "S", "3498"),
    (
        "900002",
        "diphenhydramine hydrochloride 25 MG",
        "Drug",
        "RxNorm",
        "Clinical Drug Comp",
        "S",
        "1000002",
    ),
    (
        "900003",
        "diphenhydramine hydrochloride 25 MG Oral Tablet",
        "Drug",
        "RxNorm",
        "Clinical Drug",
        "S",
        "1000003",
    ),
    (
        "900004",
        "diphenhydramine hydrochloride 25 MG Oral Tablet [Benadryl]",
        "Drug",
        "RxNorm",
        "Branded Drug",
        "S",
        "1000004",
    ),
    (
        "900005",
        "diphenhydramine hydrochloride 25 MG Oral Tablet [Benadryl] by Example",
        "Drug",
        "RxNorm Extension",
        "Marketed Product",
        "S",
        "OMOP900005",
    ),
    (
        "900006",
        "Restless legs syndrome",
        "Condition",
        "SNOMED",
        "Clinical Finding",
        "S",
        "32914008",
    ),
    (
        "900007",
        "Restless legs syndrome",
        "Condition",
        "ICD10CM",
        "5-char billing code",
        "",
        "G25.81",
    ),
    (
        "900008",
        "Malignant neoplasm of unspecified site of right female breast",
        "Condition",
        "ICD10CM",
        "6-char billing code",
        "",
        "C50.911",
    ),
    (
        "900009",
        "Other and unspecified malignant neoplasm of skin, unspecified",
        "Condition",
        "ICD10CM",
        "5-char billing code",
        "",
        "C44.91",
    ),
    (
        "900010",
        "Example child of restless legs",
        "Condition",
        "SNOMED",
        "Clinical Finding",
        "S",
        "999000001",
    ),
    (
        "900011",
        "tramadol hydrochloride 50 MG Oral Tablet",
        "Drug",
        "RxNorm",
        "Clinical Drug",
        "S",
        "1000011",
    ),
    ("900012", 'Bandage 5" "wide', "Device", "SNOMED", "Physical Object", "S", "999000002"),
]
RELATIONSHIPS = [
    ("900005", "900004", "Marketed form of"),
    ("900004", "900003", "Tradename of"),
    ("900003", "900002", "Consists of"),
    ("900002", "900001", "RxNorm has ing"),
    ("900007", "900006", "Maps to"),
]
ANCESTORS = [("900006", "900006", "0", "0"), ("900006", "900010", "1", "1")]


def _write(path: Path, header: list[str], rows: Sequence[tuple[str, ...]]) -> None:
    lines = ["\t".join(header), *("\t".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_athena_sample(folder: Path) -> Path:
    """A tiny OHDSI Athena download: tab-separated, unquoted, YYYYMMDD dates."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "CONCEPT.csv",
        [
            "concept_id",
            "concept_name",
            "domain_id",
            "vocabulary_id",
            "concept_class_id",
            "standard_concept",
            "concept_code",
            "valid_start_date",
            "valid_end_date",
            "invalid_reason",
        ],
        [(*row, START, END, "") for row in CONCEPTS],
    )
    _write(
        folder / "CONCEPT_RELATIONSHIP.csv",
        [
            "concept_id_1",
            "concept_id_2",
            "relationship_id",
            "valid_start_date",
            "valid_end_date",
            "invalid_reason",
        ],
        [(*row, START, END, "") for row in RELATIONSHIPS],
    )
    _write(
        folder / "CONCEPT_ANCESTOR.csv",
        [
            "ancestor_concept_id",
            "descendant_concept_id",
            "min_levels_of_separation",
            "max_levels_of_separation",
        ],
        ANCESTORS,
    )
    _write(
        folder / "VOCABULARY.csv",
        [
            "vocabulary_id",
            "vocabulary_name",
            "vocabulary_reference",
            "vocabulary_version",
            "vocabulary_concept_id",
        ],
        [("None", "OMOP Standardized Vocabularies", "", "v5.0 TEST", "44819096")],
    )
    return folder


@pytest.fixture
def athena(tmp_path: Path) -> Path:
    return write_athena_sample(tmp_path / "athena")


def test_athena_sample_counts_and_layout(athena: Path) -> None:
    con = duckdb.connect()
    counts = load_athena(athena, con)
    assert detect_layout(athena) == ATHENA
    assert counts["concept"] == len(CONCEPTS)
    assert counts["concept_relationship"] == len(RELATIONSHIPS)
    assert counts["concept_ancestor"] == len(ANCESTORS)
    assert counts["vocabulary"] == 1
    assert counts["drug_strength"] == 0  # absent file: the table exists, empty


def test_athena_sample_types_dates_and_nulls(athena: Path) -> None:
    con = duckdb.connect()
    load_vocabulary(athena, con)
    types = {name: kind for name, kind, *_ in con.sql("DESCRIBE concept").fetchall()}
    assert types["concept_id"] == "INTEGER"
    assert types["valid_start_date"] == "DATE"
    assert types["concept_code"] == "VARCHAR"
    row = con.sql(
        "SELECT standard_concept, invalid_reason, valid_start_date, valid_end_date "
        "FROM concept WHERE concept_id = 900007"
    ).fetchall()[0]
    assert row == (None, None, dt.date(1970, 1, 1), dt.date(2099, 12, 31))
    name = con.sql("SELECT concept_name FROM concept WHERE concept_id = 900012").fetchall()
    assert name == [('Bandage 5" "wide',)]  # Athena files are unquoted
    ancestor = {k: v for k, v, *_ in con.sql("DESCRIBE concept_ancestor").fetchall()}
    assert set(ancestor.values()) == {"INTEGER"}


def test_missing_concept_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="CONCEPT"):
        load_vocabulary(tmp_path, duckdb.connect())


def test_wrong_columns_are_an_input_error(athena: Path) -> None:
    (athena / "CONCEPT_ANCESTOR.csv").write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"CDM 5\.4 columns"):
        load_athena(athena, duckdb.connect())


def test_synthea_shard_cdm_export_layout() -> None:
    folder = require_shared("omop-synthea27nj")
    con = duckdb.connect()
    assert detect_layout(folder) == CDM_EXPORT
    counts = load_vocabulary(folder, con)
    assert counts["concept"] == 2294
    assert counts["concept_relationship"] == 266588
    assert counts["concept_ancestor"] == 0
    blank = con.sql(
        "SELECT count(*) FROM concept WHERE standard_concept = '' OR invalid_reason = ''"
    ).fetchall()
    assert blank == [(0,)]
    nulls = con.sql("SELECT count(*) FROM concept WHERE standard_concept IS NULL").fetchall()
    assert nulls[0][0] > 0
    assert con.sql("SELECT typeof(valid_start_date) FROM concept LIMIT 1").fetchall() == [("DATE",)]
