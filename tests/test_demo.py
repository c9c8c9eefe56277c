"""`ekbom demo`: every bundled example runs, and each shows what it was written to show.

The expectations live here, not in the examples: each example is a plain FHIR record.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from ekbom.commands.demo import examples_folder, load_index

Result = dict[str, Any]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ekbom", "demo", *args],
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
    )


def _stream(text: str) -> list[Any]:
    """The JSON objects of a stream of concatenated JSON documents."""
    decoder = json.JSONDecoder()
    objects, at = [], 0
    while at < len(text):
        if text[at].isspace():
            at += 1
            continue
        value, at = decoder.raw_decode(text, at)
        objects.append(value)
    return objects


@pytest.fixture(scope="module")
def text_run() -> subprocess.CompletedProcess[str]:
    return _run()


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    done = _run("--format", "json")
    assert done.returncode == 0, done.stderr
    objects = _stream(done.stdout)
    headings, bodies = objects[0::2], objects[1::2]
    assert len(headings) == len(bodies)
    return {heading["example"]: body for heading, body in zip(headings, bodies, strict=True)}


def finding(result: Result, factor: str) -> Result:
    found = [f for f in result["findings"] if f["factor"] == factor]
    assert len(found) == 1, factor
    return found[0]


def status(result: Result, factor: str) -> tuple[str, str]:
    item = finding(result, factor)
    return item["status"], item["basis"]


def sources(result: Result, factor: str) -> set[str]:
    return {e["source"] for e in finding(result, factor)["evidence"]}


def evidence(result: Result, factor: str, source: str) -> Result:
    found = [e for e in finding(result, factor)["evidence"] if e["source"] == source]
    assert len(found) == 1, (factor, source)
    return found[0]


def rls_pm_product(r: Result) -> None:
    """Coded RLS since 38, ferritin 42 ng/mL and diphenhydramine in two forms."""
    assert (r["rls"]["status"], r["rls"]["basis"], r["rls"]["onset_age"]) == (
        "present",
        "coded-diagnosis",
        38,
    )
    assert status(r, "iron-deficiency") == ("present", "abnormal-result")
    ferritin = evidence(r, "iron-deficiency", "Observation/ferritin-1")
    assert (ferritin["value"], ferritin["unit"], ferritin["value_normalized"]) == (42, "ng/mL", 42)
    assert status(r, "antihistamine") == ("present", "active-exposure")
    assert sources(r, "antihistamine") == {"MedicationStatement/otc-1", "MedicationRequest/rx-1"}
    for item in finding(r, "antihistamine")["evidence"]:
        assert (item["ingredient"], item["counted"]) == ("diphenhydramine", True)


def dialysis(r: Result) -> None:
    """End-stage kidney disease on dialysis: ferritin 150 with TSAT 14.5 % is iron deficiency."""
    assert status(r, "kidney-disease") == ("present", "coded-diagnosis")
    assert status(r, "iron-deficiency") == ("present", "abnormal-result")
    assert sources(r, "iron-deficiency") >= {
        "Observation/ferritin-2",
        "Observation/iron-2",
        "Observation/tibc-2",
    }
    assert "kidney-function" not in {w["test"] for w in r["workup"]}


def borderline_loratadine(r: Result) -> None:
    """Ferritin 88 is borderline; loratadine and a cream are shown but never counted."""
    assert (r["rls"]["status"], r["rls"]["basis"]) == ("possible", "indirect")
    assert status(r, "iron-deficiency") == ("possible", "borderline-result")
    assert finding(r, "antihistamine")["status"] != "present"
    loratadine = evidence(r, "antihistamine", "MedicationStatement/lor-3")
    assert (loratadine["ingredient"], loratadine["counted"]) == ("loratadine", False)
    cream = evidence(r, "antihistamine", "MedicationStatement/cream-3")
    assert (cream["ingredient"], cream["counted"]) == ("diphenhydramine", False)


def tramadol_stopped(r: Result) -> None:
    """Tramadol stopped five days ago, medication list reconciled: opioid withdrawal."""
    assert status(r, "opioid-withdrawal") == ("present", "recent-stop")
    stopped = evidence(r, "opioid-withdrawal", "MedicationRequest/tramadol-4")
    assert (stopped["ingredient"], stopped["counted"]) == ("tramadol", True)
    assert r["rls"]["status"] == "present"


def child(r: Result) -> None:
    """Age 10: ferritin 45 ng/mL is under the paediatric target of 50."""
    assert (r["rls"]["status"], r["rls"]["onset_age"]) == ("present", 8)
    assert status(r, "iron-deficiency") == ("present", "abnormal-result")
    assert evidence(r, "iron-deficiency", "Observation/ferritin-5")["value_normalized"] == 45


def refuted_with_mimic(r: Result) -> None:
    """RLS refuted, leg cramps recorded, and a medication nobody can identify."""
    assert (r["rls"]["status"], r["rls"]["basis"]) == ("absent", "denied")
    assert [m["mimic"] for m in r["rls"]["mimics"]] == ["leg-cramps"]
    assert {e["source"] for e in r["rls"]["mimics"][0]["evidence"]} == {"Condition/cramps-6"}
    assert status(r, "antihistamine") == ("unknown", "unresolved-medication")
    assert status(r, "opioid-withdrawal") == ("unknown", "unresolved-medication")
    unresolved = [w for w in r["warnings"] if w["code"] == "unresolved-medication"]
    assert [w.get("source") for w in unresolved] == ["MedicationStatement/unknown-6"]


def si_units(r: Result) -> None:
    """ug/L and umol/L are converted; TSAT is derived from iron and TIBC in umol/L."""
    assert status(r, "iron-deficiency") == ("present", "abnormal-result")
    ferritin = evidence(r, "iron-deficiency", "Observation/ferritin-7")
    assert (ferritin["unit"], ferritin["value_normalized"], ferritin["unit_normalized"]) == (
        "ug/L",
        60,
        "ng/mL",
    )
    iron = evidence(r, "iron-deficiency", "Observation/iron-7")
    assert (iron["value"], iron["unit"]) == (8, "umol/L")
    assert "tsat" in iron["note"]
    assert status(r, "kidney-disease") == ("absent", "normal-result")


EXPECTED: dict[str, Callable[[Result], None]] = {
    "01-rls-low-ferritin-pm-product.json": rls_pm_product,
    "02-dialysis-iron-tsat.json": dialysis,
    "03-borderline-ferritin-loratadine.json": borderline_loratadine,
    "04-tramadol-stopped.json": tramadol_stopped,
    "05-child-ferritin-45.json": child,
    "06-refuted-rls-leg-cramps-unresolved.json": refuted_with_mimic,
    "07-si-units.json": si_units,
}


def test_every_listed_example_has_expectations_and_a_file() -> None:
    folder = examples_folder()
    listed = [example.file for example in load_index(folder)]
    assert len(listed) >= 6
    assert sorted(listed) == sorted(EXPECTED)
    for name in listed:
        bundle = json.loads((folder / name).read_text(encoding="utf-8"))
        assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")


def test_demo_prints_every_example_under_a_heading(
    text_run: subprocess.CompletedProcess[str],
) -> None:
    assert text_run.returncode == 0, text_run.stderr
    for example in load_index(examples_folder()):
        assert f"{example.file}: {example.title}" in text_run.stdout
    assert text_run.stdout.count("not a diagnosis") == len(EXPECTED)


def test_demo_json_gives_one_result_per_example(results: dict[str, Result]) -> None:
    index = load_index(examples_folder())
    assert list(results) == [example.file for example in index]
    for example in index:
        result = results[example.file]
        assert result["as_of"] == example.as_of.isoformat()
        factors = [f["factor"] for f in result["findings"]]
        assert len(factors) == len(set(factors))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_shows_what_it_was_written_for(results: dict[str, Result], name: str) -> None:
    EXPECTED[name](results[name])


def test_demo_html_renders_every_example() -> None:
    done = _run("--format", "html")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("<!DOCTYPE html>") == len(EXPECTED)
