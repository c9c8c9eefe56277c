"""From prefetch documents to one patient's facts and result, through the library's reader."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from ekbom.engine.evaluate import evaluate
from ekbom.errors import InputError
from ekbom.facts import Facts, MedicationFact, MedicationListFact
from ekbom.kb.knowledge import Knowledge
from ekbom.result import Result
from ekbom.serve.discovery import MEDICATION_KEYS, SERVICE_REQUESTS
from ekbom.sources.fhir import read_fhir_bytes

PENDING = frozenset({"draft", "active", "on-hold"})


def read(inputs: list[tuple[str, bytes]], patient: str) -> Facts:
    """Facts of one patient; a record that names no patient is read as the patient's own.

    Raises:
        InputError: the documents are not FHIR R4 or hold a malformed value.
    """
    if not inputs:
        return Facts()
    try:
        return read_fhir_bytes(inputs, patient)
    except InputError:
        return read_fhir_bytes(inputs, None)  # a record without the Patient or its references


def patient_facts(documents: dict[str, dict[str, Any] | None], patient: str, day: date) -> Facts:
    """The facts of every record document; filled medication keys count as a reviewed list."""
    inputs = [
        (f"prefetch.{key}", orjson.dumps(doc))
        for key, doc in documents.items()
        if doc is not None and key != SERVICE_REQUESTS and _has_content(doc)
    ]
    facts = read(inputs, patient)
    for key in MEDICATION_KEYS:
        if key in documents:
            doc = documents[key]
            entries = len(doc.get("entry") or []) if doc else 0
            facts.medication_lists.append(MedicationListFact(f"prefetch:{key}", day, entries))
    return facts


def _has_content(doc: dict[str, Any]) -> bool:
    return doc.get("resourceType") != "Bundle" or bool(doc.get("entry"))


def result_of(knowledge: Knowledge, facts: Facts, day: date) -> Result:
    """The engine's result on the site's day."""
    return evaluate(knowledge, facts, day)


def draft_medications(draft_orders: dict[str, Any], patient: str) -> list[MedicationFact]:
    """The MedicationRequests of the draftOrders Bundle as facts (other order types ignored).

    Raises:
        InputError: draftOrders is not a FHIR R4 Bundle of readable resources.
    """
    facts = read([("context.draftOrders", orjson.dumps(draft_orders))], patient)
    return [m for m in facts.medications if m.kind == "MedicationRequest"]


def pending_codes(document: dict[str, Any] | None) -> set[tuple[str, str]]:
    """(system, code) of every pending ServiceRequest in the serviceRequests document."""
    if not document:
        return set()
    found: set[tuple[str, str]] = set()
    entries = document.get("entry") if document.get("resourceType") == "Bundle" else None
    resources = [e.get("resource") for e in entries or [] if isinstance(e, dict)]
    for res in resources if entries is not None else [document]:
        if not isinstance(res, dict) or res.get("resourceType") != "ServiceRequest":
            continue
        if res.get("status") not in PENDING:
            continue
        code = res.get("code")
        for coding in code.get("coding") or [] if isinstance(code, dict) else []:
            if isinstance(coding, dict):
                found.add((str(coding.get("system")), str(coding.get("code"))))
    return found
