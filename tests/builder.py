"""One builder that expands the shorthand of the knowledge cases into FHIR R4 JSON.

Shorthand codes read like the specification: `LOINC#2276-4 42 ng/mL`, `ICD10CM#N18.6 End stage
renal disease`, `RXNORM#3498 diphenhydramine`. Each record item is a mapping with one of the
keys lab, condition, medication, procedure, medication_list, family, answers, note; the other
keys give dates, statuses and routes. A `note:` item is the text of a clinical note, carried as a
FHIR DocumentReference (text/plain, base64) so that the reader runs the real note analysis.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ekbom.vocab import SHORT_SYSTEMS, System

_SHORTHAND = re.compile(r"(?P<system>[A-Z0-9]+)#(?P<code>\S+)(?:\s+(?P<rest>.*))?")
_QUANTITY = re.compile(r"(?P<comparator><=|>=|<|>)?(?P<value>-?\d+(?:\.\d+)?)(?:\s+(?P<unit>\S+))?")

ITEM_KEYS = {
    "lab": {"date", "status"},
    "condition": {"onset", "abated", "recorded", "verification", "clinical", "onset_age"},
    "medication": {"start", "end", "status", "route", "kind", "text", "supply_days"},
    "procedure": {"date", "status"},
    "medication_list": {"date"},
    "observation": {"date", "value", "status"},
    "family": {"relationship", "status"},
    "answers": {"author", "date", "id"},
    "note": {"date", "id"},
}
NOTE_DATE = "2026-11-20"
"""The date of a `note:` item that gives none (the cases' as-of date is 2026-11-24)."""
ANSWERS = "https://ekbom.org/fhir/CodeSystem/answers"


def coding(shorthand: str) -> tuple[dict[str, str], str | None]:
    """`SYSTEM#code rest` as a FHIR coding, and the rest of the text.

    >>> coding("ICD10CM#G25.81 Restless legs syndrome")[0]["system"]
    'http://hl7.org/fhir/sid/icd-10-cm'
    """
    match = _SHORTHAND.fullmatch(shorthand.strip())
    if match is None:
        raise ValueError(f"expected SYSTEM#code [text], got {shorthand!r}")
    system = SHORT_SYSTEMS[match["system"]].value
    return {"system": system, "code": match["code"]}, match["rest"]


def bundle(record: list[dict[str, Any]], patient: dict[str, Any] | None = None) -> dict[str, Any]:
    """A collection Bundle for one patient holding the record items."""
    patient = patient or {}
    person: dict[str, Any] = {"resourceType": "Patient", "id": "p"}
    if "birth" in patient:
        person["birthDate"] = _day(patient["birth"])
    if "sex" in patient:
        person["gender"] = patient["sex"]
    entries = [{"fullUrl": "urn:uuid:p", "resource": person}]
    for index, item in enumerate(record):
        resource = resource_of(item, f"r{index}")
        entries.append({"fullUrl": f"urn:uuid:r{index}", "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def resource_of(item: dict[str, Any], ident: str) -> dict[str, Any]:
    """One record item as a FHIR resource."""
    kinds = [k for k in ITEM_KEYS if k in item]
    if len(kinds) != 1:
        raise ValueError(f"expected exactly one of {sorted(ITEM_KEYS)} in {item!r}")
    kind = kinds[0]
    unknown = set(item) - {kind} - ITEM_KEYS[kind]
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)} for a {kind} item")
    build = {
        "lab": _lab,
        "condition": _condition,
        "medication": _medication,
        "procedure": _procedure,
        "medication_list": _medication_list,
        "observation": _observation,
        "family": _family,
        "answers": _answers,
        "note": _note,
    }[kind]
    resource = build(item, ident)
    resource["patient" if kind == "family" else "subject"] = {"reference": "urn:uuid:p"}
    return resource


def _note(item: dict[str, Any], ident: str) -> dict[str, Any]:
    """A clinical note: `note: "Mother has RLS."`, `date: 2026-11-01` (else NOTE_DATE)."""
    import base64

    data = base64.b64encode(str(item["note"]).encode("utf-8")).decode("ascii")
    return {
        "resourceType": "DocumentReference",
        "id": item.get("id", ident),
        "status": "current",
        "date": _day(item.get("date", NOTE_DATE)) + "T09:00:00Z",
        "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "data": data}}],
    }


def _answers(item: dict[str, Any], ident: str) -> dict[str, Any]:
    """ekbom's QuestionnaireResponse: `answers: {irlssg.urge: yes, rls.onset-age: 30}`.

    A choice item's answer code becomes an ekbom answer coding, `ROLECODE#MTH` a coding, a
    number an integer, other text a string; a list gives several answers; `medicines.stopped`
    takes a list of `{name, date}`. `author: clinician` makes a Practitioner the author.
    """
    from ekbom.sources.questionnaire import QUESTIONNAIRE_URL, item_specs

    specs = item_specs()
    items = []
    for link, raw in item["answers"].items():
        if link == "medicines.stopped":
            for stop in raw:
                parts = [
                    {"linkId": "medicines.stopped.name", "answer": [{"valueString": stop["name"]}]}
                ]
                if "date" in stop:
                    parts.append(
                        {
                            "linkId": "medicines.stopped.date",
                            "answer": [{"valueDate": _day(stop["date"])}],
                        }
                    )
                items.append({"linkId": link, "item": parts})
            continue
        kind = specs[link].type
        values = raw if isinstance(raw, list) else [raw]
        items.append({"linkId": link, "answer": [_answer_value(kind, v) for v in values]})
    author = item.get("author", "patient")
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": item.get("id", ident),
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed",
        "authored": _day(item.get("date", "2026-11-20")),
        "item": items,
    }
    if author == "clinician":
        resource["author"] = {"reference": "Practitioner/dr1"}
    return resource


def _answer_value(kind: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, str) and "#" in value:
        code, text = coding(value)
        if text:
            code["display"] = text
        return {"valueCoding": code}
    if kind == "choice":
        return {"valueCoding": {"system": ANSWERS, "code": str(value)}}
    if kind == "date":
        return {"valueDate": _day(value)}
    return {"valueString": str(value)}


def _lab(item: dict[str, Any], ident: str) -> dict[str, Any]:
    code, rest = coding(item["lab"])
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ident,
        "status": item.get("status", "final"),
        "code": {"coding": [code]},
    }
    if "date" in item:
        resource["effectiveDateTime"] = _day(item["date"])
    quantity = _QUANTITY.fullmatch(rest or "")
    if quantity is None:
        raise ValueError(f"expected a value such as '42 ng/mL' or '<5 ng/mL', got {rest!r}")
    number = float(quantity["value"])
    value: dict[str, Any] = {"value": int(number) if number.is_integer() else number}
    if quantity["comparator"]:
        value["comparator"] = quantity["comparator"]
    if quantity["unit"]:
        value |= {"unit": quantity["unit"], "system": System.UCUM.value, "code": quantity["unit"]}
    resource["valueQuantity"] = value
    return resource


def _condition(item: dict[str, Any], ident: str) -> dict[str, Any]:
    code, rest = coding(item["condition"])
    if rest:
        code["display"] = rest
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": ident,
        "code": {"coding": [code]},
    }
    if "onset" in item:
        resource["onsetDateTime"] = _day(item["onset"])
    if "onset_age" in item:
        resource["onsetAge"] = {
            "value": item["onset_age"],
            "unit": "years",
            "system": System.UCUM.value,
            "code": "a",
        }
    if "abated" in item:
        resource["abatementDateTime"] = _day(item["abated"])
    if "recorded" in item:
        resource["recordedDate"] = _day(item["recorded"])
    for key, field, system in (
        ("clinical", "clinicalStatus", "http://terminology.hl7.org/CodeSystem/condition-clinical"),
        (
            "verification",
            "verificationStatus",
            "http://terminology.hl7.org/CodeSystem/condition-ver-status",
        ),
    ):
        if key in item:
            resource[field] = {"coding": [{"system": system, "code": item[key]}]}
    return resource


def _medication(item: dict[str, Any], ident: str) -> dict[str, Any]:
    kind = item.get("kind", "MedicationRequest")
    concept: dict[str, Any] = {}
    if item["medication"]:
        code, rest = coding(item["medication"])
        if rest:
            code["display"] = rest
        concept["coding"] = [code]
    if "text" in item:
        concept["text"] = item["text"]
    resource: dict[str, Any] = {
        "resourceType": kind,
        "id": ident,
        "status": item.get("status", "active"),
        "medicationCodeableConcept": concept,
    }
    start = _day(item["start"]) if "start" in item else None
    end = _day(item["end"]) if "end" in item else None
    route = {"text": item["route"]} if "route" in item else None
    if kind == "MedicationRequest":
        resource["intent"] = "order"
        if start:
            resource["authoredOn"] = start
        dosage: dict[str, Any] = {}
        if end:
            dosage["timing"] = {"repeat": {"boundsPeriod": {"start": start, "end": end}}}
        if route:
            dosage["route"] = route
        if dosage:
            resource["dosageInstruction"] = [dosage]
    elif kind == "MedicationDispense":
        if start:
            resource["whenHandedOver"] = start
        if "supply_days" in item:
            resource["daysSupply"] = {
                "value": item["supply_days"],
                "unit": "days",
                "system": System.UCUM.value,
                "code": "d",
            }
        if route:
            resource["dosageInstruction"] = [{"route": route}]
    elif kind == "MedicationAdministration" and start and not end:
        resource["effectiveDateTime"] = start  # one administration: a single day
        if route:
            resource["dosage"] = {"route": route}
    else:
        period = {k: v for k, v in (("start", start), ("end", end)) if v}
        if period:
            resource["effectivePeriod"] = period
        if route:
            resource["dosage"] = (
                [{"route": route}] if kind == "MedicationStatement" else {"route": route}
            )
    return resource


def _observation(item: dict[str, Any], ident: str) -> dict[str, Any]:
    """A coded observation: `observation: LOINC#72166-2`, `value: SNOMED#77176002 Smoker`."""
    code, _ = coding(item["observation"])
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ident,
        "status": item.get("status", "final"),
        "code": {"coding": [code]},
    }
    if "date" in item:
        resource["effectiveDateTime"] = _day(item["date"])
    if "value" in item:
        value, text = coding(item["value"])
        if text:
            value["display"] = text
        resource["valueCodeableConcept"] = {"coding": [value]}
    return resource


def _family(item: dict[str, Any], ident: str) -> dict[str, Any]:
    """A relative's condition: `family: SNOMED#32914008 Restless legs`, `relationship: ROLECODE#MTH`."""
    condition, text = coding(item["family"])
    if text:
        condition["display"] = text
    relation, relation_text = coding(item.get("relationship", "ROLECODE#FAMMEMB family member"))
    if relation_text:
        relation["display"] = relation_text
    return {
        "resourceType": "FamilyMemberHistory",
        "id": ident,
        "status": item.get("status", "completed"),
        "relationship": {"coding": [relation]},
        "condition": [{"code": {"coding": [condition]}}],
    }


def _procedure(item: dict[str, Any], ident: str) -> dict[str, Any]:
    code, rest = coding(item["procedure"])
    if rest:
        code["display"] = rest
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": ident,
        "status": item.get("status", "completed"),
        "code": {"coding": [code]},
    }
    if "date" in item:
        resource["performedDateTime"] = _day(item["date"])
    return resource


def _medication_list(item: dict[str, Any], ident: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "List",
        "id": ident,
        "status": "current",
        "mode": "snapshot",
        "code": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/list-example-use-codes",
                    "code": "medications",
                }
            ]
        },
        "emptyReason": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/list-empty-reason",
                    "code": "nilknown",
                }
            ]
        },
    }
    if "date" in item:
        resource["date"] = _day(item["date"])
    return resource


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
