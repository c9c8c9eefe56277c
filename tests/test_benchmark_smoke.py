"""Smoke run of the benchmark script, so it cannot rot: tiny sizes, one repeat, no timing assert.

The real figures come from `make bench` (see docs/benchmarks.md); here only that the script runs
end to end (generator, ekbom, orjson, fhir.resources baseline, `ekbom check --help`) and prints
its ratio lines.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_check.py"


def test_benchmark_script_runs_quick(tmp_path: Path) -> None:
    output = tmp_path / "result.json"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any(line.startswith("ratio ekbom/orjson at 50 entries: ") for line in lines)
    assert any(line.startswith("ratio fhir.resources/ekbom at 50 entries: ") for line in lines)
    assert any(line.startswith("ratio ekbom 200/50 entries: ") for line in lines)
    assert any(line.startswith("time ekbom check --help median seconds: ") for line in lines)
    result = json.loads(output.read_text(encoding="utf-8"))
    assert [row["entries"] for row in result["sizes"]] == [50, 200]
    assert {t["name"] for t in result["targets"]} >= {"ekbom check --help median seconds"}


def test_generator_is_deterministic_and_exact() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate_bundle, generate_bytes
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    bundle = generate_bundle(300)
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert len(bundle["entry"]) == 300
    assert bundle["entry"][0]["resource"]["resourceType"] == "Patient"
    assert {"Observation", "Condition", "MedicationRequest", "Encounter"} <= kinds
    assert all(entry["fullUrl"].startswith("urn:uuid:") for entry in bundle["entry"])
    assert generate_bytes(300) == generate_bytes(300)
    assert generate_bytes(300, seed=1) != generate_bytes(300)
