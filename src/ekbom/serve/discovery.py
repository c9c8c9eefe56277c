"""The discovery document: two services and prefetch templates derived from the knowledge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ekbom.kb.knowledge import Knowledge
from ekbom.serve.models import MEDICATION_CHECK, PATIENT_VIEW
from ekbom.vocab import System

PATIENT = "{{context.patientId}}"
MEDICATION_KEYS = ("medicationRequests", "medicationStatements")
"""Prefetch keys whose filling (even empty) shows the medication record was looked at."""
SERVICE_REQUESTS = "serviceRequests"
"""The key holding pending orders, read only to suppress a work-up already asked for."""


@dataclass(frozen=True, slots=True)
class Service:
    """One service id with its hooks, wording and prefetch templates."""

    id: str
    hooks: tuple[str, ...]
    title: str
    description: str
    prefetch: dict[str, str]


def loinc_codes(knowledge: Knowledge) -> list[str]:
    """Every LOINC code the knowledge reads: lab tests and coded observations, sorted."""
    codes = {e.code for e in knowledge.lab_codes.entries if e.system == System.LOINC}
    codes |= {
        e.code for e in knowledge.codes.entries if e.system == System.LOINC and e.match == "exact"
    }
    return sorted(codes)


def templates(knowledge: Knowledge) -> dict[str, str]:
    """The record templates both services share (FHIR R4 searches in the spec's subset)."""
    labs = ",".join(f"{System.LOINC}|{code}" for code in loinc_codes(knowledge))
    return {
        "patient": f"Patient/{PATIENT}",
        "conditions": f"Condition?patient={PATIENT}",
        "observations": f"Observation?patient={PATIENT}&code={labs}",
        "medicationRequests": f"MedicationRequest?patient={PATIENT}"
        "&status=active,on-hold,completed,stopped",
        "medicationStatements": f"MedicationStatement?patient={PATIENT}",
        "procedures": f"Procedure?patient={PATIENT}",
        "familyHistory": f"FamilyMemberHistory?patient={PATIENT}",
    }


def services(knowledge: Knowledge) -> list[Service]:
    """The two services of the contract."""
    shared = templates(knowledge)
    return [
        Service(
            id=PATIENT_VIEW,
            hooks=("patient-view",),
            title="ekbom: restless legs syndrome, secondary causes",
            description="For a patient with restless legs syndrome: the secondary causes and "
            "aggravating drugs on record, with the data behind each, and iron studies when "
            "they are advised and not already ordered.",
            prefetch={
                **shared,
                SERVICE_REQUESTS: f"ServiceRequest?patient={PATIENT}&status=draft,active,on-hold",
            },
        ),
        Service(
            id=MEDICATION_CHECK,
            hooks=("order-select", "order-sign"),
            title="ekbom: drugs that may worsen restless legs syndrome",
            description="For a patient with restless legs syndrome: a card when a draft "
            "medication order is for a drug linked to worse RLS, with same-indication "
            "alternatives for over-the-counter-type drugs.",
            prefetch=shared,
        ),
    ]


def discovery(knowledge: Knowledge) -> dict[str, Any]:
    """`GET /cds-services`: one entry per (service, hook); the same id serves both order hooks."""
    return {
        "services": [
            {
                "hook": hook,
                "title": service.title,
                "description": service.description,
                "id": service.id,
                "prefetch": service.prefetch,
                "usageRequirements": "Send a signed JWT (ES384 or RS384) from a configured "
                "issuer. Prefetch what you can; the rest is fetched from fhirServer when "
                "fhirAuthorization is given.",
            }
            for service in services(knowledge)
            for hook in service.hooks
        ]
    }
