"""All three engines give identical findings on a synthetic population of 10,000 persons."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.cohort_engines.conftest import POPULATION, read, run_cli

OUTPUTS = ("findings.csv", "persons.csv", "excluded.csv")


@pytest.fixture(scope="module")
def reference(
    population: Path, tmp_path_factory: pytest.TempPathFactory, capsys_module: Any
) -> Path:
    out = tmp_path_factory.mktemp("pop-duckdb")
    result = run_cli(
        ["cohort", str(population), "--index", str(population / "index.csv"), "--out", str(out)],
        capsys_module,
    )
    assert result.code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def capsys_module() -> Any:
    class _Quiet:
        def readouterr(self) -> Any:
            class _Out:
                out = ""
                err = ""

            return _Out()

    return _Quiet()


def test_population_is_varied(reference: Path) -> None:
    with (reference / "findings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    persons = {r["person_id"] for r in rows}
    assert len(persons) > POPULATION * 0.7  # the others are outside observation or dead
    statuses = Counter((r["factor"], r["status"]) for r in rows)
    for status in ("present", "possible", "absent", "unknown"):
        assert sum(n for (_, s), n in statuses.items() if s == status) > 0, status
    assert len(statuses) > 40  # factor and status pairs
    assert statuses[("iron-deficiency", "present")] > 0
    assert "unknown-person" in read(reference / "excluded.csv")


def test_postgres_agrees_on_10000_persons(
    pg_population: str,
    population: Path,
    reference: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_cli(
        [
            "cohort",
            pg_population,
            "--index",
            str(population / "index.csv"),
            "--cdm-schema",
            "pop",
            "--vocab-schema",
            "pop_vocab",
            "--out",
            str(tmp_path),
        ],
        capsys,
    )
    assert result.code == 0, result.stderr
    for name in OUTPUTS:
        assert read(tmp_path / name) == read(reference / name), name
