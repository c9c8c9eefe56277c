"""`ekbom kb list|show|diff|export` through the real command line."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ekbom.kb.load import default_path
from tests.conftest import require_shared


def ekbom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ekbom", *args], capture_output=True, text=True, check=False
    )


def test_kb_list_counts_unverified_codes() -> None:
    done = ekbom("kb", "list")
    assert done.returncode == 0, done.stderr
    assert "iron-deficiency" in done.stdout
    assert "unverified (verified: false)" in done.stdout
    assert "not yet been clinically validated" in done.stdout


def test_kb_show_reads_like_a_review_sheet() -> None:
    done = ekbom("kb", "show", "iron-deficiency")
    assert done.returncode == 0, done.stderr
    assert "latest ferritin <= 75 ng/mL" in done.stdout
    assert "doi:10.5664/jcsm.11390" in done.stdout
    assert "Coverage:" in done.stdout


def test_kb_show_an_unknown_factor_exits_2() -> None:
    done = ekbom("kb", "show", "iron-excess")
    assert done.returncode == 2
    assert "no factor 'iron-excess'" in done.stderr
    assert "Traceback" not in done.stderr


def test_kb_diff_shows_a_changed_threshold_and_code(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(default_path(), new)
    item = new / "condition/iron-deficiency/item.yaml"
    item.write_text(item.read_text().replace("at_most: 75,", "at_most: 80,"))
    codes = new / "condition/kidney-disease/codes.csv"
    codes.write_text(
        codes.read_text()
        + 'severe,ICD10CM,N18.30,"Chronic kidney disease, stage 3 unspecified",exact,,,,\n'
    )
    done = ekbom("kb", "diff", str(default_path()), str(new))
    assert done.returncode == 0, done.stderr
    removed = [line for line in done.stdout.splitlines() if line.startswith("- iron-deficiency")]
    added = [line for line in done.stdout.splitlines() if line.startswith("+ iron-deficiency")]
    assert any("<= 75 ng/mL" in line for line in removed)
    assert any("<= 80 ng/mL" in line for line in added)
    assert "+ kidney-disease:severe code icd-10-cm#N18.30 (exact)" in done.stdout


def test_kb_diff_of_identical_folders_says_so() -> None:
    done = ekbom("kb", "diff", str(default_path()), str(default_path()))
    assert done.stdout.strip() == "No logic changed."


def test_kb_diff_of_a_broken_folder_exits_2(tmp_path: Path) -> None:
    done = ekbom("kb", "diff", str(default_path()), str(tmp_path))
    assert done.returncode == 2
    assert "factors.yaml" in done.stderr


def test_exported_value_sets_are_valid_fhir_r4(tmp_path: Path) -> None:
    from fhir.resources.R4B.valueset import ValueSet

    done = ekbom("kb", "export", "--format", "fhir-valueset", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    files = sorted(tmp_path.glob("ValueSet-*.json"))
    assert len(files) > 10
    for path in files:
        resource = ValueSet.model_validate_json(path.read_bytes())
        assert resource.compose is not None
        assert resource.compose.include
        assert all(c.code for inc in resource.compose.include for c in inc.concept or [])
    esrd = json.loads((tmp_path / "ValueSet-kidney-disease-esrd.json").read_text())
    codes = {c["code"] for inc in esrd["compose"]["include"] for c in inc["concept"]}
    assert {"N18.6", "Z99.2", "46177005"} <= codes
    iron = json.loads((tmp_path / "ValueSet-iron-deficiency-iron-deficiency.json").read_text())
    listed = {c["code"] for inc in iron["compose"]["include"] for c in inc["concept"]}
    assert {"D50", "D50.0", "D50.9", "E61.1"} <= listed, "the D50 prefix is listed code by code"


def test_csv_export_lists_every_code(tmp_path: Path) -> None:
    assert ekbom("kb", "export", "--format", "csv", "--out", str(tmp_path)).returncode == 0
    rows = list(csv.DictReader((tmp_path / "codes.csv").open()))
    assert any(r["set"] == "lab:ferritin" and r["code"] == "2276-4" for r in rows)


def test_atlas_export_without_a_vocabulary_says_why_it_cannot(tmp_path: Path) -> None:
    done = ekbom("kb", "export", "--format", "omop-conceptset", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "needs --vocab" in done.stderr
    assert "concept ids" in done.stderr


@pytest.mark.shared_data
def test_atlas_export_resolves_concept_ids_from_an_omop_vocabulary(tmp_path: Path) -> None:
    vocab = require_shared("omop-synthea27nj")
    done = ekbom(
        "kb", "export", "--format", "omop-conceptset", "--out", str(tmp_path), "--vocab", str(vocab)
    )
    assert done.returncode == 0, done.stderr
    ferritin = json.loads((tmp_path / "conceptset-lab-ferritin.json").read_text())
    assert [i["concept"]["CONCEPT_ID"] for i in ferritin["items"]] == [3001122]
