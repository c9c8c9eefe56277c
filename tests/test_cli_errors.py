"""Bad input at the command line: exit status 2 and one line on stderr that names the file.

One broken input per case, run through `python -m ekbom check` in a fresh process so the exit
status and the exact stderr are what a user sees.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

PATIENT = {"resourceType": "Patient", "id": "p1", "birthDate": "1970-05-02"}
SUBJECT = {"reference": "Patient/p1"}


def _bundle(*resources: dict[str, object]) -> bytes:
    return orjson.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in resources],
        }
    )


@dataclass(frozen=True)
class Case:
    """One bad input: the file to write (None: write nothing), extra arguments, and the words
    stderr must hold besides the file name."""

    name: str
    content: bytes | None
    words: tuple[str, ...]
    args: tuple[str, ...] = field(default=())


CASES = {
    "a file that is not JSON": Case(
        "broken.json", b'{"resourceType": "Patient", ', ("is not JSON",)
    ),
    "a JSON array instead of a resource": Case(
        "array.json", b"[1, 2, 3]", ("expected a JSON object", "got array")
    ),
    "a resource without a resourceType": Case(
        "untyped.json", b'{"id": "p1"}', ("$.resourceType", "it is missing")
    ),
    "an unknown resourceType": Case(
        "typo.json",
        _bundle(PATIENT, {"resourceType": "Conditoin"}),
        ("$.entry[1].resource.resourceType", "unknown resourceType 'Conditoin'"),
    ),
    "a malformed date": Case(
        "date.json",
        _bundle(
            PATIENT,
            {"resourceType": "Condition", "subject": SUBJECT, "onsetDateTime": "13/07/2018"},
        ),
        ("$.entry[1].resource.onsetDateTime", "expected a FHIR date", "patient data"),
    ),
    "a value of the wrong type": Case(
        "value.json",
        _bundle(
            PATIENT,
            {
                "resourceType": "Observation",
                "subject": SUBJECT,
                "status": "final",
                "effectiveDateTime": "2026-01-02",
                "valueQuantity": {"value": "42", "unit": "ng/mL"},
            },
        ),
        ("$.entry[1].resource.valueQuantity.value", "expected a number, got string"),
    ),
    "a wrong type on an ndjson line": Case(
        "export.ndjson",
        orjson.dumps(PATIENT)
        + b"\n"
        + orjson.dumps({"resourceType": "Condition", "subject": SUBJECT, "code": "RLS"}),
        ("line 2.code", "expected an object, got string"),
    ),
    "an empty file": Case("empty.json", b"  \n", ("is empty",)),
    "a missing file": Case("nowhere.json", None, ("cannot be read",)),
    "a directory instead of a file": Case("folder", None, ("cannot be read",)),
    "several patients without --patient": Case(
        "two.json",
        _bundle(PATIENT, {"resourceType": "Patient", "id": "p2"}),
        ("holds 2 patients", "--patient"),
    ),
    "a --patient the input does not hold": Case(
        "one.json",
        _bundle(PATIENT),
        ("holds no patient with the id given to --patient",),
        ("--patient", "p7"),
    ),
    "a plain-text note that is not UTF-8": Case(
        "note.txt", b"Patient reports restless legs \xff at night.\n", ("not UTF-8",)
    ),
    "a plain-text note with a malformed Date header": Case(
        "note.txt", b"Date: 2026-13-45\nRestless legs at night.\n", ("line 1", "YYYY-MM-DD")
    ),
    "a QuestionnaireResponse": Case(
        "answers.json",
        orjson.dumps({"resourceType": "QuestionnaireResponse", "status": "completed"}),
        ("$.questionnaire", "expected a response to https://ekbom.org/fhir/Questionnaire"),
    ),
}


def run_check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`ekbom check ARGS` in a new process, in tmp_path."""
    return subprocess.run(
        [sys.executable, "-m", "ekbom", "check", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, nothing on stdout, one stderr line holding every word, no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    assert result.stdout == ""


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path: Path, case: Case) -> None:
    if case.content is not None:
        (tmp_path / case.name).write_bytes(case.content)
    if case.name == "folder":
        (tmp_path / case.name).mkdir()
    result = run_check(tmp_path, case.name, "--as-of", "2026-11-24", *case.args)
    assert_one_line_error(result, case.name, *case.words)


def test_a_bad_as_of_date_exits_2_naming_the_option(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_bytes(orjson.dumps(PATIENT))
    result = run_check(tmp_path, "ok.json", "--as-of", "24/11/2026")
    assert_one_line_error(result, "--as-of", "YYYY-MM-DD")


def test_an_impossible_as_of_day_exits_2_naming_the_option(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_bytes(orjson.dumps(PATIENT))
    result = run_check(tmp_path, "ok.json", "--as-of", "2026-13-01")
    assert_one_line_error(result, "--as-of")


def test_a_good_file_beside_a_bad_one_evaluates_nothing(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_bytes(orjson.dumps(PATIENT))
    (tmp_path / "bad.json").write_bytes(b"not json at all")
    result = run_check(tmp_path, "ok.json", "bad.json", "--as-of", "2026-11-24", "--format", "json")
    assert_one_line_error(result, "bad.json", "is not JSON")


def test_a_readable_record_exits_0(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_bytes(orjson.dumps(PATIENT))
    result = run_check(tmp_path, "ok.json", "--as-of", "2026-11-24", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert orjson.loads(result.stdout)["as_of"] == "2026-11-24"


def test_error_lines_carry_no_patient_data(tmp_path: Path) -> None:
    """Error lines can end up in logs: a malformed patient value and patient ids never appear."""
    canary = "CANARY7731"
    other = {"resourceType": "Patient", "id": f"{canary}-id", "birthDate": "1980-01-01"}
    (tmp_path / "two.json").write_bytes(_bundle(PATIENT, other))
    both = run_check(tmp_path, "two.json", "--as-of", "2026-11-24")
    assert_one_line_error(both, "two.json", "2 patients")
    assert canary not in both.stderr
    bad_date = {"resourceType": "Patient", "id": "p1", "birthDate": f"{canary}-05-02"}
    (tmp_path / "date.json").write_bytes(_bundle(bad_date))
    dated = run_check(tmp_path, "date.json", "--as-of", "2026-11-24")
    assert_one_line_error(dated, "date.json", "birthDate")
    assert canary not in dated.stderr


@pytest.mark.parametrize(
    "args",
    [("check", "--format", "xml", "x.json"), ("check",), ("--bogus",)],
    ids=["bad format", "no path", "unknown option"],
)
def test_usage_mistakes_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ekbom", *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ekbom: error: ")


def test_a_questionnaire_response_inside_a_bundle_is_skipped(tmp_path: Path) -> None:
    answers = {"resourceType": "QuestionnaireResponse", "subject": SUBJECT, "status": "completed"}
    (tmp_path / "record.json").write_bytes(_bundle(PATIENT, answers))
    result = run_check(tmp_path, "record.json", "--as-of", "2026-11-24", "--format", "json")
    assert result.returncode == 0, result.stderr
    warnings = orjson.loads(result.stdout)["warnings"]
    assert any("QuestionnaireResponse" in w["message"] for w in warnings), warnings


PRIVACY_CANARIES = {
    "an id given to --patient that the input does not hold": (
        ("MRN-CANARY-4417",),
        _bundle(PATIENT),
        ("holds no patient with the id given to --patient",),
        ("--patient", "MRN-CANARY-4417"),
    ),
    "an impossible onset age": (
        ("12345",),
        _bundle(
            PATIENT,
            {
                "resourceType": "Condition",
                "subject": SUBJECT,
                "onsetAge": {"value": 12345, "unit": "a"},
            },
        ),
        ("$.entry[1].resource.onsetAge.value", "expected an age from 0 to 9999 years"),
        (),
    ),
    "an unknown comparator": (
        ("SMITH-JOHN",),
        _bundle(
            PATIENT,
            {
                "resourceType": "Observation",
                "subject": SUBJECT,
                "status": "final",
                "effectiveDateTime": "2026-10-01",
                "valueQuantity": {"value": 20, "comparator": "SMITH-JOHN", "unit": "ng/mL"},
            },
        ),
        ("$.entry[1].resource.valueQuantity.comparator", "expected one of <, <=, >=, >"),
        (),
    ),
    "a days supply past the calendar": (
        ("1e+07", "10000000"),
        _bundle(
            PATIENT,
            {
                "resourceType": "MedicationDispense",
                "subject": SUBJECT,
                "status": "completed",
                "whenHandedOver": "2026-11-01",
                "daysSupply": {"value": 10000000, "code": "d"},
            },
        ),
        ("$.entry[1].resource.daysSupply.value", "expected a supply in days"),
        (),
    ),
}


@pytest.mark.parametrize(
    ("canaries", "content", "words", "args"),
    PRIVACY_CANARIES.values(),
    ids=list(PRIVACY_CANARIES),
)
def test_a_refused_value_is_never_repeated_on_stderr(
    tmp_path: Path,
    canaries: tuple[str, ...],
    content: bytes,
    words: tuple[str, ...],
    args: tuple[str, ...],
) -> None:
    """The value at fault is patient data: the line names the field and what was expected."""
    (tmp_path / "record.json").write_bytes(content)
    result = run_check(tmp_path, "record.json", "--as-of", "2026-11-24", *args)
    assert_one_line_error(result, "record.json", *words)
    for canary in canaries:
        assert canary not in result.stderr, result.stderr
