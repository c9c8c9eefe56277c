"""A synthetic OMOP population of N persons, made by DuckDB SQL from the Synthea27Nj shard.

Until `ekbom synth --format omop-parquet` exists, the engine agreement test and the benchmark
need many persons with realistic, varied records. Each generated person takes one of the 28
shard persons as a template and is then moved and changed by set operations, seeded and
deterministic: every date shifted by the person's own offset (up to +/- 2,000 days), about
15 % of condition and drug rows and 80 % of procedure and observation rows dropped, laboratory
values of the knowledge's tests scaled by 0.6 to 1.4 (so statuses cross the thresholds) and
other measurements thinned to 10 %. The vocabulary is the shard's. `index.csv` gives every
person the shard's date 2009-09-10 moved by its offset, plus pairs that must be left out.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ekbom.cohort.events import CDM_TABLES
from ekbom.cohort.source import load_folder
from ekbom.cohort.vocabulary import TABLES as VOCABULARY_TABLES
from ekbom.kb.load import load_knowledge

AS_OF = "2009-09-10"


def make_population(template: Path, n: int, seed: int, out: Path) -> Path:
    """Write person ... observation Parquet files, the vocabulary and `index.csv` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    load_folder(template, con)
    loinc = sorted({e.code for e in load_knowledge().lab_codes.entries})
    con.execute("CREATE TEMP TABLE lab_code (code VARCHAR)")
    con.executemany("INSERT INTO lab_code VALUES (?)", [(c,) for c in loinc])
    con.execute(
        "CREATE TEMP TABLE lab_concept AS SELECT concept_id FROM concept c "
        "JOIN lab_code k ON c.vocabulary_id = 'LOINC' AND c.concept_code = k.code"
    )
    con.execute(
        """
        CREATE TEMP TABLE gen AS
        WITH t AS (SELECT person_id, row_number() OVER (ORDER BY person_id) - 1 AS k,
                          count(*) OVER () AS m FROM person)
        SELECT CAST(r.range + 1 AS BIGINT) AS person_id, t.person_id AS tpl,
               CAST(hash(r.range, ?) % 4001 AS INTEGER) - 2000 AS shift
        FROM range(?) r JOIN t ON t.k = hash(r.range, ?, 'template') % t.m
        """,
        [seed, n, seed],
    )

    def keep(key: str, percent: int) -> str:
        return f"hash({key}, g.person_id, {seed}) % 100 < {percent}"

    tables = {
        "person": """
            SELECT g.person_id, p.gender_concept_id,
                   year(b) AS year_of_birth, month(b) AS month_of_birth, day(b) AS day_of_birth,
                   CAST(b AS TIMESTAMP) AS birth_datetime, p.race_concept_id,
                   p.ethnicity_concept_id, p.location_id, p.provider_id, p.care_site_id,
                   CAST(g.person_id AS VARCHAR) AS person_source_value, p.gender_source_value,
                   p.gender_source_concept_id, p.race_source_value, p.race_source_concept_id,
                   p.ethnicity_source_value, p.ethnicity_source_concept_id
            FROM gen g JOIN person p ON p.person_id = g.tpl,
                 LATERAL (SELECT CAST(coalesce(p.birth_datetime,
                     make_date(p.year_of_birth, 1, 1)) AS DATE) + g.shift AS b)""",
        "observation_period": """
            SELECT row_number() OVER () AS observation_period_id, g.person_id,
                   o.observation_period_start_date + g.shift AS observation_period_start_date,
                   o.observation_period_end_date + g.shift AS observation_period_end_date,
                   o.period_type_concept_id
            FROM gen g JOIN observation_period o ON o.person_id = g.tpl""",
        "death": """
            SELECT g.person_id, d.death_date + g.shift AS death_date,
                   d.death_datetime + to_days(g.shift) AS death_datetime,
                   d.death_type_concept_id, d.cause_concept_id, d.cause_source_value,
                   d.cause_source_concept_id
            FROM gen g JOIN death d ON d.person_id = g.tpl""",
        "condition_occurrence": f"""
            SELECT row_number() OVER () AS condition_occurrence_id, g.person_id,
                   c.condition_concept_id, c.condition_start_date + g.shift,
                   c.condition_start_datetime + to_days(g.shift),
                   c.condition_end_date + g.shift, c.condition_end_datetime + to_days(g.shift),
                   c.condition_type_concept_id, c.condition_status_concept_id, c.stop_reason,
                   c.provider_id, c.visit_occurrence_id, c.visit_detail_id,
                   c.condition_source_value, c.condition_source_concept_id,
                   c.condition_status_source_value
            FROM gen g JOIN condition_occurrence c ON c.person_id = g.tpl
            WHERE {keep("c.condition_occurrence_id", 85)}""",
        "drug_exposure": f"""
            SELECT row_number() OVER () AS drug_exposure_id, g.person_id, d.drug_concept_id,
                   d.drug_exposure_start_date + g.shift,
                   d.drug_exposure_start_datetime + to_days(g.shift),
                   d.drug_exposure_end_date + g.shift,
                   d.drug_exposure_end_datetime + to_days(g.shift),
                   d.verbatim_end_date + g.shift, d.drug_type_concept_id, d.stop_reason,
                   d.refills, d.quantity, d.days_supply, d.sig, d.route_concept_id,
                   d.lot_number, d.provider_id, d.visit_occurrence_id, d.visit_detail_id,
                   d.drug_source_value, d.drug_source_concept_id, d.route_source_value,
                   d.dose_unit_source_value
            FROM gen g JOIN drug_exposure d ON d.person_id = g.tpl
            WHERE {keep("d.drug_exposure_id", 85)}""",
        "procedure_occurrence": f"""
            SELECT row_number() OVER () AS procedure_occurrence_id, g.person_id,
                   x.procedure_concept_id, x.procedure_date + g.shift,
                   x.procedure_datetime + to_days(g.shift), x.procedure_end_date + g.shift,
                   x.procedure_end_datetime + to_days(g.shift), x.procedure_type_concept_id,
                   x.modifier_concept_id, x.quantity, x.provider_id, x.visit_occurrence_id,
                   x.visit_detail_id, x.procedure_source_value, x.procedure_source_concept_id,
                   x.modifier_source_value
            FROM gen g JOIN procedure_occurrence x ON x.person_id = g.tpl
            WHERE {keep("x.procedure_occurrence_id", 20)}""",
        "observation": f"""
            SELECT row_number() OVER () AS observation_id, g.person_id,
                   o.observation_concept_id, o.observation_date + g.shift,
                   o.observation_datetime + to_days(g.shift), o.observation_type_concept_id,
                   o.value_as_number, o.value_as_string, o.value_as_concept_id,
                   o.qualifier_concept_id, o.unit_concept_id, o.provider_id,
                   o.visit_occurrence_id, o.visit_detail_id, o.observation_source_value,
                   o.observation_source_concept_id, o.unit_source_value,
                   o.qualifier_source_value, o.value_source_value, o.observation_event_id,
                   o.obs_event_field_concept_id
            FROM gen g JOIN observation o ON o.person_id = g.tpl
            WHERE {keep("o.observation_id", 20)}""",
        "measurement": f"""
            SELECT row_number() OVER () AS measurement_id, g.person_id,
                   m.measurement_concept_id, m.measurement_date + g.shift,
                   m.measurement_datetime + to_days(g.shift), m.measurement_time,
                   m.measurement_type_concept_id, m.operator_concept_id,
                   CASE WHEN lab THEN round(m.value_as_number
                        * (0.6 + (hash(m.measurement_id, g.person_id, {seed}) % 81) / 100.0), 1)
                        ELSE m.value_as_number END,
                   m.value_as_concept_id, m.unit_concept_id, m.range_low, m.range_high,
                   m.provider_id, m.visit_occurrence_id, m.visit_detail_id,
                   m.measurement_source_value, m.measurement_source_concept_id,
                   m.unit_source_value, m.unit_source_concept_id, m.value_source_value,
                   m.measurement_event_id, m.meas_event_field_concept_id
            FROM gen g JOIN (SELECT *, measurement_concept_id IN
                               (SELECT concept_id FROM lab_concept) AS lab
                             FROM measurement) m ON m.person_id = g.tpl
            WHERE lab OR {keep("m.measurement_id", 10)}""",
    }
    for table, query in tables.items():
        names = ", ".join(CDM_TABLES[table])
        con.execute(
            f"COPY (SELECT * FROM ({query}) AS t({names})) TO '{out / table}.parquet' "
            "(FORMAT parquet)"
        )
    for table in VOCABULARY_TABLES:
        con.execute(f"COPY {table} TO '{out / table}.parquet' (FORMAT parquet)")
    con.execute(
        f"""
        COPY (
          SELECT person_id, CAST(DATE '{AS_OF}' + shift AS DATE) AS index_date FROM gen
          UNION ALL SELECT {n} + 7, DATE '{AS_OF}'
          UNION ALL SELECT 1, DATE '1900-01-01'
          ORDER BY person_id, index_date
        ) TO '{out / "index.csv"}' (FORMAT csv, HEADER true)
        """
    )
    con.close()
    return out / "index.csv"
