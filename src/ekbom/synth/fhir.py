"""Write the population as FHIR R4 NDJSON, one file per resource type, built in SQL.

Each resource is a DuckDB struct turned into JSON; `json_merge_patch('{}', ...)` drops the
members that are NULL (a FHIR element is absent, never null). Ids are the OMOP row ids
(`fact_id`; the person id for a Patient), so `Observation/123` and `omop:measurement/123` name
the same fact. Every person also gets a medication List dated on the generation date: the FHIR
counterpart of an OMOP observation period, which the cohort reads as complete medication data
(docs/mapping.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.synth.population import BG_KIND, background_sql
from ekbom.synth.prevalence import Density
from ekbom.vocab import System

if TYPE_CHECKING:
    import duckdb

UCUM = System.UCUM.value
LIST_CODES = "http://terminology.hl7.org/CodeSystem/list-example-use-codes"
EMPTY_REASON = "http://terminology.hl7.org/CodeSystem/list-empty-reason"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

_SUBJECT = "{'reference': 'Patient/' || CAST(person_id AS VARCHAR)}"
_CODING = "[{'system': system, 'code': code, 'display': coalesce(display, code)}]"
_ID = "CAST(fact_id AS VARCHAR)"


def _json(struct: str) -> str:
    return f"json_merge_patch('{{}}', to_json({struct}))"


RESOURCES: dict[str, tuple[str, str]] = {
    "Condition": (
        "kind = 'condition'",
        f"""{{'resourceType': 'Condition', 'id': {_ID}, 'subject': {_SUBJECT},
            'code': {{'coding': {_CODING}}}, 'onsetDateTime': day,
            'abatementDateTime': end_day}}""",
    ),
    "Observation": (
        "kind IN ('lab', 'observation')",
        f"""{{'resourceType': 'Observation', 'id': {_ID}, 'status': 'final',
            'category': [{{'coding': [{{'system': '{OBSERVATION_CATEGORY}',
              'code': CASE kind WHEN 'lab' THEN 'laboratory' ELSE 'social-history' END}}]}}],
            'code': {{'coding': {_CODING}}}, 'subject': {_SUBJECT}, 'effectiveDateTime': day,
            'valueQuantity': CASE WHEN kind = 'lab' THEN {{'value': value,
              'comparator': comparator, 'unit': unit,
              'system': CASE WHEN unit IS NOT NULL THEN '{UCUM}' END, 'code': unit}} END,
            'valueCodeableConcept': CASE WHEN value_code IS NOT NULL THEN {{'coding': [{{
              'system': value_system, 'code': value_code,
              'display': coalesce(value_display, value_code)}}]}} END}}""",
    ),
    "MedicationRequest": (
        "kind = 'drug' AND resource = 'MedicationRequest'",
        f"""{{'resourceType': 'MedicationRequest', 'id': {_ID},
            'status': CASE WHEN end_day < as_of THEN 'completed' ELSE 'active' END,
            'intent': 'order', 'subject': {_SUBJECT},
            'medicationCodeableConcept': {{'coding': CASE WHEN code IS NOT NULL THEN {_CODING}
              END, 'text': display}},
            'authoredOn': day,
            'dosageInstruction': CASE WHEN day IS NOT NULL THEN [{{'timing': {{'repeat': {{
              'boundsPeriod': {{'start': day, 'end': end_day}}}}}}}}] END}}""",
    ),
    "MedicationStatement": (
        "kind = 'drug' AND resource = 'MedicationStatement'",
        f"""{{'resourceType': 'MedicationStatement', 'id': {_ID},
            'status': CASE WHEN end_day < as_of THEN 'completed' ELSE 'active' END,
            'subject': {_SUBJECT},
            'medicationCodeableConcept': {{'coding': CASE WHEN code IS NOT NULL THEN {_CODING}
              END, 'text': display}},
            'effectivePeriod': CASE WHEN day IS NOT NULL THEN {{'start': day, 'end': end_day}}
              END}}""",
    ),
    "Procedure": (
        "kind = 'procedure'",
        f"""{{'resourceType': 'Procedure', 'id': {_ID}, 'status': 'completed',
            'subject': {_SUBJECT}, 'code': {{'coding': {_CODING}}}, 'performedDateTime': day}}""",
    ),
    "FamilyMemberHistory": (
        "kind = 'family'",
        f"""{{'resourceType': 'FamilyMemberHistory', 'id': {_ID}, 'status': 'completed',
            'patient': {_SUBJECT}, 'date': day,
            'relationship': {{'coding': [{{'system': value_system, 'code': value_code,
              'display': coalesce(value_display, value_code)}}]}},
            'condition': [{{'code': {{'coding': {_CODING}}}}}]}}""",
    ),
}
"""Each resource type: which facts it holds and its JSON struct over a fact row."""


def _facts(density: Density | None, kinds: set[str]) -> str:
    parts = ["SELECT * FROM syn_fact"]
    if density is not None:
        parts += [
            f"SELECT * FROM ({background_sql(density, bg)})"
            for bg, kind in BG_KIND.items()
            if kind in kinds and getattr(density, bg)
        ]
    union = " UNION ALL ".join(parts)
    return f"(SELECT f.*, p.as_of FROM ({union}) f, syn_param p)"


def _write(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> int:
    quoted = str(path).replace("'", "''")
    con.execute(
        f"COPY ({query}) TO '{quoted}' "
        "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\t')"
    )
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def _patients() -> str:
    return f"""SELECT {
        _json('''{'resourceType': 'Patient', 'id': CAST(person_id AS VARCHAR),
        'gender': sex,
        'birthDate': CASE WHEN year_only THEN CAST(year(birth) AS VARCHAR)
                          ELSE strftime(birth, '%Y-%m-%d') END,
        'deceasedDateTime': death}''')
    } AS line
        FROM syn_person ORDER BY person_id"""


def _lists(density: Density | None) -> str:
    meds = _facts(density, {"drug"})
    entry = "{'item': {'reference': resource || '/' || CAST(fact_id AS VARCHAR)}}"
    return f"""
        WITH m AS (
          SELECT person_id, list({entry} ORDER BY fact_id) AS entries
          FROM {meds} WHERE kind = 'drug' GROUP BY person_id)
        SELECT {
        _json(f'''{{'resourceType': 'List', 'id': 'medications-' || CAST(pe.person_id AS VARCHAR),
            'status': 'current', 'mode': 'snapshot',
            'code': {{'coding': [{{'system': '{LIST_CODES}', 'code': 'medications'}}]}},
            'subject': {{'reference': 'Patient/' || CAST(pe.person_id AS VARCHAR)}},
            'date': p.as_of, 'entry': m.entries,
            'emptyReason': CASE WHEN m.entries IS NULL THEN {{'coding': [{{
              'system': '{EMPTY_REASON}', 'code': 'nilknown'}}]}} END}}''')
    } AS line
        FROM syn_person pe CROSS JOIN syn_param p LEFT JOIN m USING (person_id)
        WHERE NOT pe.empty ORDER BY pe.person_id"""


def write_fhir(
    con: duckdb.DuckDBPyConnection, out: Path, density: Density | None
) -> dict[str, int]:
    """Write one NDJSON file per resource type to `out`; returns resources per type."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {"Patient": _write(con, _patients(), out / "Patient.ndjson")}
    for resource, (where, struct) in RESOURCES.items():
        kinds = {"lab", "observation", "condition", "drug", "procedure", "family"}
        source = _facts(density, kinds)
        query = f"SELECT {_json(struct)} AS line FROM {source} WHERE {where} ORDER BY fact_id"
        counts[resource] = _write(con, query, out / f"{resource}.ndjson")
    counts["List"] = _write(con, _lists(density), out / "List.ndjson")
    return counts
