"""Prefetch cases over real loopback HTTP, with a fake FHIR server for what is missing."""

from __future__ import annotations

import time
from typing import Any

from tests.serve.conftest import Client
from tests.serve.helpers import FakeFhir, example, patient_view

PATH = "/cds-services/ekbom-rls-patient-view"
ACCESS = "fhir-access-token-for-tests"


def _call(name: str, fake: FakeFhir, **prefetch: Any) -> tuple[dict[str, Any], str, Any]:
    """A patient-view on example 01 with some prefetch keys replaced (None = drop the key)."""
    body = patient_view(example("01-rls-low-ferritin-pm-product.json"))
    conditions = body["prefetch"]["conditions"]
    for key, value in prefetch.items():
        if value is None:
            body["prefetch"].pop(key)
        else:
            body["prefetch"][key] = None if value == "null" else value
    base = f"{fake.base}/{name}"
    body["fhirServer"] = base
    body["fhirAuthorization"] = {
        "access_token": ACCESS,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "ekbom",
        "patient": "ex-rls-pm",
    }
    return body, base.removeprefix(f"http://127.0.0.1:{fake.port}") + "/Condition", conditions


def _topics(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["source"]["topic"]["code"] for c in response.json()["cards"]]


def test_a_complete_prefetch_is_used_as_sent(client: Client, fake_fhir: FakeFhir) -> None:
    body, route, _ = _call("complete", fake_fhir)
    assert _topics(client.post(PATH, body)) == ["rls-secondary-causes"]
    assert not [p for p, _ in fake_fhir.seen if p.startswith(route.rsplit("/", 1)[0])]


def test_a_missing_key_is_fetched_with_the_lent_token(client: Client, fake_fhir: FakeFhir) -> None:
    body, route, conditions = _call("missing", fake_fhir, conditions=None)
    fake_fhir.routes[route] = (200, conditions, 0.0)
    assert _topics(client.post(PATH, body)) == ["rls-secondary-causes"]
    assert [auth for path, auth in fake_fhir.seen if path.startswith(route)] == [f"Bearer {ACCESS}"]


def test_null_means_ran_and_found_nothing(client: Client, fake_fhir: FakeFhir) -> None:
    body, route, _ = _call("null", fake_fhir, conditions="null")
    assert _topics(client.post(PATH, body)) == []  # no RLS diagnosis on record: quiet
    assert not [p for p, _ in fake_fhir.seen if p.startswith(route)]


def test_an_empty_bundle_is_no_data_not_missing(client: Client, fake_fhir: FakeFhir) -> None:
    empty = {"resourceType": "Bundle", "type": "searchset", "entry": []}
    body, route, _ = _call("empty", fake_fhir, conditions=empty)
    assert _topics(client.post(PATH, body)) == []
    assert not [p for p, _ in fake_fhir.seen if p.startswith(route)]


def test_an_operation_outcome_is_fetched_again(client: Client, fake_fhir: FakeFhir) -> None:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout"}],
    }
    body, route, conditions = _call("outcome", fake_fhir, conditions=outcome)
    fake_fhir.routes[route] = (200, conditions, 0.0)
    assert _topics(client.post(PATH, body)) == ["rls-secondary-causes"]


def test_a_paginated_bundle_is_followed_on_the_fhir_server(
    client: Client, fake_fhir: FakeFhir
) -> None:
    body, route, conditions = _call("paged", fake_fhir)
    page_two = f"{route}-page2"
    first = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [],
        "link": [{"relation": "next", "url": f"http://127.0.0.1:{fake_fhir.port}{page_two}"}],
    }
    body["prefetch"]["conditions"] = first
    fake_fhir.routes[page_two] = (200, conditions, 0.0)
    assert _topics(client.post(PATH, body)) == ["rls-secondary-causes"]


def test_a_next_link_off_the_fhir_server_is_not_followed(
    client: Client, fake_fhir: FakeFhir
) -> None:
    body, _, _ = _call("offsite", fake_fhir)
    body["prefetch"]["conditions"] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [],
        "link": [{"relation": "next", "url": "http://evil.example/x"}],
    }
    assert client.post(PATH, body).status_code == 412


def test_a_slow_fhir_server_ends_in_412_within_the_budget(
    client: Client, fake_fhir: FakeFhir
) -> None:
    body, route, conditions = _call("slow", fake_fhir, conditions=None)
    fake_fhir.routes[route] = (200, conditions, 5.0)
    start = time.perf_counter()
    response = client.post(PATH, body)
    took = time.perf_counter() - start
    assert response.status_code == 412
    assert response.json()["resourceType"] == "OperationOutcome"
    assert took < 3.0  # budget 1.5 s in the test config


def test_a_401_from_the_fhir_server_ends_in_412(client: Client, fake_fhir: FakeFhir) -> None:
    body, route, _ = _call("denied", fake_fhir, conditions=None)
    fake_fhir.routes[route] = (401, {"resourceType": "OperationOutcome", "issue": []}, 0.0)
    assert client.post(PATH, body).status_code == 412


def test_missing_data_without_a_fhir_server_is_412(client: Client, fake_fhir: FakeFhir) -> None:
    body, _, _ = _call("nofhir", fake_fhir, conditions=None)
    del body["fhirServer"], body["fhirAuthorization"]
    assert client.post(PATH, body).status_code == 412


def test_a_token_without_a_fhir_server_is_refused(client: Client, fake_fhir: FakeFhir) -> None:
    body, _, _ = _call("tokenonly", fake_fhir)
    del body["fhirServer"]
    assert client.post(PATH, body).status_code == 422
