"""ekbom-rls-patient-view over real loopback HTTP (as-of day fixed at 2026-11-20 in the config)."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

from tests.serve.conftest import Client
from tests.serve.helpers import DATA, example, patient_view

PATH = "/cds-services/ekbom-rls-patient-view"


def _golden(name: str, body: Any) -> None:
    path = DATA / "golden" / f"{name}.json"
    if os.environ.get("EKBOM_REGENERATE_GOLDEN") == "1":
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    assert body == json.loads(path.read_text())


def _without_ferritin() -> dict[str, Any]:
    bundle = copy.deepcopy(example("01-rls-low-ferritin-pm-product.json"))
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Observation"]
    return bundle


def test_a_patient_with_rls_gets_one_summary_card_with_why_and_which_data(client: Client) -> None:
    response = client.post(PATH, patient_view(example("01-rls-low-ferritin-pm-product.json")))
    assert response.status_code == 200
    cards = response.json()["cards"]
    _golden("patient-view-01", cards)
    assert len(cards) == 1
    assert cards[0]["summary"].startswith("RLS: 2 possible contributing factors")
    assert "Observation/ferritin-1" in cards[0]["detail"]
    assert "MedicationStatement/otc-1" in cards[0]["detail"]


def test_missing_iron_studies_give_a_work_up_card_that_orders_them(client: Client) -> None:
    cards = client.post(PATH, patient_view(_without_ferritin())).json()["cards"]
    _golden("patient-view-workup", cards)
    workup = cards[-1]
    assert workup["summary"] == "RLS: iron studies are advised and none is pending"
    assert workup["selectionBehavior"] == "at-most-one"
    actions = workup["suggestions"][0]["actions"]
    assert [a["resource"]["code"]["coding"][0]["code"] for a in actions] == [
        "2276-4",
        "2498-4",
        "2500-7",
        "2502-3",
    ]
    assert all(a["resource"]["status"] == "draft" for a in actions)
    assert all(a["resource"]["subject"] == {"reference": "Patient/ex-rls-pm"} for a in actions)


def test_the_work_up_card_is_suppressed_when_iron_studies_are_pending(client: Client) -> None:
    body = patient_view(_without_ferritin())
    body["prefetch"]["serviceRequests"]["entry"].append(
        {
            "resource": {
                "resourceType": "ServiceRequest",
                "id": "sr-1",
                "status": "active",
                "intent": "order",
                "subject": {"reference": "Patient/ex-rls-pm"},
                "code": {"coding": [{"system": "http://loinc.org", "code": "2276-4"}]},
            }
        }
    )
    cards = client.post(PATH, body).json()["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == ["rls-secondary-causes"]


def test_a_completed_iron_order_does_not_suppress_the_work_up(client: Client) -> None:
    body = patient_view(_without_ferritin())
    body["prefetch"]["serviceRequests"]["entry"].append(
        {
            "resource": {
                "resourceType": "ServiceRequest",
                "id": "sr-1",
                "status": "completed",
                "intent": "order",
                "subject": {"reference": "Patient/ex-rls-pm"},
                "code": {"coding": [{"system": "http://loinc.org", "code": "2276-4"}]},
            }
        }
    )
    cards = client.post(PATH, body).json()["cards"]
    assert cards[-1]["source"]["topic"]["code"] == "rls-workup"


def test_a_patient_whose_rls_is_refuted_gets_no_card(client: Client) -> None:
    body = patient_view(example("06-refuted-rls-leg-cramps-unresolved.json"))
    response = client.post(PATH, body)
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_record_text_is_escaped_in_the_markdown_detail(client: Client) -> None:
    bundle = copy.deepcopy(example("01-rls-low-ferritin-pm-product.json"))
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "MedicationStatement":
            entry["resource"]["medicationCodeableConcept"]["text"] = "Tylenol PM *bold* [x]"
    detail = client.post(PATH, patient_view(bundle)).json()["cards"][0]["detail"]
    assert "Tylenol PM \\*bold\\* \\[x\\]" in detail


def test_a_wrong_json_type_is_a_422_that_quotes_no_input(client: Client) -> None:
    body = patient_view(example("01-rls-low-ferritin-pm-product.json"))
    body["context"]["patientId"] = 12345
    response = client.post(PATH, body)
    assert response.status_code == 422
    assert "12345" not in response.text
    assert response.json()["detail"][0]["loc"] == ["body", "context", "patientId"]


def test_a_prefetch_that_is_not_fhir_is_a_422_naming_the_key(client: Client) -> None:
    body = patient_view(example("01-rls-low-ferritin-pm-product.json"))
    body["prefetch"]["conditions"] = {"resourceType": "Bundle", "entry": [{"resource": {}}]}
    response = client.post(PATH, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "prefetch", "conditions"]
