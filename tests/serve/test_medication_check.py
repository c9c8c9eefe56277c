"""ekbom-rls-medication-check over real loopback HTTP: order-select informs, order-sign warns
only for high-implication drugs, suggestions touch only the draft order."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

from tests.serve.conftest import Client
from tests.serve.helpers import DATA, draft, example, order_call, rxnorm

PATH = "/cds-services/ekbom-rls-medication-check"
RLS = "01-rls-low-ferritin-pm-product.json"
PATIENT = "ex-rls-pm"
DIPHENHYDRAMINE = rxnorm("1049630", "diphenhydramine hydrochloride 25 MG Oral Capsule")


def _cards(
    client: Client,
    hook: str,
    orders: list[dict[str, Any]],
    record: str = RLS,
    selections: list[str] | None = None,
) -> list[dict[str, Any]]:
    response = client.post(PATH, order_call(hook, example(record), orders, selections))
    assert response.status_code == 200, response.text
    return list(response.json()["cards"])


def _golden(name: str, body: Any) -> None:
    path = DATA / "golden" / f"{name}.json"
    if os.environ.get("EKBOM_REGENERATE_GOLDEN") == "1":
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    assert body == json.loads(path.read_text())


def test_diphenhydramine_on_order_select_informs_and_offers_same_indication_swaps(
    client: Client,
) -> None:
    cards = _cards(client, "order-select", [draft("d1", DIPHENHYDRAMINE, PATIENT)])
    _golden("order-select-diphenhydramine", cards)
    (card,) = cards
    assert card["indicator"] == "info"
    assert card["selectionBehavior"] == "at-most-one"
    labels = [s["label"] for s in card["suggestions"]]
    assert labels == [
        "Remove the draft order of diphenhydramine",
        "Instead of diphenhydramine (allergy): loratadine",
        "Instead of diphenhydramine (allergy): fexofenadine",
    ]
    for suggestion in card["suggestions"]:
        assert {
            "type": "delete",
            "description": "Remove the draft order",
            "resourceId": "MedicationRequest/d1",
        } in suggestion["actions"]
        assert "isRecommended" not in suggestion
    assert all(r["display"] for r in card["overrideReasons"])


def test_diphenhydramine_on_order_sign_is_a_warning(client: Client) -> None:
    (card,) = _cards(client, "order-sign", [draft("d2", DIPHENHYDRAMINE, PATIENT)])
    assert card["indicator"] == "warning"
    assert len(card["summary"]) < 140


def test_metoclopramide_offers_ondansetron_with_its_qt_caveat(client: Client) -> None:
    order = draft("d3", rxnorm("311671", "metoclopramide 10 MG Oral Tablet"), PATIENT)
    (card,) = _cards(client, "order-select", [order])
    assert card["suggestions"][1]["label"] == "Instead of metoclopramide (nausea): ondansetron"
    create = card["suggestions"][1]["actions"][1]
    assert create["resource"]["medicationCodeableConcept"]["coding"][0]["code"] == "26225"
    assert create["resource"]["status"] == "draft"
    assert "QT interval" in card["detail"]


def test_antidepressant_cards_inform_and_link_with_no_action(client: Client) -> None:
    order = draft("d4", rxnorm("311725", "mirtazapine 15 MG Oral Tablet"), PATIENT)
    (select,) = _cards(client, "order-select", [order])
    assert "suggestions" not in select
    assert select["links"]
    assert all(link["type"] == "absolute" for link in select["links"])
    (sign,) = _cards(client, "order-sign", [order])
    assert sign["indicator"] == "warning"
    assert "suggestions" not in sign


def test_a_grade_d_beta_blocker_informs_on_select_and_never_warns(client: Client) -> None:
    order = draft("d5", rxnorm("866514", "metoprolol tartrate 50 MG Oral Tablet"), PATIENT)
    (select,) = _cards(client, "order-select", [order])
    assert select["indicator"] == "info"
    assert "suggestions" not in select
    assert _cards(client, "order-sign", [order]) == []


def test_treatments_and_safe_alternatives_get_nothing(client: Client) -> None:
    orders = [
        draft("t1", rxnorm("310431", "gabapentin 300 MG Oral Capsule"), PATIENT),
        draft("t2", rxnorm("1", "pregabalin 75 MG Oral Capsule"), PATIENT),
        draft("t3", rxnorm("2", "pramipexole dihydrochloride 0.125 MG Oral Tablet"), PATIENT),
        draft("t4", rxnorm("3", "loratadine 10 MG Oral Tablet"), PATIENT),
    ]
    assert _cards(client, "order-select", orders) == []
    assert _cards(client, "order-sign", orders) == []


def test_an_order_with_no_drug_gets_nothing(client: Client) -> None:
    assert _cards(client, "order-select", [draft("n1", None, PATIENT)]) == []


def test_only_selected_orders_are_judged_on_order_select(client: Client) -> None:
    orders = [draft("s1", DIPHENHYDRAMINE, PATIENT), draft("s2", None, PATIENT)]
    assert _cards(client, "order-select", orders, selections=["MedicationRequest/s2"]) == []


def test_no_card_for_a_patient_without_rls(client: Client) -> None:
    order = draft("d6", DIPHENHYDRAMINE, "ex-refuted")
    record = "06-refuted-rls-leg-cramps-unresolved.json"
    patient = example(record)["entry"][0]["resource"]
    order["subject"] = {"reference": f"Patient/{patient['id']}"}
    assert _cards(client, "order-select", [order], record=record) == []


def test_an_active_order_is_never_acted_on(client: Client) -> None:
    (card,) = _cards(client, "order-sign", [draft("a1", DIPHENHYDRAMINE, PATIENT, "active")])
    assert "suggestions" not in card


def test_a_card_overridden_for_the_same_draft_is_not_repeated(client: Client) -> None:
    order = draft("o1", DIPHENHYDRAMINE, PATIENT)
    (card,) = _cards(client, "order-select", [order])
    feedback = {
        "feedback": [
            {
                "card": card["uuid"],
                "outcome": "overridden",
                "overrideReason": {"reason": card["overrideReasons"][0]},
                "outcomeTimestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            }
        ]
    }
    assert client.post(PATH + "/feedback", feedback).status_code == 200
    assert _cards(client, "order-select", [order]) == []
    assert _cards(client, "order-sign", [order]) == []
    assert _cards(client, "order-select", [draft("o2", DIPHENHYDRAMINE, PATIENT)]) != []


def test_r5_style_and_text_only_medications_are_read(client: Client) -> None:
    r5 = draft("r5", None, PATIENT)
    r5["medication"] = {"concept": DIPHENHYDRAMINE}
    text = draft("tx", {"text": "Benadryl Allergy 25 mg capsule"}, PATIENT)
    cards = _cards(client, "order-select", [r5, text])
    assert [c["suggestions"][0]["actions"][0]["resourceId"] for c in cards] == [
        "MedicationRequest/r5",
        "MedicationRequest/tx",
    ]
