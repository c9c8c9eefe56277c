"""Real data written by others: every patient of the Synthea-derived bulk export reads cleanly.

The export (`../shared/data/fhir-bulk-synthea`, or `$EKBOM_SHARED_DATA/fhir-bulk-synthea`) holds
one NDJSON file per resource type for 50 patients. The facts checked by hand below were read
from those files with a text editor.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import orjson
import pytest

from ekbom.engine.evaluate import evaluate
from ekbom.errors import InputError
from ekbom.facts import Facts
from ekbom.kb.load import load_knowledge
from ekbom.render.json import render_json
from ekbom.sources.fhir import read_fhir
from ekbom.vocab import Status
from tests.conftest import require_shared

pytestmark = pytest.mark.shared_data

AS_OF = date(2026, 11, 24)
SNOMED = "http://snomed.info/sct"
NEUROPATHY_PATIENT = "47c37c92-5932-9cfe-66be-208556780fe0"
STOPPED_PATIENT = "9eaa056b-1efc-0cc8-70ff-62c8f704cc13"
# Referenced by 805 Procedures (430 of them dialysis) but absent from the Patient files.
DIALYSIS_PATIENT = "79a66c97-6131-3213-f3c9-4606946ab056"


@pytest.fixture(scope="module")
def export() -> list[Path]:
    """The export's NDJSON files."""
    files = sorted(require_shared("fhir-bulk-synthea").glob("*.ndjson"))
    assert files, "the export folder holds no .ndjson files"
    return files


@pytest.fixture(scope="module")
def patient_ids(export: list[Path]) -> list[str]:
    """The ids of the Patient resources, from the patient NDJSON files."""
    ids = []
    for path in export:
        if path.name.startswith("patient"):
            ids += [
                orjson.loads(line)["id"] for line in path.read_bytes().splitlines() if line.strip()
            ]
    return ids


def read(export: list[Path], patient: str) -> Facts:
    """One patient's facts from the whole export."""
    return read_fhir(export, patient=patient)


def test_the_export_holds_50_patients(patient_ids: list[str]) -> None:
    assert len(patient_ids) == len(set(patient_ids)) == 50


def test_every_patient_reads_and_evaluates_cleanly(
    export: list[Path], patient_ids: list[str]
) -> None:
    knowledge = load_knowledge()
    for patient in patient_ids:
        facts = read(export, patient)
        assert facts.patient is not None
        assert facts.patient.id == patient
        assert "unattributed (no patient reference)" not in facts.skipped  # all name their patient
        result = evaluate(knowledge, facts, AS_OF)
        assert len(orjson.loads(render_json(result))["findings"]) == len(knowledge.factors)


def test_the_whole_export_without_patient_is_refused(export: list[Path]) -> None:
    with pytest.raises(InputError, match="patients"):
        read_fhir(export)


def test_types_ekbom_does_not_read_are_skipped_and_counted(export: list[Path]) -> None:
    facts = read(export, STOPPED_PATIENT)
    assert facts.skipped["Encounter"] == 1
    # Synthea's clinical note (DocumentReference, inline text/plain) is read as a note now.
    assert "DocumentReference" not in facts.skipped
    assert facts.mentions
    assert all(m.source.startswith("DocumentReference/") for m in facts.mentions)


def test_a_diabetic_neuropathy_condition_is_read(export: list[Path]) -> None:
    facts = read(export, NEUROPATHY_PATIENT)
    [neuropathy] = [
        c for c in facts.conditions if any(code.code == "368581000119106" for code in c.codes)
    ]
    assert neuropathy.codes[0].system == SNOMED
    assert neuropathy.onset == date(2018, 6, 25)
    assert (neuropathy.clinical_status, neuropathy.verification) == ("active", "confirmed")


def test_stopped_medication_requests_end_on_their_authored_day(export: list[Path]) -> None:
    medications = [
        m for m in read(export, STOPPED_PATIENT).medications if m.kind == "MedicationRequest"
    ]
    assert len(medications) == 2
    assert {(m.status, m.start, m.end) for m in medications} == {
        ("stopped", date(2018, 7, 13), date(2018, 7, 13))
    }
    assert "amLODIPine 2.5 MG Oral Tablet" in {m.text for m in medications}
    assert all(m.duration_known for m in medications)


def test_dialysis_procedures_are_read_and_make_kidney_disease_present(export: list[Path]) -> None:
    facts = read(export, DIALYSIS_PATIENT)
    assert facts.patient is None
    dialysis = [p for p in facts.procedures if p.codes[0].code == "265764009"]
    assert len(dialysis) == 430
    assert max(p.date for p in dialysis if p.date) == date(1990, 11, 24)
    result = evaluate(load_knowledge(), facts, date(1990, 12, 1))
    kidney = next(f for f in result.findings if f.factor == "kidney-disease")
    assert kidney.status is Status.PRESENT


def test_one_patient_through_the_command_line_lists_every_factor_once(export: list[Path]) -> None:
    command = [
        sys.executable,
        "-m",
        "ekbom",
        "check",
        *map(str, export),
        "--patient",
        NEUROPATHY_PATIENT,
        "--as-of",
        "2026-11-24",
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    output = orjson.loads(done.stdout)
    factors = [finding["factor"] for finding in output["findings"]]
    assert len(factors) == len(set(factors)) == 34
    assert set(factors) == {factor.id for factor in load_knowledge().factors}
