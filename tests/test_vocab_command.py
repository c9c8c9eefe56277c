"""`ekbom vocab load` through the real command line, on the Synthea27Nj vocabulary shard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import require_shared


def test_vocab_load_streams_the_shard_into_duckdb(tmp_path: Path) -> None:
    folder = require_shared("omop-synthea27nj")
    database = tmp_path / "vocab.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", "vocab", "load", str(folder), "--db", str(database)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    counts = dict(line.split("\t") for line in done.stdout.splitlines())
    assert int(counts["concept"]) == 2294
    con = duckdb.connect(str(database), read_only=True)
    row = con.execute(
        "select concept_id from concept where vocabulary_id = 'LOINC' and concept_code = '2276-4'"
    ).fetchone()
    assert row == (3001122,)


def test_vocab_load_of_a_folder_without_a_vocabulary_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ekbom",
            "vocab",
            "load",
            str(tmp_path),
            "--db",
            str(tmp_path / "v.duckdb"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "CONCEPT" in done.stderr
