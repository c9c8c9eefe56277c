"""Benchmark of `ekbom serve`: latency and throughput of ekbom-rls-patient-view under load.

The server runs in its own process pinned to CPU 0 (uvicorn, one worker); the load generator
(a bounded asyncio client: N concurrent connections, each sending its next request when the
previous answer arrives) is pinned to CPU 1. Requests carry a realistic prefetch of about 300
resources (varied patients from benchmarks/generate.py). In the same run the script measures an
endpoint that only parses the same body with the same strict model and returns no cards, and
repeats both with JWT verification on (tokens signed ahead of time, each jti used once).

    .venv/bin/python benchmarks/bench_serve.py                 # 60 s per figure, curve 1..16
    .venv/bin/python benchmarks/bench_serve.py --quick         # smoke run: 2 s, concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))  # run as a script; the generator sits beside it

from generate import generate_bundle  # noqa: E402

TYPES = {
    "Patient": "patient",
    "Condition": "conditions",
    "Observation": "observations",
    "MedicationRequest": "medicationRequests",
    "MedicationStatement": "medicationStatements",
    "Procedure": "procedures",
    "FamilyMemberHistory": "familyHistory",
}
VIEW = "/cds-services/ekbom-rls-patient-view"
PARSE_ONLY = "/bench/parse-only"
COUNTER = iter(range(10**9))
"""Shared across runs, so that no signed token (one jti each) is ever sent twice."""


def bench_app() -> Any:
    """The served app plus a parse-only endpoint (uvicorn factory, config from the env)."""
    from fastapi import Request, Response

    from ekbom.serve.app import app_from_env
    from ekbom.serve.models import PatientViewRequest

    app = app_from_env()
    state = app.state.ekbom

    async def parse_only(request: Request) -> Response:
        if not await state.authorized(request):
            return Response(status_code=401)
        PatientViewRequest.model_validate_json(await request.body())
        return Response(b'{"cards":[]}', media_type="application/json")

    app.router.add_route(PARSE_ONLY, parse_only, methods=["POST"])
    return app


def bodies(count: int, entries: int) -> list[bytes]:
    """Patient-view requests with a complete prefetch of about `entries` resources each."""
    out = []
    for seed in range(count):
        bundle = generate_bundle(entries, seed=1000 + seed)
        prefetch: dict[str, Any] = {
            k: {"resourceType": "Bundle", "type": "searchset", "entry": []}
            for k in TYPES.values()
            if k != "patient"
        }
        prefetch["serviceRequests"] = {"resourceType": "Bundle", "type": "searchset", "entry": []}
        patient = ""
        for entry in bundle["entry"]:
            res = entry["resource"]
            key = TYPES.get(res["resourceType"])
            if key == "patient":
                prefetch["patient"], patient = res, res["id"]
            elif key:
                prefetch[key]["entry"].append({"resource": res})
        body = {
            "hook": "patient-view",
            "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/1", "patientId": patient},
            "prefetch": prefetch,
        }
        out.append(orjson.dumps(body))
    return out


def start(port: int, config: dict[str, Any]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EKBOM_SERVE_CONFIG_JSON": json.dumps(config), "PYTHONPATH": str(ROOT)}
    command = [
        "taskset",
        "-c",
        "0",
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "--app-dir",
        str(ROOT / "benchmarks"),
        "bench_serve:bench_app",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, cwd=ROOT)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


async def load(
    url: str, payloads: list[bytes], clients: int, seconds: float, tokens: list[str] | None
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            n = next(COUNTER)
            headers = {"Content-Type": "application/json"}
            if tokens:
                headers["Authorization"] = f"Bearer {tokens[n % len(tokens)]}"
            t0 = time.perf_counter()
            response = await client.post(url, content=payloads[n % len(payloads)], headers=headers)
            latencies.append(time.perf_counter() - t0)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        began = time.perf_counter()
        await asyncio.gather(*(one(client) for _ in range(clients)))
        took = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / took,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
    }


def sign_tokens(url_of: dict[str, str], count: int) -> tuple[dict[str, Any], dict[str, list[str]]]:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    public["kid"] = "bench"
    now = int(time.time())
    tokens = {
        name: [
            jwt.encode(
                {
                    "iss": "https://bench/",
                    "aud": url,
                    "iat": now,
                    "exp": now + 3000,
                    "jti": str(uuid.uuid4()),
                },
                key,
                algorithm="ES384",
                headers={"kid": "bench"},
            )
            for _ in range(count)
        ]
        for name, url in url_of.items()
    }
    return {"iss": "https://bench/", "jwks": {"keys": [public]}}, tokens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--curve", type=int, nargs="*", default=[1, 2, 4, 8, 16])
    parser.add_argument("--curve-seconds", type=float, default=15)
    parser.add_argument("--patients", type=int, default=20)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.curve, args.curve_seconds, args.patients = 2, [16], 1, 3
    os.sched_setaffinity(0, {1})
    payloads = bodies(args.patients, args.entries)
    port = 18700 + os.getpid() % 200
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": _cpu(),
        "body_kb": len(payloads[0]) // 1024,
        "runs": {},
    }
    for mode in ("no-jwt", "jwt"):
        config: dict[str, Any] = {
            "insecure_dev": mode == "no-jwt",
            "public_base_url": base,
            "as_of": "2026-11-20",
            "state_db": f"/tmp/ekbom-bench-{os.getpid()}.sqlite",
        }
        tokens: dict[str, list[str]] = {}
        if mode == "jwt":
            issuer, tokens = sign_tokens({"view": base + VIEW, "parse": base + PARSE_ONLY}, 40000)
            config["issuers"] = [issuer]
        proc = start(port, config)
        try:
            asyncio.run(load(base + VIEW, payloads, 4, 1, tokens.get("view")))  # warm-up
            for name, path in (("parse-only", PARSE_ONLY), ("patient-view", VIEW)):
                key = "parse" if name == "parse-only" else "view"
                run = asyncio.run(load(base + path, payloads, 16, args.seconds, tokens.get(key)))
                results["runs"][f"{mode}/{name}/16"] = run
                print(
                    f"{mode:7} {name:13} c=16 {run['rps']:7.1f} req/s p50 {run['p50_ms']:6.1f} ms"
                    f" p99 {run['p99_ms']:6.1f} ms errors {run['errors']}"
                )
            if mode == "no-jwt":
                for clients in args.curve:
                    run = asyncio.run(
                        load(base + VIEW, payloads, clients, args.curve_seconds, None)
                    )
                    results["runs"][f"curve/{clients}"] = run
                    print(
                        f"curve   c={clients:<3} {run['rps']:7.1f} req/s"
                        f" p50 {run['p50_ms']:6.1f} ms"
                        f" p99 {run['p99_ms']:6.1f} ms"
                    )
        finally:
            proc.terminate()
            proc.wait()
        view = results["runs"][f"{mode}/patient-view/16"]
        parse = results["runs"][f"{mode}/parse-only/16"]
        ratio = view["rps"] / parse["rps"]
        print(
            f"{mode}: p99 {view['p99_ms']:.1f} ms < 50:"
            f" {'met' if view['p99_ms'] < 50 else 'MISSED'}"
            f"; errors {view['errors']}: {'met' if view['errors'] == 0 else 'MISSED'}"
            f"; throughput ratio {ratio:.2f} >= 0.50: {'met' if ratio >= 0.5 else 'MISSED'}"
        )
    out = (
        args.output
        or ROOT
        / "benchmarks"
        / "results"
        / f"serve-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    return 0


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    sys.exit(main())
