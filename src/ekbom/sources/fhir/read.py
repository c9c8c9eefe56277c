"""read_fhir(paths, patient): FHIR R4 files to one person's facts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ekbom.errors import InputError
from ekbom.facts import Facts, InputWarning, PatientFact
from ekbom.sources.fhir.clinical import (
    condition_fact,
    family_fact,
    medication_list_fact,
    observation_facts,
    patient_fact,
    procedure_fact,
)
from ekbom.sources.fhir.documents import PendingNote, document_note, read_notes
from ekbom.sources.fhir.files import TOP_LEVEL, Located, parse_json, read_bytes, resources
from ekbom.sources.fhir.medication_names import MedicationIndex
from ekbom.sources.fhir.medications import medication_fact
from ekbom.sources.fhir.patients import Choice, choose_patient, patient_key
from ekbom.sources.fhir.resource_types import R4_RESOURCE_TYPES
from ekbom.sources.fields import Fields, JSONObject, shown
from ekbom.sources.questionnaire import answers_ekbom, fill_patient, read_questionnaire_response

MEDICATION_KINDS = frozenset(
    {"MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense"}
)
READ_KINDS = MEDICATION_KINDS | {
    "Patient",
    "Condition",
    "Observation",
    "Procedure",
    "FamilyMemberHistory",
    "List",
    "QuestionnaireResponse",
    "DocumentReference",
}
"""The types that become facts (a List only when it is a medication list)."""
LATER_ISSUES: dict[str, str] = {}
"""Documents ekbom will read later: a file that is one of them is refused, not half read.
Inside a Bundle or NDJSON they are skipped and counted like any other type ekbom does not read."""
RESPONSE = "QuestionnaireResponse"
DOCUMENT = "DocumentReference"
OTHER_RESPONSE = "QuestionnaireResponse (not ekbom's questionnaire)"
"""The `skipped` label of responses to other questionnaires inside a Bundle or NDJSON."""
UNATTRIBUTED = "unattributed (no patient reference)"
"""The `skipped` label of resources left out because they name none of several patients."""


def read_fhir(paths: list[Path], patient: str | None = None) -> Facts:
    """Read FHIR R4 JSON resources, Bundles and NDJSON files as one person's record.

    Raises:
        InputError: a file cannot be read, is not FHIR R4, holds a malformed value, or holds
            several patients and `patient` was not given.
    """
    return read_fhir_bytes([(str(path), read_bytes(path)) for path in paths], patient)


def read_fhir_bytes(inputs: list[tuple[str, bytes]], patient: str | None = None) -> Facts:
    """Like `read_fhir`, from (name, bytes) pairs already in memory (services, benchmarks).

    Raises:
        InputError: as `read_fhir`.
    """
    located: list[Located] = []
    for name, data in inputs:
        if not data.strip():
            raise InputError(name, "is empty; expected a FHIR R4 resource, Bundle or NDJSON")
        for document, where in parse_json(data, name):
            located.extend(resources(document, name, where))
    for item in located:
        kind = item.resource["resourceType"]
        if kind in LATER_ISSUES and item.where == TOP_LEVEL:
            raise InputError(item.file, LATER_ISSUES[kind], item.where)
        if kind == RESPONSE and item.where == TOP_LEVEL and not answers_ekbom(item.resource):
            read_questionnaire_response(item.resource, item.file, item.where)  # raises
        if kind not in R4_RESOURCE_TYPES:
            raise InputError(
                item.file,
                f"unknown resourceType {shown(kind)}; expected a FHIR R4 resource type",
                f"{item.where}.resourceType",
            )
    keys = [patient_key(item) for item in located]
    choice = choose_patient(located, keys, patient, inputs[0][0] if inputs else "input")
    return _facts(located, keys, choice)


def _facts(located: list[Located], keys: list[str | None], choice: Choice) -> Facts:
    facts = Facts()
    medications = MedicationIndex()
    for item in located:
        if item.resource["resourceType"] == "Medication":
            medications.add(item.resource, item.full_url, Fields(item.file, item.where))
    skipped: Counter[str] = Counter()
    notes: list[PendingNote] = []
    answered: list[PatientFact | None] = []
    for item, key in zip(located, keys, strict=True):
        res = item.resource
        kind = res["resourceType"]
        if kind == "Medication":
            continue
        if key is None:
            if choice.several and kind in READ_KINDS:
                skipped[UNATTRIBUTED] += 1
                continue
        elif choice.keys is None or key not in choice.keys:
            continue
        f = Fields(item.file, item.where)
        source = _source(f, item)
        facts.origins[source] = item.file
        if kind == "Patient":
            facts.patient = patient_fact(f, res, source)
        elif kind == "Condition":
            facts.conditions.append(condition_fact(f, res, source))
        elif kind == "Observation":
            facts.observations.extend(observation_facts(f, res, source))
        elif kind in MEDICATION_KINDS:
            facts.medications.append(medication_fact(f, res, kind, source, medications))
        elif kind == "Procedure":
            facts.procedures.append(procedure_fact(f, res, source))
        elif kind == "FamilyMemberHistory":
            facts.family_history.append(family_fact(f, res, source))
        elif kind == "List" and (found := medication_list_fact(f, res, source)) is not None:
            facts.medication_lists.append(found)
        elif kind == RESPONSE:
            if answers_ekbom(res):
                answered.append(_response(facts, res, item, source))
            else:
                skipped[OTHER_RESPONSE] += 1
        elif kind == DOCUMENT:
            note = document_note(f, res, source)
            if isinstance(note, PendingNote):
                notes.append(note)
            elif isinstance(note, InputWarning):
                facts.warnings.append(note)
        else:
            skipped[kind] += 1
    facts.patient = fill_patient(facts.patient, answered)
    facts.extend(read_notes(notes))
    facts.skipped.update(skipped)
    return facts


def _response(facts: Facts, res: JSONObject, item: Located, source: str) -> PatientFact | None:
    """Add one response's facts; return what it says of the patient (a Patient resource wins
    for what it gives, so `fill_patient` merges this in at the end)."""
    response = read_questionnaire_response(res, item.file, item.where, source)
    told, response.patient = response.patient, None
    facts.extend(response)
    return told


def _source(f: Fields, item: Located) -> str:
    ident = f.text(item.resource, "id")
    if ident:
        return f"{item.resource['resourceType']}/{ident}"
    return item.full_url or f"{item.file}#{item.where}"
