"""Fixtures for `ekbom cohort` on DuckDB: a copy of Synthea27Nj with a few rows added."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_shared

RLS_CONCEPT = 900_000_001
AKATHISIA_CONCEPT = 900_000_002


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def ekbom(*args: str | Path) -> Ran:
    """Run the installed command line in a fresh process, as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def _append(path: Path, lines: list[str]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")


@pytest.fixture(scope="session")
def synthea_plus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthea27Nj plus: an RLS diagnosis (person 1, 2005-05-01) inside observation, an
    akathisia code beside it, an RLS diagnosis outside observation (person 2, 1990-01-01),
    a death for person 1 on 2016-01-01 while the observation period runs on, and a note for
    person 11 (2009-09-01) that says she smokes and denies alcohol."""
    source = require_shared("omop-synthea27nj")
    folder = tmp_path_factory.mktemp("synthea_plus") / "cdm"
    shutil.copytree(source, folder)
    _append(
        folder / "CONCEPT.csv",
        [
            f"{RLS_CONCEPT},Restless legs,Condition,SNOMED,Clinical Finding,S,32914008,"
            "1970-01-01,2099-12-31,",
            f"{AKATHISIA_CONCEPT},Drug induced akathisia,Condition,ICD10CM,5-char billing code,,"
            "G25.71,1970-01-01,2099-12-31,",
        ],
    )
    _append(
        folder / "CONDITION_OCCURRENCE.csv",
        [
            f"9000001,1,{RLS_CONCEPT},2005-05-01,,,,32020,0,,,,,32914008,{RLS_CONCEPT},",
            f"9000002,1,0,2005-04-01,,,,32020,0,,,,,G25.71,{AKATHISIA_CONCEPT},",
            f"9000003,2,{RLS_CONCEPT},1990-01-01,,,,32020,0,,,,,32914008,{RLS_CONCEPT},",
        ],
    )
    _append(folder / "DEATH.csv", ["1,2016-01-01,,32817,0,,0"])
    _append(
        folder / "NOTE.csv",
        [
            '9100001,11,2009-09-01,,44814637,0,Visit,"She smokes a pack of cigarettes a day. '
            'Denies alcohol.",0,4180186,,,,,,',
        ],
    )
    return folder
