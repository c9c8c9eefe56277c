"""Discovery over real loopback HTTP: golden JSON, the validator, and the JWT it needs."""

from __future__ import annotations

import json
import os

from ekbom.kb.load import load_knowledge
from ekbom.serve.discovery import loinc_codes
from ekbom.serve.validator import validate_discovery
from tests.serve.conftest import Client
from tests.serve.helpers import DATA

GOLDEN = DATA / "golden" / "discovery.json"


def test_discovery_matches_the_golden_file_and_the_spec(client: Client) -> None:
    response = client.get("/cds-services")
    assert response.status_code == 200
    body = response.json()
    assert validate_discovery(body) == []
    if os.environ.get("EKBOM_REGENERATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    assert body == json.loads(GOLDEN.read_text())


def test_the_same_service_id_serves_both_order_hooks(client: Client) -> None:
    services = client.get("/cds-services").json()["services"]
    assert [(s["id"], s["hook"]) for s in services] == [
        ("ekbom-rls-patient-view", "patient-view"),
        ("ekbom-rls-medication-check", "order-select"),
        ("ekbom-rls-medication-check", "order-sign"),
    ]


def test_prefetch_asks_for_every_lab_the_knowledge_reads_by_loinc(client: Client) -> None:
    template = client.get("/cds-services").json()["services"][0]["prefetch"]["observations"]
    for code in loinc_codes(load_knowledge()):
        assert f"http://loinc.org|{code}" in template
    assert "2276-4" in template  # ferritin


def test_discovery_without_a_token_is_refused_without_detail(client: Client) -> None:
    response = client.http.get("/cds-services")
    assert response.status_code == 401
    assert response.content == b""
