"""OMOP CDM clinical tables and set-based event views over them, in DuckDB.

`load_cdm(folder, con)` reads the clinical tables ekbom needs from a folder of CDM 5.4 CSV files
into typed tables (the CSV reader streams them; no row passes through Python). A missing or
header-only file gives an empty table, so queries need not test for it.

`create_events(knowledge, con)` loads the knowledge's small constant tables (tests, unit
conversions, derived ratios) and creates views that put the clinical rows in ekbom's terms:

* `ekbom_person(person_id, sex, birth_lo, birth_hi)`: sex `male`, `female`, `other`, `unknown`
  or NULL (missing); `birth_lo` = `birth_hi` = the birth date, a partial one on its first
  day (a year of birth alone is 1 January), as the FHIR reader reads it.
* `ekbom_condition(person_id, set_name, start_day, end_day)`: by `condition_concept_id` or
  `condition_source_concept_id` in `ekbom_concept_set`.
* `ekbom_lab(person_id, measurement_id, test, day, value, low, high, low_open, high_open,
  interpretable, abnormal_rank)`: `value` in the test's canonical unit, converted through
  `ekbom_unit` (units.csv) by the UCUM `concept_code` of `unit_concept_id`, else the
  `unit_source_value` when the unit concept is 0 or absent from CONCEPT. A unit not in the table
  gives a row with `interpretable` false and NULL values: never guessed. Derived tests (TSAT
  from iron and TIBC the same day) are added from `ekbom_lab_derived`. `abnormal_rank` orders a
  day's results most abnormal first for the test's direction.
* `ekbom_medication(person_id, drug_exposure_id, start_day, end_day, resolved)` and
  `ekbom_drug(person_id, drug_exposure_id, ingredient, start_day, end_day)` via
  `ekbom_drug_ingredient`.
* `ekbom_procedure(person_id, set_name, day)`, `ekbom_observation(person_id, set_name, day,
  value_concept_id)` (coded values only, as the engine ignores observations without one).
* `ekbom_observation_period(person_id, start_day, end_day)`.

OMOP has no verification status: every condition row counts as confirmed. TODO: topical and eye
or ear forms are not yet told apart (every drug row counts as systemic), and a row's end date is
taken as known (CDM 5.4 requires `drug_exposure_end_date`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.cohort.backend import load_error
from ekbom.cohort.notes import COLUMNS as MENTION_COLUMNS
from ekbom.cohort.notes import TABLE as MENTION_TABLE
from ekbom.cohort.vocabulary import find_file
from ekbom.errors import InputError

if TYPE_CHECKING:
    import duckdb

    from ekbom.kb.knowledge import Knowledge

_PERSON = {
    "person_id": "BIGINT",
    "gender_concept_id": "INTEGER",
    "year_of_birth": "INTEGER",
    "month_of_birth": "INTEGER",
    "day_of_birth": "INTEGER",
    "birth_datetime": "TIMESTAMP",
    "race_concept_id": "INTEGER",
    "ethnicity_concept_id": "INTEGER",
    "location_id": "BIGINT",
    "provider_id": "BIGINT",
    "care_site_id": "BIGINT",
    "person_source_value": "VARCHAR",
    "gender_source_value": "VARCHAR",
    "gender_source_concept_id": "INTEGER",
    "race_source_value": "VARCHAR",
    "race_source_concept_id": "INTEGER",
    "ethnicity_source_value": "VARCHAR",
    "ethnicity_source_concept_id": "INTEGER",
}

CDM_TABLES: dict[str, dict[str, str]] = {
    "person": _PERSON,
    "note": {
        "note_id": "BIGINT",
        "person_id": "BIGINT",
        "note_date": "DATE",
        "note_datetime": "TIMESTAMP",
        "note_type_concept_id": "INTEGER",
        "note_class_concept_id": "INTEGER",
        "note_title": "VARCHAR",
        "note_text": "VARCHAR",
        "encoding_concept_id": "INTEGER",
        "language_concept_id": "INTEGER",
        "provider_id": "BIGINT",
        "visit_occurrence_id": "BIGINT",
        "visit_detail_id": "BIGINT",
        "note_source_value": "VARCHAR",
        "note_event_id": "BIGINT",
        "note_event_field_concept_id": "INTEGER",
    },
    "observation_period": {
        "observation_period_id": "BIGINT",
        "person_id": "BIGINT",
        "observation_period_start_date": "DATE",
        "observation_period_end_date": "DATE",
        "period_type_concept_id": "INTEGER",
    },
    "death": {
        "person_id": "BIGINT",
        "death_date": "DATE",
        "death_datetime": "TIMESTAMP",
        "death_type_concept_id": "INTEGER",
        "cause_concept_id": "INTEGER",
        "cause_source_value": "VARCHAR",
        "cause_source_concept_id": "INTEGER",
    },
    "condition_occurrence": {
        "condition_occurrence_id": "BIGINT",
        "person_id": "BIGINT",
        "condition_concept_id": "INTEGER",
        "condition_start_date": "DATE",
        "condition_start_datetime": "TIMESTAMP",
        "condition_end_date": "DATE",
        "condition_end_datetime": "TIMESTAMP",
        "condition_type_concept_id": "INTEGER",
        "condition_status_concept_id": "INTEGER",
        "stop_reason": "VARCHAR",
        "provider_id": "BIGINT",
        "visit_occurrence_id": "BIGINT",
        "visit_detail_id": "BIGINT",
        "condition_source_value": "VARCHAR",
        "condition_source_concept_id": "INTEGER",
        "condition_status_source_value": "VARCHAR",
    },
    "measurement": {
        "measurement_id": "BIGINT",
        "person_id": "BIGINT",
        "measurement_concept_id": "INTEGER",
        "measurement_date": "DATE",
        "measurement_datetime": "TIMESTAMP",
        "measurement_time": "VARCHAR",
        "measurement_type_concept_id": "INTEGER",
        "operator_concept_id": "INTEGER",
        "value_as_number": "DOUBLE",
        "value_as_concept_id": "INTEGER",
        "unit_concept_id": "INTEGER",
        "range_low": "DOUBLE",
        "range_high": "DOUBLE",
        "provider_id": "BIGINT",
        "visit_occurrence_id": "BIGINT",
        "visit_detail_id": "BIGINT",
        "measurement_source_value": "VARCHAR",
        "measurement_source_concept_id": "INTEGER",
        "unit_source_value": "VARCHAR",
        "unit_source_concept_id": "INTEGER",
        "value_source_value": "VARCHAR",
        "measurement_event_id": "BIGINT",
        "meas_event_field_concept_id": "INTEGER",
    },
    "drug_exposure": {
        "drug_exposure_id": "BIGINT",
        "person_id": "BIGINT",
        "drug_concept_id": "INTEGER",
        "drug_exposure_start_date": "DATE",
        "drug_exposure_start_datetime": "TIMESTAMP",
        "drug_exposure_end_date": "DATE",
        "drug_exposure_end_datetime": "TIMESTAMP",
        "verbatim_end_date": "DATE",
        "drug_type_concept_id": "INTEGER",
        "stop_reason": "VARCHAR",
        "refills": "INTEGER",
        "quantity": "DOUBLE",
        "days_supply": "INTEGER",
        "sig": "VARCHAR",
        "route_concept_id": "INTEGER",
        "lot_number": "VARCHAR",
        "provider_id": "BIGINT",
        "visit_occurrence_id": "BIGINT",
        "visit_detail_id": "BIGINT",
        "drug_source_value": "VARCHAR",
        "drug_source_concept_id": "INTEGER",
        "route_source_value": "VARCHAR",
        "dose_unit_source_value": "VARCHAR",
    },
    "procedure_occurrence": {
        "procedure_occurrence_id": "BIGINT",
        "person_id": "BIGINT",
        "procedure_concept_id": "INTEGER",
        "procedure_date": "DATE",
        "procedure_datetime": "TIMESTAMP",
        "procedure_end_date": "DATE",
        "procedure_end_datetime": "TIMESTAMP",
        "procedure_type_concept_id": "INTEGER",
        "modifier_concept_id": "INTEGER",
        "quantity": "INTEGER",
        "provider_id": "BIGINT",
        "visit_occurrence_id": "BIGINT",
        "visit_detail_id": "BIGINT",
        "procedure_source_value": "VARCHAR",
        "procedure_source_concept_id": "INTEGER",
        "modifier_source_value": "VARCHAR",
    },
    "observation": {
        "observation_id": "BIGINT",
        "person_id": "BIGINT",
        "observation_concept_id": "INTEGER",
        "observation_date": "DATE",
        "observation_datetime": "TIMESTAMP",
        "observation_type_concept_id": "INTEGER",
        "value_as_number": "DOUBLE",
        "value_as_string": "VARCHAR",
        "value_as_concept_id": "INTEGER",
        "qualifier_concept_id": "INTEGER",
        "unit_concept_id": "INTEGER",
        "provider_id": "BIGINT",
        "visit_occurrence_id": "BIGINT",
        "visit_detail_id": "BIGINT",
        "observation_source_value": "VARCHAR",
        "observation_source_concept_id": "INTEGER",
        "unit_source_value": "VARCHAR",
        "qualifier_source_value": "VARCHAR",
        "value_source_value": "VARCHAR",
        "observation_event_id": "BIGINT",
        "obs_event_field_concept_id": "INTEGER",
    },
}
"""The clinical tables read, their CDM 5.4 columns in file order and types (NUMERIC as DOUBLE)."""

OPERATORS: dict[int, str] = {4171756: "<", 4171754: "<=", 4172703: "=", 4171755: ">=", 4172704: ">"}
"""OMOP `operator_concept_id` to the comparator it stands for."""

GENDERS: dict[int, str] = {
    8507: "male",
    8532: "female",
    8521: "other",
    8570: "other",
    8551: "unknown",
}
"""OMOP `gender_concept_id` to administrative sex; 0 or anything else is missing."""


def load_cdm(folder: Path, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Load the clinical CDM tables of a CSV folder into typed tables; returns rows per table.

    Raises:
        InputError: a file's header does not name the CDM 5.4 columns in order.
    """
    counts: dict[str, int] = {}
    for table, columns in CDM_TABLES.items():
        ddl = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        con.execute(f"CREATE OR REPLACE TABLE {table} ({ddl})")
        path = find_file(folder, table)
        if path is not None:
            load_cdm_table(con, table, columns, path)
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def load_cdm_table(
    con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str], path: Path
) -> None:
    """Stream one CDM CSV file (comma, quoted, ISO dates) into the existing typed table."""
    if not _has_rows(path, columns):
        return
    spec = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    try:
        con.execute(
            f"INSERT INTO {table} SELECT * FROM read_csv(?, header = true, delim = ',', "
            f"quote = '\"', dateformat = '%Y-%m-%d', columns = {{{spec}}})",
            [str(path)],
        )
    except Exception as error:  # duckdb's ConversionException, InvalidInputException...
        raise InputError(str(path), load_error(error)) from None


def _has_rows(path: Path, columns: dict[str, str]) -> bool:
    with path.open(encoding="utf-8") as handle:
        header = handle.readline()
        body = handle.readline()
    names = [h.strip().strip('"').lower() for h in header.strip().split(",")]
    if names != list(columns):
        raise InputError(str(path), f"expected the CDM 5.4 columns {', '.join(columns)}")
    return bool(body.strip())


def load_lab_tables(knowledge: Knowledge, con: duckdb.DuckDBPyConnection) -> None:
    """The knowledge's tests, unit conversions and derived ratios as small tables."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_lab_test "
        "(test VARCHAR, unit VARCHAR, low_is_abnormal BOOLEAN)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_unit (test VARCHAR, unit VARCHAR, multiply DOUBLE)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_lab_derived "
        "(test VARCHAR, numerator VARCHAR, denominator VARCHAR, multiply DOUBLE)"
    )
    tests = knowledge.labs.tests
    con.executemany(
        "INSERT INTO ekbom_lab_test VALUES (?, ?, ?)",
        [(name, spec.unit, spec.abnormal == "low") for name, spec in tests.items()],
    )
    units = {(c.test, c.unit.strip()): c.multiply for c in knowledge.units.conversions}
    if units:
        con.executemany(
            "INSERT INTO ekbom_unit VALUES (?, ?, ?)", [(t, u, m) for (t, u), m in units.items()]
        )
    derived = [
        (name, s.derived.numerator, s.derived.denominator, s.derived.multiply)
        for name, s in tests.items()
        if s.derived is not None
    ]
    if derived:
        con.executemany("INSERT INTO ekbom_lab_derived VALUES (?, ?, ?, ?)", derived)


def create_events(knowledge: Knowledge, con: duckdb.DuckDBPyConnection) -> None:
    """Create the event views over loaded CDM tables and resolved concepts (see the module)."""
    load_lab_tables(knowledge, con)
    genders = " ".join(f"WHEN {cid} THEN '{sex}'" for cid, sex in GENDERS.items())
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_person AS
        WITH b AS (
          SELECT person_id, gender_concept_id,
                 CASE WHEN birth_datetime IS NOT NULL THEN CAST(birth_datetime AS DATE)
                      WHEN month_of_birth IS NOT NULL AND day_of_birth IS NOT NULL
                      THEN make_date(year_of_birth, month_of_birth, day_of_birth) END AS exact,
                 year_of_birth, month_of_birth
          FROM person)
        SELECT person_id,
               CASE gender_concept_id {genders} END AS sex,
               coalesce(exact, make_date(year_of_birth, coalesce(month_of_birth, 1), 1))
                 AS birth_lo,
               -- A partial birth date starts on its first day, as the FHIR reader reads
               -- birthDate "1977" (CONTRACT.md, Dates): one record, one answer.
               coalesce(exact, make_date(year_of_birth, coalesce(month_of_birth, 1), 1))
                 AS birth_hi
        FROM b
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_condition AS
        SELECT DISTINCT c.person_id, s.set_name, c.condition_occurrence_id,
               c.condition_start_date AS start_day, c.condition_end_date AS end_day
        FROM condition_occurrence c JOIN ekbom_concept_set s
          ON s.concept_id = c.condition_concept_id
        WHERE s.concept_id <> 0 AND c.condition_start_date IS NOT NULL
        UNION
        SELECT c.person_id, s.set_name, c.condition_occurrence_id,
               c.condition_start_date AS start_day, c.condition_end_date AS end_day
        FROM condition_occurrence c JOIN ekbom_concept_set s
          ON s.concept_id = c.condition_source_concept_id
        WHERE s.concept_id <> 0 AND c.condition_start_date IS NOT NULL
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_procedure AS
        SELECT DISTINCT p.person_id, s.set_name, p.procedure_occurrence_id,
               p.procedure_date AS day
        FROM procedure_occurrence p JOIN ekbom_concept_set s
          ON s.concept_id = p.procedure_concept_id
        WHERE s.concept_id <> 0 AND p.procedure_date IS NOT NULL
        UNION
        SELECT p.person_id, s.set_name, p.procedure_occurrence_id, p.procedure_date AS day
        FROM procedure_occurrence p JOIN ekbom_concept_set s
          ON s.concept_id = p.procedure_source_concept_id
        WHERE s.concept_id <> 0 AND p.procedure_date IS NOT NULL
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_observation AS
        SELECT DISTINCT o.person_id, s.set_name, o.observation_id, o.observation_date AS day,
               o.value_as_concept_id AS value_concept_id
        FROM observation o JOIN ekbom_concept_set s
          ON s.concept_id = o.observation_concept_id
        WHERE s.concept_id <> 0 AND o.observation_date IS NOT NULL
          AND coalesce(o.value_as_concept_id, 0) <> 0
        UNION
        SELECT o.person_id, s.set_name, o.observation_id, o.observation_date AS day,
               o.value_as_concept_id AS value_concept_id
        FROM observation o JOIN ekbom_concept_set s
          ON s.concept_id = o.observation_source_concept_id
        WHERE s.concept_id <> 0 AND o.observation_date IS NOT NULL
          AND coalesce(o.value_as_concept_id, 0) <> 0
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_observation_period AS
        SELECT person_id, observation_period_start_date AS start_day,
               observation_period_end_date AS end_day
        FROM observation_period
    """)
    _create_labs(con)
    _create_drugs(con)
    # Note mentions are filled later, when OMOP NOTE is read (ekbom.cohort.notes.read_notes).
    con.execute(f"CREATE OR REPLACE TEMP TABLE {MENTION_TABLE} ({MENTION_COLUMNS})")


def _create_labs(con: duckdb.DuckDBPyConnection) -> None:
    operators = " ".join(f"WHEN {cid} THEN '{op}'" for cid, op in OPERATORS.items())
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_lab_raw AS
        WITH hit AS (
          SELECT m.measurement_id, m.person_id, s.set_name, m.measurement_date,
                 m.value_as_number, m.operator_concept_id, m.unit_concept_id,
                 m.unit_source_value
          FROM measurement m JOIN ekbom_concept_set s ON s.concept_id = m.measurement_concept_id
          WHERE s.concept_id <> 0
          UNION
          SELECT m.measurement_id, m.person_id, s.set_name, m.measurement_date,
                 m.value_as_number, m.operator_concept_id, m.unit_concept_id,
                 m.unit_source_value
          FROM measurement m
          JOIN ekbom_concept_set s ON s.concept_id = m.measurement_source_concept_id
          WHERE s.concept_id <> 0),
        m AS (
          SELECT h.measurement_id, h.person_id, h.set_name AS test,
                 h.measurement_date AS day, h.value_as_number AS number,
                 CASE h.operator_concept_id {operators} END AS comparator,
                 trim(CASE WHEN u.concept_id IS NULL OR coalesce(h.unit_concept_id, 0) = 0
                      THEN h.unit_source_value ELSE u.concept_code END) AS unit
          FROM hit h
          JOIN ekbom_lab_test t ON t.test = h.set_name
          LEFT JOIN concept u ON u.concept_id = h.unit_concept_id AND h.unit_concept_id <> 0
          WHERE h.measurement_date IS NOT NULL AND h.value_as_number IS NOT NULL)
        SELECT m.person_id, m.measurement_id, m.test, m.day, m.unit,
               m.number * f.multiply AS value,
               CASE WHEN m.comparator IN ('<', '<=') THEN NULL
                    ELSE m.number * f.multiply END AS low,
               CASE WHEN m.comparator IN ('>', '>=') THEN NULL
                    ELSE m.number * f.multiply END AS high,
               coalesce(m.comparator = '>', false) AS low_open,
               coalesce(m.comparator = '<', false) AS high_open,
               f.multiply IS NOT NULL AS interpretable
        FROM m LEFT JOIN ekbom_unit f ON f.test = m.test AND f.unit = m.unit
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_lab AS
        WITH base AS (
          SELECT person_id, measurement_id, test, day, value, low, high, low_open, high_open,
                 interpretable
          FROM ekbom_lab_raw),
        top AS (
          SELECT b.person_id, d.test, b.day, min(b.value) AS value
          FROM base b JOIN ekbom_lab_derived d ON b.test = d.numerator
          WHERE b.interpretable AND b.low = b.high GROUP BY b.person_id, d.test, b.day),
        bottom AS (
          SELECT b.person_id, d.test, b.day, max(b.value) AS value
          FROM base b JOIN ekbom_lab_derived d ON b.test = d.denominator
          WHERE b.interpretable AND b.low = b.high AND b.value > 0
          GROUP BY b.person_id, d.test, b.day),
        derived AS (
          SELECT t.person_id, CAST(NULL AS BIGINT) AS measurement_id, t.test, t.day,
                 t.value / b.value * d.multiply AS value
          FROM top t JOIN bottom b USING (person_id, test, day)
          JOIN ekbom_lab_derived d ON d.test = t.test),
        everything AS (
          SELECT * FROM base
          UNION ALL
          SELECT person_id, measurement_id, test, day, value, value, value, false, false, true
          FROM derived)
        SELECT e.*,
               CASE WHEN t.low_is_abnormal THEN e.value ELSE -e.value END AS abnormal_rank
        FROM everything e JOIN ekbom_lab_test t USING (test)
    """)


def _create_drugs(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_medication AS
        SELECT d.person_id, d.drug_exposure_id, d.drug_exposure_start_date AS start_day,
               d.drug_exposure_end_date AS end_day,
               EXISTS (SELECT 1 FROM ekbom_drug_ingredient i
                       WHERE i.drug_concept_id = d.drug_concept_id
                         AND i.route <> 'unresolved') AS resolved
        FROM drug_exposure d
        WHERE d.drug_exposure_start_date IS NOT NULL
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_drug AS
        SELECT DISTINCT d.person_id, d.drug_exposure_id, i.ingredient,
               d.drug_exposure_start_date AS start_day, d.drug_exposure_end_date AS end_day
        FROM drug_exposure d JOIN ekbom_drug_ingredient i
          ON i.drug_concept_id = d.drug_concept_id
        WHERE i.ingredient IS NOT NULL AND d.drug_exposure_start_date IS NOT NULL
    """)
