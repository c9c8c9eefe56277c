"""JWT checks, CORS and the body limit over real loopback HTTP (two workers sharing state)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ekbom.serve.config import Issuer, ServeConfig
from ekbom.serve.security import Unauthorized, Verifier
from ekbom.serve.store import Store
from tests.serve.conftest import Client
from tests.serve.helpers import (
    EC_KEY,
    RSA_KEY,
    FakeFhir,
    Server,
    bearer,
    public_jwk,
    token,
)

DISCOVERY = "/cds-services"
SPEC_TOKEN = (
    "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6ImV4YW1wbGUta2lkIiwiamt1IjoiaHR0cHM6Ly9maGlyLWVo"
    "ci5leGFtcGxlLmNvbS9qd2tfdXJpIn0.eyJpc3MiOiJodHRwczovL2ZoaXItZWhyLmV4YW1wbGUuY29tLyIsInN1YiI6"
    "ImNsaWVudF9pZCIsImF1ZCI6Imh0dHBzOi8vY2RzLmV4YW1wbGUub3JnL2Nkcy1zZXJ2aWNlcy9zb21lLXNlcnZpY2Ui"
    "LCJleHAiOjE0MjI1Njg4NjAsImlhdCI6MTMxMTI4MDk3MCwianRpIjoiZWUyMmIwMjEtZTFiNy00NjExLWJhNWItOGVl"
    "YzZhMzNhYzFlIiwidGVuYW50IjoiMmRkZDZjM2EtOGU5YS00NGM2LWEzMDUtNTIxMTFhZDMwMmEyIn0.CUFPkplnWd6Y"
    "GIvzoHolWCQBDsCL8QtTWKGg_QFpS169WrqDGzktRi-_we6-6rVzbjerU27ZKww_SW0-b9RTz-dPJNcqsueMio8r6EqX"
    "UXhbLm_ch3XFSbDlGHDl_tqo"
)
SPEC_JWKS = {
    "keys": [
        {
            "kty": "EC",
            "use": "sig",
            "crv": "P-384",
            "kid": "example-kid",
            "alg": "ES384",
            "x": "46SDH7Znh821wblCBglA61sNE9ZrHYKKt3qRtRTmSXyOI_FIGBLWrWa0GPUkDCEk",
            "y": "XMcRuuoGW7CXjQdy-F5i3FeBE0x9hPLdeFdSoDd3ELmx404tLX0VRRcqzAsPhXcI",
        }
    ]
}
SPEC_AUD = "https://cds.example.org/cds-services/some-service"
SPEC_IAT = 1311280970


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())


def _payload(aud: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(token(aud).split(".")[1] + "=="))


def _spec_verify(now: float, tok: str = SPEC_TOKEN, tmp: Path | None = None) -> dict[str, Any]:
    issuer = Issuer(
        iss="https://fhir-ehr.example.com/",
        jwks=SPEC_JWKS,
        jku=["https://fhir-ehr.example.com/jwk_uri"],
    )
    config = ServeConfig(issuers=[issuer], jwt_max_lifetime_seconds=10**9)
    store = Store((tmp or Path("/nonexistent")) / "spec.sqlite")

    async def run() -> dict[str, Any]:
        async with httpx.AsyncClient() as client:
            return await Verifier(config, store, client, now=lambda: now).verify(
                f"Bearer {tok}", [SPEC_AUD]
            )

    try:
        return asyncio.run(run())
    finally:
        store.close()


def test_the_spec_example_token_verifies_at_its_issue_time(tmp_path: Path) -> None:
    claims = _spec_verify(SPEC_IAT + 60, tmp=tmp_path)
    assert claims["jti"] == "ee22b021-e1b7-4611-ba5b-8eec6a33ac1e"


def test_the_spec_example_token_is_rejected_as_expired_now(tmp_path: Path) -> None:
    now = time.time()
    with pytest.raises(Unauthorized, match="expired"):
        _spec_verify(now, tmp=tmp_path)


def test_the_spec_example_token_with_one_flipped_signature_byte_is_rejected(
    tmp_path: Path,
) -> None:
    flipped = SPEC_TOKEN[:-5] + ("A" if SPEC_TOKEN[-5] != "A" else "B") + SPEC_TOKEN[-4:]
    with pytest.raises(Unauthorized, match="signature"):
        _spec_verify(SPEC_IAT + 60, flipped, tmp=tmp_path)


def test_a_good_es384_token_and_a_good_rs384_token_are_accepted(client: Client) -> None:
    aud = client.server.base + DISCOVERY
    assert client.http.get(DISCOVERY, headers=bearer(token(aud))).status_code == 200
    rs = token(aud, key=RSA_KEY, alg="RS384", kid="rsa-1")
    assert client.http.get(DISCOVERY, headers=bearer(rs)).status_code == 200


@pytest.mark.parametrize(
    ("case", "claims"),
    [
        ("expired", {"exp": 1_000_000_000, "iat": 999_999_900}),
        ("issued in the future", {"iat": 4_000_000_000, "exp": 4_000_000_100}),
        ("wrong aud", {"aud": "https://elsewhere.example/cds-services"}),
        ("unknown iss", {"iss": "https://stranger.example/"}),
        ("no jti", {"jti": None}),
        ("lifetime over the cap", {"exp": 4_000_000_000}),
    ],
)
def test_bad_claims_are_refused_with_a_bare_401(
    client: Client, case: str, claims: dict[str, Any]
) -> None:
    aud = claims.pop("aud", client.server.base + DISCOVERY)
    tok = token(aud, **claims)
    response = client.http.get(DISCOVERY, headers=bearer(tok))
    assert response.status_code == 401, case
    assert response.content == b""


def test_an_unknown_kid_is_refused(client: Client) -> None:
    tok = token(client.server.base + DISCOVERY, kid="nobody")
    assert client.http.get(DISCOVERY, headers=bearer(tok)).status_code == 401


def test_alg_none_is_refused(client: Client) -> None:
    payload = _payload(client.server.base + DISCOVERY)
    tok = _unsigned({"alg": "none", "typ": "JWT", "kid": "ec-1"}, payload) + "."
    assert client.http.get(DISCOVERY, headers=bearer(tok)).status_code == 401


def test_hs256_signed_with_the_public_key_is_refused(client: Client) -> None:
    payload = _payload(client.server.base + DISCOVERY)
    pem = EC_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing = _unsigned({"alg": "HS256", "typ": "JWT", "kid": "ec-1"}, payload)
    mac = hmac.new(pem, signing.encode(), hashlib.sha256).digest()
    tok = signing + "." + _b64(mac)
    assert client.http.get(DISCOVERY, headers=bearer(tok)).status_code == 401


def test_a_foreign_jku_is_never_fetched(client: Client, fake_fhir: FakeFhir) -> None:
    foreign = f"{fake_fhir.base}/jwks-foreign"
    fake_fhir.routes["/fhir/jwks-foreign"] = (200, {"keys": [public_jwk(EC_KEY, "ec-9")]}, 0.0)
    tok = token(client.server.base + DISCOVERY, kid="ec-9", headers={"jku": foreign})
    assert client.http.get(DISCOVERY, headers=bearer(tok)).status_code == 401
    assert not [p for p, _ in fake_fhir.seen if p.startswith("/fhir/jwks-foreign")]


def test_an_allowlisted_jku_supplies_a_rotated_key(client: Client, fake_fhir: FakeFhir) -> None:
    rotated = ec.generate_private_key(ec.SECP384R1())
    fake_fhir.routes["/fhir/jwks-allowed"] = (200, {"keys": [public_jwk(rotated, "ec-2")]}, 0.0)
    tok = token(
        client.server.base + DISCOVERY,
        key=rotated,
        kid="ec-2",
        headers={"jku": f"{fake_fhir.base}/jwks-allowed"},
    )
    assert client.http.get(DISCOVERY, headers=bearer(tok)).status_code == 200


def test_a_replayed_jti_is_refused_by_every_worker(client: Client, server: Server) -> None:
    tok = token(client.server.base + DISCOVERY)
    first = httpx.get(server.base + DISCOVERY, headers=bearer(tok))
    assert first.status_code == 200
    jti = _payload_of(tok)["jti"]
    statuses = []
    for _ in range(30):
        statuses.append(httpx.get(server.base + DISCOVERY, headers=bearer(tok)).status_code)
        pids = _pids(server, jti)
        if len(pids["authorized"] | pids["refused"]) > 1:
            break
    assert set(statuses) == {401}
    pids = _pids(server, jti)
    assert len(pids["authorized"]) == 1
    assert pids["refused"] - pids["authorized"], "no replay reached the other worker"


def _payload_of(tok: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(tok.split(".")[1] + "=="))


def _pids(server: Server, jti: str) -> dict[str, set[int]]:
    """Which worker processes accepted the token, and which refused a replay, from the logs."""
    found: dict[str, set[int]] = {"authorized": set(), "refused": set()}
    lines = [json.loads(line) for line in server.logs() if line.startswith("{")]
    accepted = [line for line in lines if line.get("jti") == jti]
    found["authorized"] = {line["pid"] for line in accepted}
    found["refused"] = {
        line["pid"]
        for line in lines
        if line.get("event") == "unauthorized" and line.get("reason") == "replayed jti"
    }
    return found


def test_cors_preflight_allows_only_the_configured_origin(client: Client) -> None:
    headers = {
        "Origin": "https://sandbox.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    allowed = client.http.options("/cds-services/ekbom-rls-patient-view", headers=headers)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://sandbox.example"
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in allowed.headers
    other = client.http.options(
        "/cds-services/ekbom-rls-patient-view", headers={**headers, "Origin": "https://x.example"}
    )
    assert "access-control-allow-origin" not in other.headers


def test_a_body_over_the_limit_is_refused(client: Client) -> None:
    path = "/cds-services/ekbom-rls-patient-view"
    big = b'{"hook": "patient-view", "pad": "' + b"x" * 2_500_000 + b'"}'
    headers = {**bearer(token(client.server.base + path)), "Content-Type": "application/json"}
    assert client.http.post(path, content=big, headers=headers).status_code == 413
