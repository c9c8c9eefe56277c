"""Write the population as OMOP CDM 5.4 tables (Parquet or CSV), vocabulary included.

Every column of every table is written with its CDM 5.4 type (`ekbom.cohort.events.CDM_TABLES`
and `ekbom.cohort.vocabulary.TABLES`), in CDM column order, under lowercase file names. Facts
OMOP cannot hold (undated results and medications, family history) are left out: they exist in
the FHIR form only (docs/mapping.md). A clinical table the cohort reads but the generator has no
facts for (`note`) is written empty, with its columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.cohort.events import CDM_TABLES, GENDERS, OPERATORS
from ekbom.cohort.vocabulary import TABLES
from ekbom.synth.catalog import Catalog, concept_key
from ekbom.synth.population import BG_KIND, background_sql, small
from ekbom.synth.prevalence import Density

if TYPE_CHECKING:
    import duckdb

    from ekbom.kb.knowledge import Knowledge

EHR = 32817
"""OMOP type concept 'EHR': every row comes from an (imagined) electronic health record."""
GENDER_ID = {sex: cid for cid, sex in GENDERS.items() if sex in ("female", "male")}
OPERATOR_ID = {op: cid for cid, op in OPERATORS.items()}
VOCAB_TABLES = ("concept", "concept_relationship", "concept_ancestor", "vocabulary")

_CLINICAL: dict[str, tuple[str, dict[str, str]]] = {
    "condition_occurrence": (
        "condition",
        {
            "condition_occurrence_id": "fact_id",
            "person_id": "person_id",
            "condition_concept_id": "concept_id",
            "condition_start_date": "day",
            "condition_end_date": "end_day",
            "condition_type_concept_id": str(EHR),
            "condition_source_value": "code",
            "condition_source_concept_id": "concept_id",
        },
    ),
    "measurement": (
        "lab",
        {
            "measurement_id": "fact_id",
            "person_id": "person_id",
            "measurement_concept_id": "concept_id",
            "measurement_date": "day",
            "measurement_type_concept_id": str(EHR),
            "operator_concept_id": "operator_id",
            "value_as_number": "value",
            "unit_concept_id": "unit_concept_id",
            "measurement_source_value": "code",
            "measurement_source_concept_id": "concept_id",
            "unit_source_value": "unit",
        },
    ),
    "drug_exposure": (
        "drug",
        {
            "drug_exposure_id": "fact_id",
            "person_id": "person_id",
            "drug_concept_id": "concept_id",
            "drug_exposure_start_date": "day",
            "drug_exposure_end_date": "end_day",
            "verbatim_end_date": "end_day",
            "drug_type_concept_id": str(EHR),
            "drug_source_value": "display",
            "drug_source_concept_id": "concept_id",
        },
    ),
    "procedure_occurrence": (
        "procedure",
        {
            "procedure_occurrence_id": "fact_id",
            "person_id": "person_id",
            "procedure_concept_id": "concept_id",
            "procedure_date": "day",
            "procedure_type_concept_id": str(EHR),
            "procedure_source_value": "code",
            "procedure_source_concept_id": "concept_id",
        },
    ),
    "observation": (
        "observation",
        {
            "observation_id": "fact_id",
            "person_id": "person_id",
            "observation_concept_id": "concept_id",
            "observation_date": "day",
            "observation_type_concept_id": str(EHR),
            "value_as_concept_id": "value_concept_id",
            "observation_source_value": "code",
            "observation_source_concept_id": "concept_id",
            "value_source_value": "value_code",
        },
    ),
}
"""Each clinical table: the fact kind it holds and its columns' expressions over a fact row."""


def typed_select(columns: dict[str, str], given: dict[str, str], source: str) -> str:
    """`SELECT` every CDM column in order with its type; columns not given are NULL."""
    parts = [
        f"CAST({given.get(name, 'NULL')} AS {kind}) AS {name}" for name, kind in columns.items()
    ]
    return f"SELECT {', '.join(parts)} FROM {source}"


def _operator_case() -> str:
    whens = " ".join(f"WHEN '{op}' THEN {cid}" for op, cid in OPERATOR_ID.items())
    return f"CASE comparator {whens} ELSE 0 END"


def _person_sql() -> str:
    gender = " ".join(f"WHEN '{sex}' THEN {cid}" for sex, cid in GENDER_ID.items())
    given = {
        "person_id": "person_id",
        "gender_concept_id": f"CASE sex {gender} ELSE 0 END",
        "year_of_birth": "year(birth)",
        "month_of_birth": "CASE WHEN NOT year_only THEN month(birth) END",
        "day_of_birth": "CASE WHEN NOT year_only THEN day(birth) END",
        "birth_datetime": "CASE WHEN NOT year_only THEN birth END",
        "race_concept_id": "0",
        "ethnicity_concept_id": "0",
        "person_source_value": "CAST(person_id AS VARCHAR)",
        "gender_source_value": "sex",
    }
    return typed_select(CDM_TABLES["person"], given, "syn_person ORDER BY person_id")


def clinical_sql(table: str, density: Density | None) -> str:
    """One clinical table from the stored facts and, with a density, the unrelated ones."""
    kind, given = _CLINICAL[table]
    operator = _operator_case()
    facts = f"(SELECT *, {operator} AS operator_id FROM syn_fact WHERE kind = '{kind}' AND omop)"
    parts = [typed_select(CDM_TABLES[table], given, facts)]
    if density is not None:
        for bg, bg_kind in BG_KIND.items():
            if bg_kind == kind and getattr(density, bg):
                source = f"(SELECT *, 0 AS operator_id FROM ({background_sql(density, bg)}))"
                parts.append(typed_select(CDM_TABLES[table], given, source))
    return "\nUNION ALL\n".join(parts)


def write_omop(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    catalog: Catalog,
    knowledge: Knowledge,
    density: Density | None,
    csv: bool = False,
) -> dict[str, int]:
    """Write every table to `out` (one file per table); returns rows per table."""
    out.mkdir(parents=True, exist_ok=True)
    write_vocabulary(con, catalog, knowledge)
    queries = {
        "person": _person_sql(),
        "observation_period": typed_select(
            CDM_TABLES["observation_period"],
            {
                "observation_period_id": "person_id",
                "person_id": "person_id",
                "observation_period_start_date": "obs_start",
                "observation_period_end_date": "obs_end",
                "period_type_concept_id": str(EHR),
            },
            "syn_person",
        ),
        "death": typed_select(
            CDM_TABLES["death"],
            {"person_id": "person_id", "death_date": "death", "death_type_concept_id": str(EHR)},
            "syn_person WHERE death IS NOT NULL",
        ),
        **{table: clinical_sql(table, density) for table in _CLINICAL},
        **{
            table: typed_select(columns, {}, "syn_param WHERE false")
            for table, columns in CDM_TABLES.items()
            if table not in _CLINICAL and table not in ("person", "observation_period", "death")
        },
        **{table: f"SELECT * FROM syn_{table}" for table in VOCAB_TABLES},
    }
    counts = {}
    for table, query in queries.items():
        path = out / f"{table}.{'csv' if csv else 'parquet'}"
        options = "FORMAT csv, HEADER true, DATEFORMAT '%Y-%m-%d'" if csv else "FORMAT parquet"
        con.execute(f"COPY ({query}) TO '{_quoted(path)}' ({options})")
        counts[table] = _count(con, path, csv)
    return counts


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _count(con: duckdb.DuckDBPyConnection, path: Path, csv: bool) -> int:
    reader = "read_csv" if csv else "read_parquet"
    row = con.execute(f"SELECT count(*) FROM {reader}(?)", [str(path)]).fetchone()
    return int(row[0]) if row else 0


def write_vocabulary(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, knowledge: Knowledge
) -> None:
    """`syn_concept`, `syn_concept_relationship`, `syn_concept_ancestor` (empty) and
    `syn_vocabulary`: the concepts the population uses, typed as CDM 5.4."""
    start, end = date(1970, 1, 1), date(2099, 12, 31)
    concepts = [
        (catalog.ids[key], name, domain, key[0], klass, "S", key[1], start, end, None)
        for key, (name, domain, klass) in sorted(catalog.names.items())
    ]
    _table(con, "concept", concepts)
    relations = []
    for drug, ingredient in sorted(catalog.has_ing):
        a = catalog.ids[concept_key(drug, knowledge)]
        b = catalog.ids[concept_key(ingredient, knowledge)]
        relations += [(a, b, "RxNorm has ing", start, end, None)]
        relations += [(b, a, "RxNorm ing of", start, end, None)]
    _table(con, "concept_relationship", relations)
    _table(con, "concept_ancestor", [])
    version = f"ekbom synth, knowledge {knowledge.version}"
    vocabularies = sorted({key[0] for key in catalog.names} | {"None"})
    rows = [(v, v, "ekbom synth", version if v == "None" else None, 0) for v in vocabularies]
    _table(con, "vocabulary", rows)


def _table(con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[tuple[object, ...]]) -> None:
    columns = TABLES[name]
    ddl = ", ".join(f"{column} {kind}" for column, kind in columns.items())
    small(con, f"syn_{name}", ddl, rows)
