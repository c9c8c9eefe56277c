"""Feedback is durable and idempotent across a restart; site orderables; logs hold no secrets."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.serve.conftest import Client
from tests.serve.helpers import (
    FakeFhir,
    Server,
    bearer,
    draft,
    example,
    free_port,
    order_call,
    patient_view,
    rxnorm,
    token,
    write_config,
)

MED = "/cds-services/ekbom-rls-medication-check"
VIEW = "/cds-services/ekbom-rls-patient-view"
CANARY_PATIENT = "canary-patient-7f3a9"
CANARY_ACCESS = "canary-access-token-51c2"


@pytest.fixture
def restartable(tmp_path: Path, fake_fhir: FakeFhir) -> Iterator[Server]:
    port = free_port()
    config = write_config(tmp_path / "ekbom.toml", port, fake_fhir)
    with config.open("a") as out:
        out.write(
            '\n[[orderables.iron-studies]]\nsystem = "http://site.example/orders"\n'
            'code = "IRON-PANEL"\ndisplay = "Iron panel (site order)"\n'
        )
    running = Server(config, port, tmp_path / "stderr.log").start()
    yield running
    running.stop()


def _post(server: Server, path: str, body: object) -> httpx.Response:
    return httpx.post(
        server.base + path, json=body, timeout=30, headers=bearer(token(server.base + path))
    )


def _stamp() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def test_feedback_survives_a_restart_and_is_idempotent(restartable: Server, tmp_path: Path) -> None:
    order = draft(
        "f1", rxnorm("1049630", "diphenhydramine hydrochloride 25 MG Oral Capsule"), "ex-rls-pm"
    )
    call = order_call("order-select", example("01-rls-low-ferritin-pm-product.json"), [order])
    (card,) = _post(restartable, MED, call).json()["cards"]
    items = [
        {
            "card": card["uuid"],
            "outcome": "overridden",
            "outcomeTimestamp": _stamp(),
            "overrideReason": {"reason": card["overrideReasons"][1], "userComment": "free text"},
        },
        {
            "card": card["uuid"],
            "outcome": "accepted",
            "outcomeTimestamp": _stamp(),
            "acceptedSuggestions": [{"id": card["suggestions"][0]["uuid"]}],
        },
    ]
    assert _post(restartable, MED + "/feedback", {"feedback": items}).status_code == 200
    restartable.stop()
    restartable.start()
    assert _post(restartable, MED + "/feedback", {"feedback": items}).status_code == 200
    assert _post(restartable, MED, call).json()["cards"] == []  # still overridden
    with sqlite3.connect(tmp_path / "state.sqlite") as db:
        rows = db.execute(
            "SELECT card, outcome, commented FROM feedback ORDER BY outcome"
        ).fetchall()
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert rows == [(card["uuid"], "accepted", 0), (card["uuid"], "overridden", 1)]
    assert "free text" not in (tmp_path / "state.sqlite").read_bytes().decode("latin-1")


def test_accepted_feedback_without_suggestions_is_a_422(client: Client) -> None:
    item = {"card": "c", "outcome": "accepted", "outcomeTimestamp": _stamp()}
    assert client.post(MED + "/feedback", {"feedback": [item]}).status_code == 422


def test_site_orderables_replace_the_knowledge_codes(restartable: Server) -> None:
    bundle = copy.deepcopy(example("01-rls-low-ferritin-pm-product.json"))
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Observation"]
    cards = _post(restartable, VIEW, patient_view(bundle)).json()["cards"]
    (action,) = cards[-1]["suggestions"][0]["actions"]
    assert action["resource"]["code"]["coding"] == [
        {
            "system": "http://site.example/orders",
            "code": "IRON-PANEL",
            "display": "Iron panel (site order)",
        }
    ]


def test_logs_never_hold_tokens_or_patient_data(client: Client, fake_fhir: FakeFhir) -> None:
    bundle = json.loads(
        json.dumps(example("01-rls-low-ferritin-pm-product.json")).replace(
            "ex-rls-pm", CANARY_PATIENT
        )
    )
    body = patient_view(bundle)
    body["fhirServer"] = fake_fhir.base + "/canary"
    body["fhirAuthorization"] = {
        "access_token": CANARY_ACCESS,
        "token_type": "Bearer",
        "expires_in": 60,
        "scope": "patient/*.read",
        "subject": "e",
    }
    del body["prefetch"]["procedures"]
    signed = token(client.server.base + VIEW)
    responses = [
        client.post(VIEW, body, headers=bearer(signed)),
        client.post(VIEW, body, headers=bearer(signed)),  # replay: refused and logged
        client.post(VIEW, {**body, "context": {"patientId": 7}}),
    ]
    assert [r.status_code for r in responses] == [412, 401, 422]
    lines = client.server.logs()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records and all("event" in r for r in records)
    text = "\n".join(lines)
    for secret in (
        CANARY_PATIENT,
        CANARY_ACCESS,
        signed,
        signed.split(".")[2],
        "Tylenol",
        "diphenhydramine",
        "Ferritin",
    ):
        assert secret not in text
