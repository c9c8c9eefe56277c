"""Every factor's cases.yaml, run through the whole FHIR path: builder -> reader -> engine.

Each case is a sentence ("A ferritin of 42 ng/mL drawn last month makes iron deficiency present")
with a small record in shorthand and the expected status and basis.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from ekbom.engine.evaluate import evaluate
from ekbom.kb.load import default_path, load_knowledge
from ekbom.render.as_dict import result_dict
from ekbom.sources.fhir import read_fhir_bytes
from tests.builder import bundle

CASE_KEYS = {"name", "as_of", "patient", "record", "expect"}
EXPECT_KEYS = {
    "status",
    "basis",
    "evidence",
    "warnings",
    "workup",
    "no_workup",
    "onset_age",
    "mimics",
    "also",
}


def _case_files() -> list[Path]:
    return sorted(default_path().rglob("cases.yaml"))


def _cases() -> list[Any]:
    out = []
    for path in _case_files():
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = document.get("defaults", {})
        for case in document["cases"]:
            unknown = set(case) - CASE_KEYS
            assert not unknown, f"{path}: case {case.get('name')!r} has unknown keys {unknown}"
            full = {**defaults, **case}
            out.append(pytest.param(document["factor"], full, id=case["name"]))
    return out


def run(case: dict[str, Any]) -> dict[str, Any]:
    """Build the case's record as FHIR, read it, evaluate it, and return the JSON shape."""
    document = bundle(case.get("record", []), case.get("patient"))
    facts = read_fhir_bytes([("case.json", orjson.dumps(document))])
    as_of = case["as_of"] if isinstance(case["as_of"], date) else date.fromisoformat(case["as_of"])
    return result_dict(evaluate(load_knowledge(), facts, as_of))


@pytest.mark.parametrize(("factor", "case"), _cases())
def test_case(factor: str, case: dict[str, Any]) -> None:
    expect = case["expect"]
    assert set(expect) <= EXPECT_KEYS, f"unknown expect keys {set(expect) - EXPECT_KEYS}"
    result = run(case)
    found = result["rls"] if factor == "rls" else _finding(result, factor)
    assert (found["status"], found["basis"]) == (expect["status"], expect["basis"]), found
    for wanted in expect.get("evidence", []):
        assert any(wanted.items() <= item.items() for item in found["evidence"]), (
            f"no evidence matching {wanted} in {found['evidence']}"
        )
    codes = {w["code"] for w in result["warnings"]}
    for code in expect.get("warnings", []):
        assert code in codes, f"warning {code} missing from {codes}"
    tests = {w["test"] for w in result["workup"]}
    assert set(expect.get("workup", [])) <= tests, tests
    assert not set(expect.get("no_workup", [])) & tests, tests
    if "onset_age" in expect:
        assert result["rls"]["onset_age"] == expect["onset_age"]
    if "mimics" in expect:
        assert [m["mimic"] for m in result["rls"]["mimics"]] == expect["mimics"]
    for other, (status, basis) in expect.get("also", {}).items():
        finding = _finding(result, other)
        assert (finding["status"], finding["basis"]) == (status, basis), finding


def _engine_outcomes(factor: Any) -> set[tuple[str, str]]:
    """Outcomes the engine adds on its own: stale results, unreadable results, unresolved drugs."""
    from ekbom.kb.predicates import Exposure, Lab, MedicationCoverage, NoResult, Withdrawal
    from ekbom.kb.references import walk

    outcomes = set()
    for compiled in factor.rules:
        kinds = list(walk(compiled.predicate))
        if any(isinstance(p, Lab) for p in kinds):
            outcomes.add(("unknown", "uninterpretable-result"))
            if compiled.rule.status.value == "present" and factor.item.stale_results:
                outcomes.add(("possible", "stale-result"))
        if factor.category.value in ("medication", "withdrawal") and any(
            isinstance(p, Exposure | Withdrawal | MedicationCoverage) for p in kinds
        ):
            outcomes.add(("unknown", "unresolved-medication"))
        if any(isinstance(p, NoResult) for p in kinds):
            outcomes.add(("unknown", "uninterpretable-result"))
    return outcomes


def _finding(result: dict[str, Any], factor: str) -> dict[str, Any]:
    matches = [f for f in result["findings"] if f["factor"] == factor]
    assert len(matches) == 1, f"{factor} appears {len(matches)} times"
    return matches[0]


def test_every_factor_with_rules_has_cases() -> None:
    with_cases = {yaml.safe_load(p.read_text())["factor"] for p in _case_files()}
    written = {f.id for f in load_knowledge().factors if f.item is not None}
    assert written | {"rls"} <= with_cases


def test_every_status_and_basis_a_factor_can_produce_has_a_case() -> None:
    """The rules name the outcomes they can produce; each must appear in the factor's cases."""
    knowledge = load_knowledge()
    covered: dict[str, set[tuple[str, str]]] = {}
    for path in _case_files():
        document = yaml.safe_load(path.read_text())
        covered[document["factor"]] = {
            (c["expect"]["status"], c["expect"]["basis"]) for c in document["cases"]
        }
    for factor in (*knowledge.factors, knowledge.rls):
        if factor.item is None:
            continue
        producible = {(r.rule.status.value, r.rule.basis.value) for r in factor.rules}
        producible.add(("unknown", "no-data"))
        producible |= _engine_outcomes(factor)
        missing = producible - covered.get(factor.id, set())
        assert not missing, f"{factor.id}: no case for {sorted(missing)}"
