"""Hypothesis mutates valid FHIR input; every run ends in a result or in an `InputError`.

Fields are dropped, given values of the wrong JSON type, null, huge or negative numbers, odd
units, empty strings, deeply nested junk and random dates. Whatever comes out, `read_fhir_bytes`
followed by `evaluate` and `render_json` either succeeds or raises `InputError` naming the file
(and the field path when a field is at fault). Any other exception is a bug.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import cache
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekbom.engine.evaluate import evaluate
from ekbom.errors import InputError
from ekbom.kb.knowledge import Knowledge
from ekbom.kb.load import load_knowledge
from ekbom.render.json import render_json
from ekbom.sources.fhir import read_fhir_bytes

AS_OF = date(2026, 11, 24)
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
SUBJECT = {"reference": "Patient/p1"}
FUZZ = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Path = tuple[str | int, ...]


def _code(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


COLLECTION: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:p1",
            "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "birthDate": "1970-05-02",
                "gender": "female",
                "deceasedDateTime": "2030-01-01T00:00:00Z",
            },
        },
        {
            "resource": {
                "resourceType": "Condition",
                "id": "c1",
                "subject": SUBJECT,
                "clinicalStatus": {"coding": [{"code": "active"}]},
                "verificationStatus": {"coding": [{"code": "confirmed"}]},
                "code": _code(SNOMED, "32914008", "Restless legs syndrome"),
                "onsetAge": {"value": 38, "unit": "years", "system": UCUM, "code": "a"},
                "abatementPeriod": {"start": "2030"},
                "recordedDate": "2019-02",
            }
        },
        {
            "resource": {
                "resourceType": "Condition",
                "id": "c2",
                "subject": SUBJECT,
                "code": _code(SNOMED, "46177005", "End-stage renal disease"),
                "onsetDateTime": "2018-07-13T23:30:00-04:00",
                "abatementString": "never",
            }
        },
        {
            "resource": {
                "resourceType": "Observation",
                "id": "o1",
                "subject": SUBJECT,
                "status": "final",
                "code": _code(LOINC, "2276-4", "Ferritin"),
                "effectiveDateTime": "2026-10-01",
                "valueQuantity": {
                    "value": 42,
                    "comparator": "<",
                    "unit": "ng/mL",
                    "system": UCUM,
                    "code": "ng/mL",
                },
            }
        },
        {
            "resource": {
                "resourceType": "Observation",
                "id": "o2",
                "subject": SUBJECT,
                "status": "final",
                "code": _code(LOINC, "85354-9", "Blood pressure"),
                "effectivePeriod": {"start": "2026-11-01", "end": "2026-11-02"},
                "component": [
                    {
                        "code": _code(LOINC, "8480-6", "Systolic"),
                        "valueQuantity": {"value": 120, "system": UCUM, "code": "mm[Hg]"},
                    },
                    {
                        "code": _code(LOINC, "2498-4", "Iron"),
                        "valueCodeableConcept": _code(SNOMED, "10828004", "Positive"),
                    },
                ],
            }
        },
        {
            "resource": {
                "resourceType": "MedicationRequest",
                "id": "m1",
                "subject": SUBJECT,
                "status": "active",
                "medicationCodeableConcept": _code(
                    RXNORM, "1049630", "diphenhydramine 25 MG Oral Tablet"
                ),
                "authoredOn": "2026-11-01",
                "dosageInstruction": [
                    {
                        "route": _code(SNOMED, "26643006", "Oral route"),
                        "timing": {"repeat": {"boundsPeriod": {"start": "2026-11-01"}}},
                    }
                ],
            }
        },
        {
            "resource": {
                "resourceType": "MedicationDispense",
                "id": "m2",
                "subject": SUBJECT,
                "status": "completed",
                "medicationCodeableConcept": _code(RXNORM, "704", "amitriptyline"),
                "whenHandedOver": "2026-10-01",
                "daysSupply": {"value": 90, "code": "d"},
            }
        },
        {
            "resource": {
                "resourceType": "Procedure",
                "id": "d1",
                "subject": SUBJECT,
                "status": "completed",
                "code": _code(SNOMED, "265764009", "Renal dialysis"),
                "performedPeriod": {"start": "2026-11-20T06:00:00-04:00"},
            }
        },
        {
            "resource": {
                "resourceType": "FamilyMemberHistory",
                "id": "f1",
                "patient": SUBJECT,
                "status": "completed",
                "date": "2025-06-01T10:00:00+02:00",
                "relationship": {"coding": [{"code": "MTH"}]},
                "condition": [{"code": _code(SNOMED, "32914008", "Restless legs syndrome")}],
            }
        },
        {
            "resource": {
                "resourceType": "List",
                "id": "l1",
                "subject": SUBJECT,
                "status": "current",
                "mode": "snapshot",
                "date": "2026-11-20",
                "code": {"coding": [{"code": "medications"}]},
                "entry": [{"item": {"reference": "MedicationStatement/s1"}}],
            }
        },
        {
            "resource": {
                "resourceType": "Observation",
                "id": "o3",
                "subject": SUBJECT,
                "status": "final",
                "code": _code(LOINC, "75626-2", "AUDIT-C"),
                "effectiveDateTime": "2026-11-01",
                "valueInteger": 7,
            }
        },
        {
            "resource": {
                "resourceType": "MedicationAdministration",
                "id": "a2",
                "subject": SUBJECT,
                "status": "in-progress",
                "medicationCodeableConcept": _code(RXNORM, "7531", "metoclopramide"),
                "effectivePeriod": {"start": "2026-11-23T22:00:00Z"},
            }
        },
        {"resource": {"resourceType": "Encounter", "id": "e1", "subject": SUBJECT}},
    ],
}

TRANSACTION: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "transaction",
    "entry": [
        {
            "fullUrl": "urn:uuid:aaa",
            "resource": {"resourceType": "Patient", "birthDate": "1980"},
            "request": {"method": "POST", "url": "Patient"},
        },
        {
            "fullUrl": "urn:uuid:med",
            "resource": {
                "resourceType": "Medication",
                "code": {"text": "Night-time cold remedy"},
                "ingredient": [{"itemCodeableConcept": _code(RXNORM, "3498", "diphenhydramine")}],
            },
        },
        {
            "fullUrl": "urn:uuid:s1",
            "resource": {
                "resourceType": "MedicationStatement",
                "status": "active",
                "subject": {"reference": "urn:uuid:aaa"},
                "medication": {"reference": {"reference": "urn:uuid:med"}},
                "effectivePeriod": {"start": "2026-11-10", "end": "2026-11-30"},
                "dosage": [{"route": {"text": "topical"}}],
            },
        },
        {
            "fullUrl": "urn:uuid:a1",
            "resource": {
                "resourceType": "MedicationAdministration",
                "status": "completed",
                "subject": {"reference": "urn:uuid:aaa"},
                "contained": [
                    {
                        "resourceType": "Medication",
                        "id": "m",
                        "code": _code(RXNORM, "7531", "metoclopramide"),
                    }
                ],
                "medicationReference": {"reference": "#m"},
                "effectiveDateTime": "2026-11-23",
                "dosage": {"route": _code(SNOMED, "47625008", "Intravenous route")},
            },
        },
        {
            "fullUrl": "urn:uuid:r5",
            "resource": {
                "resourceType": "MedicationRequest",
                "status": "stopped",
                "subject": {"reference": "urn:uuid:aaa"},
                "authoredOn": "2026-11-01",
                "medication": {"concept": _code(RXNORM, "10737", "trazodone")},
            },
        },
        {"request": {"method": "DELETE", "url": "Condition/old"}},
    ],
}

NDJSON_LINES: list[dict[str, Any]] = [entry["resource"] for entry in COLLECTION["entry"]]

ODD_UNITS = [
    "ng/mL",
    "ng/ml",
    "NG/ML",
    "mg/dL",
    "{score}",
    "%",
    "μg/L",
    "ug/L",
    "10*3/uL",
    "[iU]/L",
    "mmol/L",
    "a",
    "mo",
    "d",
    "wk",
    "",
    " ",
    "ng//mL",
    "\u0000",
    "1",
    "/",
]
ODD_DATES = [
    "",
    "2019",
    "2019-02",
    "2019-02-30",
    "2019-13",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59+14:00",
    "2018-07-13T23:30:00-04:00",
    "2020-01-01T25:99",
    "2020-1-1",
    "20200101",
    "yesterday",
    "2020-01-01 10:00",
    "2020-01-01T10:00:00.123456789Z",
    "١٩٩٩-٠١-٠١",
    "2020-02-29",
    "2021-02-29",
]
ODD_NUMBERS: list[Any] = [
    0,
    -1,
    1,
    1e308,
    -1e308,
    10**400,
    -(10**400),
    2**64,
    -(2**63) - 1,
    0.5,
    -0.0,
    5e-324,
    1e-308,
]
FHIR_KEYS = [
    "resourceType",
    "id",
    "subject",
    "patient",
    "code",
    "status",
    "valueQuantity",
    "valueInteger",
    "value",
    "unit",
    "system",
    "comparator",
    "coding",
    "text",
    "component",
    "onsetDateTime",
    "onsetAge",
    "onsetPeriod",
    "abatementDateTime",
    "abatementBoolean",
    "abatementString",
    "abatementAge",
    "clinicalStatus",
    "verificationStatus",
    "effectiveDateTime",
    "effectivePeriod",
    "issued",
    "authoredOn",
    "daysSupply",
    "whenHandedOver",
    "medicationCodeableConcept",
    "medicationReference",
    "medication",
    "contained",
    "ingredient",
    "dosage",
    "dosageInstruction",
    "route",
    "timing",
    "boundsPeriod",
    "entry",
    "fullUrl",
    "resource",
    "reference",
    "birthDate",
    "performedPeriod",
    "performedDateTime",
    "relationship",
    "condition",
    "date",
    "recordedDate",
    "start",
    "end",
    "item",
    "valueCodeableConcept",
    "deceasedDateTime",
]


STRUCTURE_KEYS = frozenset({"resourceType", "entry", "resource"})
FIELD_KEYS = [key for key in FHIR_KEYS if key not in STRUCTURE_KEYS]


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"x": value}
    return value


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(ODD_NUMBERS),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=24),
    st.sampled_from(ODD_UNITS),
    st.sampled_from(ODD_DATES),
    st.just([]),
    st.just({}),
    st.sampled_from([_nested(40), _nested(200)]),
    st.recursive(
        LEAVES,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(FHIR_KEYS), inner, max_size=3)
        ),
        max_leaves=8,
    ),
)


@cache
def knowledge() -> Knowledge:
    """The bundled knowledge, loaded once for the whole module."""
    return load_knowledge()


def paths(value: Any, here: Path = ()) -> list[Path]:
    """Every place in a JSON value (the root excluded), objects' keys and arrays' items."""
    found: list[Path] = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*here, index))
    return found


def containers(value: Any, here: Path = ()) -> list[Path]:
    """Every object in a JSON value, the root included."""
    found: list[Path] = [here] if isinstance(value, dict) else []
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            found += containers(item, (*here, key))
    return found


def at(value: Any, path: Path) -> Any:
    """The value at a path."""
    for step in path:
        value = value[step]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and value[:2] in ("19", "20") and value[:4].isdigit()


# Each mutation: which places it may touch, and what it puts there (None: delete the place).
MUTATIONS: dict[str, tuple[Any, st.SearchStrategy[Any] | None]] = {
    "drop": (lambda _path, _value: True, None),
    "replace": (lambda _path, _value: True, JUNK),
    "odd number": (lambda _path, value: _is_number(value), st.sampled_from(ODD_NUMBERS)),
    "odd date": (lambda _path, value: _is_date(value), st.sampled_from(ODD_DATES) | st.text()),
    "break structure": (
        lambda path, _value: path[-1] in STRUCTURE_KEYS,
        JUNK | st.sampled_from(["", "Bundle", "Patient", "Conditoin", "QuestionnaireResponse"]),
    ),
    "odd unit": (
        lambda path, value: path[-1] in ("unit", "code") and isinstance(value, str),
        st.sampled_from(ODD_UNITS),
    ),
}


@st.composite
def mutated(draw: st.DrawFn, seed: Any) -> Any:
    """The seed with one to four mutations: drop, replace or add a field, or give a number,
    a date or a unit an odd value."""
    document = json.loads(json.dumps(seed))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from([*MUTATIONS, "add"]))
        if operation == "add":
            where = at(document, draw(st.sampled_from(containers(document))))
            where[draw(st.sampled_from(FIELD_KEYS))] = copy.deepcopy(draw(JUNK))
            continue
        fits, values = MUTATIONS[operation]
        # A broken resourceType, entry or resource ends a run at the same early check, so only
        # "break structure" touches them: the other mutations spend their runs on the fields.
        touch_structure = operation == "break structure"
        places = [
            p
            for p in paths(document)
            if (p[-1] in STRUCTURE_KEYS) == touch_structure and fits(p, at(document, p))
        ]
        if not places:
            continue
        path = draw(st.sampled_from(places))
        parent = at(document, path[:-1])
        if values is None:
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(draw(values))
    return document


def dumps(value: Any) -> bytes:
    """JSON bytes: orjson, or the standard library where orjson refuses (integers over 64 bits,
    lone surrogates)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value).encode("utf-8")


def outcome(inputs: list[tuple[str, bytes]], patient: str | None = None) -> str:
    """Run the whole pipeline; return "result" or "input-error", or fail on anything else."""
    try:
        facts = read_fhir_bytes(inputs, patient)
    except InputError as error:
        assert_names_file_and_field(error, {name for name, _ in inputs})
        return "input-error"
    result = evaluate(knowledge(), facts, AS_OF)
    rendered = orjson.loads(render_json(result))
    factor_ids = [finding["factor"] for finding in rendered["findings"]]
    assert factor_ids == [factor.id for factor in knowledge().factors]
    return "result"


def assert_names_file_and_field(error: InputError, names: set[str]) -> None:
    """The message is one short line that starts with one of the files and holds the field."""
    message = str(error)
    assert error.file in names, message
    assert message.startswith(f"{error.file}: "), message
    assert "\n" not in message, message
    assert len(message) < 600, message
    if error.field is not None:
        assert error.field.startswith(("$", "line ")), message
        assert f": {error.field}: " in message, message


def test_the_unmutated_seeds_read_cleanly() -> None:
    assert outcome([("collection.json", dumps(COLLECTION))]) == "result"
    assert outcome([("transaction.json", dumps(TRANSACTION))]) == "result"
    lines = b"\n".join(dumps(line) for line in NDJSON_LINES)
    assert outcome([("export.ndjson", lines)]) == "result"


@FUZZ
@given(mutated(COLLECTION))
def test_a_mutated_collection_bundle_gives_a_result_or_an_input_error(document: Any) -> None:
    outcome([("collection.json", dumps(document))])


@FUZZ
@given(mutated(TRANSACTION), st.sampled_from([None, "aaa"]))
def test_a_mutated_transaction_bundle_gives_a_result_or_an_input_error(
    document: Any, patient: str | None
) -> None:
    outcome([("transaction.json", dumps(document))], patient)


@FUZZ
@given(mutated(NDJSON_LINES), st.sampled_from([None, "p1"]))
def test_mutated_ndjson_gives_a_result_or_an_input_error(lines: Any, patient: str | None) -> None:
    data = b"\n".join(dumps(line) for line in lines)
    outcome(
        [("export.ndjson", data), ("extra.json", dumps(TRANSACTION["entry"][1]["resource"]))],
        patient,
    )


@FUZZ
@given(st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_arbitrary_bytes_give_a_result_or_an_input_error(data: bytes) -> None:
    outcome([("noise.json", data)])


def test_a_huge_integer_is_refused_as_not_json() -> None:
    document = json.loads(json.dumps(COLLECTION))
    document["entry"][3]["resource"]["valueQuantity"]["value"] = 10**400
    assert outcome([("big.json", dumps(document))]) == "input-error"


def test_deeply_nested_junk_in_an_unread_field_is_harmless() -> None:
    document = json.loads(json.dumps(COLLECTION))
    document["entry"][1]["resource"]["extension"] = _nested(200)
    assert outcome([("deep.json", dumps(document))]) == "result"
