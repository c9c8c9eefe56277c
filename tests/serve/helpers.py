"""Test helpers for `ekbom serve`: keys and tokens, a fake FHIR server, a real server process,
and requests built from the bundled example patients."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ekbom.serve.validator import validate_response

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "ekbom" / "examples"
DATA = Path(__file__).resolve().parent / "data"
ISSUER = "https://ehr.test/"
KEYS = {
    "TYPES": {
        "Patient": "patient",
        "Condition": "conditions",
        "Observation": "observations",
        "MedicationRequest": "medicationRequests",
        "MedicationStatement": "medicationStatements",
        "Procedure": "procedures",
        "FamilyMemberHistory": "familyHistory",
    }
}
EC_KEY = ec.generate_private_key(ec.SECP384R1())
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def public_jwk(key: Any, kid: str) -> dict[str, Any]:
    """The public JWK of a private key, with its kid."""
    data = json.loads(
        jwt.algorithms.get_default_algorithms()[
            "ES384" if isinstance(key, ec.EllipticCurvePrivateKey) else "RS384"
        ].to_jwk(key.public_key())
    )
    data["kid"] = kid
    return data


def token(
    aud: str,
    *,
    key: Any = None,
    alg: str = "ES384",
    kid: str = "ec-1",
    headers: dict[str, Any] | None = None,
    **claims: Any,
) -> str:
    """A signed JWT for `aud` with fresh jti, iat and exp (any claim overridable)."""
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": aud, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())}
    payload.update(claims)
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(
        payload,
        key if key is not None else EC_KEY,
        algorithm=alg,
        headers={"kid": kid, **(headers or {})},
    )


def bearer(value: str) -> dict[str, str]:
    """An Authorization header."""
    return {"Authorization": f"Bearer {value}"}


def empty_bundle() -> dict[str, Any]:
    """A searchset Bundle with no entries."""
    return {"resourceType": "Bundle", "type": "searchset", "entry": []}


def prefetch_of(bundle: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The patient id and a complete prefetch built from a collection Bundle."""
    prefetch: dict[str, Any] = {k: empty_bundle() for k in KEYS["TYPES"].values() if k != "patient"}
    prefetch["serviceRequests"] = empty_bundle()
    patient = ""
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind == "Patient":
            prefetch["patient"] = resource
            patient = resource["id"]
        elif kind in KEYS["TYPES"]:
            prefetch[KEYS["TYPES"][kind]]["entry"].append({"resource": resource})
        elif kind == "ServiceRequest":
            prefetch["serviceRequests"]["entry"].append({"resource": resource})
    return patient, prefetch


def example(name: str) -> dict[str, Any]:
    """A bundled example patient Bundle."""
    return json.loads((EXAMPLES / name).read_text())


def patient_view(bundle: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A patient-view request with a complete prefetch."""
    patient, prefetch = prefetch_of(bundle)
    body = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/dr-1", "patientId": patient},
        "prefetch": prefetch,
    }
    body.update(extra)
    return body


def draft(
    ident: str, medication: dict[str, Any] | None, patient: str, status: str = "draft", **more: Any
) -> dict[str, Any]:
    """A draft MedicationRequest (medication is the medicationCodeableConcept, or None)."""
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": ident,
        "status": status,
        "intent": "order",
        "subject": {"reference": f"Patient/{patient}"},
    }
    if medication is not None:
        resource["medicationCodeableConcept"] = medication
    resource.update(more)
    return resource


def rxnorm(code: str, display: str) -> dict[str, Any]:
    """A medicationCodeableConcept with one RxNorm coding."""
    return {
        "coding": [
            {
                "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                "code": code,
                "display": display,
            }
        ],
        "text": display,
    }


def order_call(
    hook: str,
    bundle: dict[str, Any],
    orders: list[dict[str, Any]],
    selections: list[str] | None = None,
) -> dict[str, Any]:
    """An order-select or order-sign request on the example's record."""
    patient, prefetch = prefetch_of(bundle)
    prefetch.pop("serviceRequests")
    context: dict[str, Any] = {
        "userId": "Practitioner/dr-1",
        "patientId": patient,
        "draftOrders": {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": o} for o in orders],
        },
    }
    if hook == "order-select":
        context["selections"] = (
            selections
            if selections is not None
            else [f"MedicationRequest/{o['id']}" for o in orders]
        )
    return {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": context,
        "prefetch": prefetch,
    }


@dataclass
class FakeFhir:
    """A FHIR server on loopback: path+query -> (status, body, delay); records every request."""

    routes: dict[str, tuple[int, Any, float]] = field(default_factory=dict)
    seen: list[tuple[str, str | None]] = field(default_factory=list)
    port: int = 0
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/fhir"

    def start(self) -> FakeFhir:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.seen.append((self.path, self.headers.get("Authorization")))
                key = self.path if self.path in fake.routes else self.path.split("?")[0]
                status, body, delay = fake.routes.get(key, (404, None, 0.0))
                if delay:
                    time.sleep(delay)
                data = json.dumps(body).encode() if body is not None else b""
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/fhir+json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@dataclass
class Server:
    """`ekbom serve` in a subprocess on 127.0.0.1, its stderr kept in a file."""

    config: Path
    port: int
    log: Path
    args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        command = [
            sys.executable,
            "-m",
            "ekbom",
            "serve",
            "--port",
            str(self.port),
            "--config",
            str(self.config),
            *self.args,
        ]
        with self.log.open("ab") as err:
            self.process = subprocess.Popen(
                command, stdout=err, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"}
            )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("ekbom serve did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def logs(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


def write_config(path: Path, port: int, fake: FakeFhir, **more: Any) -> Path:
    """A TOML config trusting the test keys, with the fake server's JWKS URL allowlisted."""
    jwks = {"keys": [public_jwk(EC_KEY, "ec-1"), public_jwk(RSA_KEY, "rsa-1")]}
    (path.parent / "jwks.json").write_text(json.dumps(jwks))
    lines = [
        f'public_base_url = "http://127.0.0.1:{port}"',
        f'state_db = "{more.pop("state_db", "state.sqlite")}"',
        'cors_origins = ["https://sandbox.example"]',
        "fhir_budget_seconds = 1.5",
        "as_of = 2026-11-20",
        *[f"{k} = {json.dumps(v)}" for k, v in more.items()],
        "",
        "[[issuers]]",
        f'iss = "{ISSUER}"',
        'jwks_file = "jwks.json"',
        f'jku = ["{fake.base}/jwks-allowed"]',
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


Call = Callable[..., httpx.Response]


def checked(response: httpx.Response) -> httpx.Response:
    """Every 200 hook response passes the validator (used on every call in the suite)."""
    if response.status_code == 200 and "cards" in response.text[:20]:
        problems = validate_response(response.json())
        assert not problems, problems
    return response
