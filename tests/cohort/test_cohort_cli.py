"""`ekbom cohort` on DuckDB, end to end through the command line, on Synthea27Nj."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from ekbom.kb.load import load_knowledge
from tests.cohort.conftest import Ran, ekbom
from tests.conftest import require_shared

FACTORS = [f.id for f in load_knowledge().factors]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _finding(rows: list[dict[str, str]], person: str, day: str, factor: str) -> dict[str, str]:
    (row,) = [
        r
        for r in rows
        if r["person_id"] == person and r["index_date"] == day and r["factor"] == factor
    ]
    return row


@pytest.fixture(scope="module")
def index_run(tmp_path_factory: pytest.TempPathFactory, synthea_plus: Path) -> Path:
    """One run over an index file that exercises every attrition reason."""
    folder = tmp_path_factory.mktemp("index_run")
    index = folder / "index.csv"
    index.write_text(
        "person_id,index_date\n"
        "11,2009-09-10\n"
        "11,2005-01-01\n"
        "11,2009-09-10\n"  # a duplicate pair is screened once
        "999999,2009-01-01\n"  # unknown person
        "2,2000-01-01\n"  # before person 2's observation period
        "1,2017-01-01\n",  # after person 1's (added) death, inside observation
        encoding="utf-8",
    )
    out = folder / "out"
    ran = ekbom("cohort", synthea_plus, "--index", index, "--out", out)
    assert ran.code == 0, ran.stderr
    return out


def test_person_11_iron_deficiency_present_then_absent(index_run: Path) -> None:
    rows = _rows(index_run / "findings.csv")
    late = _finding(rows, "11", "2009-09-10", "iron-deficiency")
    early = _finding(rows, "11", "2005-01-01", "iron-deficiency")
    assert (late["status"], late["basis"]) == ("present", "abnormal-result")
    assert (early["status"], early["basis"]) == ("absent", "normal-result")


def test_omop_notes_are_read_in_batches_into_mentions(index_run: Path) -> None:
    rows = _rows(index_run / "findings.csv")
    smoking = _finding(rows, "11", "2009-09-10", "smoking")
    alcohol = _finding(rows, "11", "2009-09-10", "alcohol")
    assert (smoking["status"], smoking["basis"]) == ("present", "note-mention")
    assert (alcohol["status"], alcohol["basis"]) == ("absent", "denied")
    before = _finding(rows, "11", "2005-01-01", "smoking")  # the note is later than this date
    assert before["basis"] != "note-mention"
    summary = json.loads((index_run / "summary.json").read_text(encoding="utf-8"))
    assert summary["notes"]["read"] == 1 and summary["notes"]["mentions"] >= 2


def test_one_row_per_screened_pair_and_factor_in_contract_order(index_run: Path) -> None:
    rows = _rows(index_run / "findings.csv")
    assert list(rows[0]) == ["person_id", "index_date", "factor", "status", "basis"]
    pairs = sorted({(r["person_id"], r["index_date"]) for r in rows})
    assert pairs == [("11", "2005-01-01"), ("11", "2009-09-10")]
    for person, day in pairs:
        factors = [r["factor"] for r in rows if (r["person_id"], r["index_date"]) == (person, day)]
        assert factors == FACTORS


def test_attrition_counts_every_reason_and_lists_the_pairs(index_run: Path) -> None:
    summary = json.loads((index_run / "summary.json").read_text(encoding="utf-8"))
    steps = {s["step"]: s["count"] for s in summary["attrition"]}
    assert steps == {
        "candidates": 5,
        "unknown-person": 1,
        "outside-observation": 1,
        "after-death": 1,
        "screened": 2,
    }
    excluded = {
        (r["person_id"], r["index_date"], r["reason"]) for r in _rows(index_run / "excluded.csv")
    }
    assert excluded == {
        ("999999", "2009-01-01", "unknown-person"),
        ("2", "2000-01-01", "outside-observation"),
        ("1", "2017-01-01", "after-death"),
    }
    assert summary["screened"] == 2
    assert summary["knowledge_version"] == load_knowledge().version
    assert summary["vocabulary_version"]
    assert summary["parameters"]["index"] == "index-file"


def test_parquet_findings_equal_the_csv(index_run: Path) -> None:
    csv_rows = _rows(index_run / "findings.csv")
    parquet = duckdb.sql(
        f"SELECT CAST(person_id AS VARCHAR), CAST(index_date AS VARCHAR), factor, status, basis "
        f"FROM read_parquet('{index_run / 'findings.parquet'}')"
    ).fetchall()
    assert [tuple(r.values()) for r in csv_rows] == [tuple(r) for r in parquet]


def test_rls_cohort_screens_first_diagnosis_inside_observation(
    tmp_path: Path, synthea_plus: Path
) -> None:
    out = tmp_path / "out"
    ran = ekbom("cohort", synthea_plus, "--rls-cohort", "--out", out)
    assert ran.code == 0, ran.stderr
    persons = _rows(out / "persons.csv")
    assert persons == [
        {
            "person_id": "1",
            "index_date": "2005-05-01",
            "rls_status": "present",
            "onset_age": "7",
            "mimics": "akathisia",
        }
    ]
    excluded = _rows(out / "excluded.csv")
    assert excluded == [
        {"person_id": "2", "index_date": "1990-01-01", "reason": "outside-observation"}
    ]


def test_as_of_screens_everyone_observed_and_alive(tmp_path: Path) -> None:
    source = require_shared("omop-synthea27nj")
    out = tmp_path / "out"
    ran = ekbom("cohort", source, "--as-of", "2009-09-10", "--out", out)
    assert ran.code == 0, ran.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    observed = duckdb.sql(
        f"SELECT count(DISTINCT person_id) FROM read_csv('{source / 'OBSERVATION_PERIOD.csv'}') "
        "WHERE DATE '2009-09-10' BETWEEN observation_period_start_date "
        "AND observation_period_end_date"
    ).fetchall()[0][0]
    assert summary["screened"] == observed
    assert summary["attrition"][0] == {"step": "candidates", "count": 28}
    assert sum(summary["factors"]["iron-deficiency"].values()) == observed
    assert summary["factors"]["iron-deficiency"]["present"] == 1  # person 11
    assert (out / "report.html").is_file()


def test_parquet_folder_gives_the_same_findings(
    tmp_path: Path, index_run: Path, synthea_plus: Path
) -> None:
    source = synthea_plus
    parquet = tmp_path / "parquet"
    parquet.mkdir()
    con = duckdb.connect()
    for path in source.glob("*.csv"):
        if path.stat().st_size and path.read_text(encoding="utf-8").count("\n") > 1:
            con.execute(
                f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) "
                f"TO '{parquet / (path.stem.lower() + '.parquet')}' (FORMAT parquet)"
            )
    index = tmp_path / "index.csv"
    index.write_text("person_id,index_date\n11,2009-09-10\n11,2005-01-01\n", encoding="utf-8")
    out = tmp_path / "out"
    ran = ekbom("cohort", parquet, "--index", index, "--out", out)
    assert ran.code == 0, ran.stderr
    assert _rows(out / "findings.csv") == _rows(index_run / "findings.csv")


def test_duckdb_file_with_schemas_cohort_table_and_results_table(
    tmp_path: Path, synthea_plus: Path
) -> None:
    database = tmp_path / "omop.duckdb"
    con = duckdb.connect(str(database))
    con.execute("CREATE SCHEMA cdm; CREATE SCHEMA vocab; CREATE SCHEMA results")
    from ekbom.cohort.source import load_folder

    load_folder(synthea_plus, con)
    for table in ("concept", "concept_relationship", "concept_ancestor", "vocabulary"):
        con.execute(f"CREATE TABLE vocab.{table} AS SELECT * FROM main.{table}")
    for (table,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall():
        if table not in ("concept", "concept_relationship", "concept_ancestor", "vocabulary"):
            con.execute(f"CREATE TABLE cdm.{table} AS SELECT * FROM main.{table}")
        con.execute(f"DROP {'VIEW' if False else 'TABLE'} main.{table}")
    con.execute(
        "CREATE TABLE results.cohort (cohort_definition_id INTEGER, subject_id BIGINT, "
        "cohort_start_date DATE, cohort_end_date DATE)"
    )
    con.execute(
        "INSERT INTO results.cohort VALUES (7, 11, DATE '2009-09-10', DATE '2009-09-10'), "
        "(8, 1, DATE '2010-01-01', DATE '2010-01-01')"
    )
    con.close()
    out = tmp_path / "out"
    ran = ekbom(
        "cohort", database, "--cohort-table", "cohort", "--cohort-id", "7",
        "--cdm-schema", "cdm", "--vocab-schema", "vocab", "--results-schema", "results",
        "--results-table", "ekbom_findings", "--out", out,
    )  # fmt: skip
    assert ran.code == 0, ran.stderr
    rows = _rows(out / "findings.csv")
    assert {(r["person_id"], r["index_date"]) for r in rows} == {("11", "2009-09-10")}
    assert _finding(rows, "11", "2009-09-10", "iron-deficiency")["status"] == "present"
    written = (
        duckdb.connect(str(database), read_only=True)
        .execute("SELECT count(*), count(DISTINCT factor) FROM results.ekbom_findings")
        .fetchall()
    )
    assert written == [(len(FACTORS), len(FACTORS))]


def test_nobody_screened_exits_0_with_a_warning(tmp_path: Path, synthea_plus: Path) -> None:
    out = tmp_path / "out"
    ran = ekbom("cohort", synthea_plus, "--as-of", "1900-01-01", "--out", out)
    assert ran.code == 0
    assert "nobody was screened" in ran.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["screened"] == 0 and summary["warnings"]
    assert _rows(out / "findings.csv") == []


def _one_line_error(ran: Ran, *words: str) -> None:
    assert ran.code == 2, (ran.code, ran.stderr)
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ekbom: error:"), ran.stderr
    assert "Traceback" not in ran.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_exactly_one_index_option(tmp_path: Path, synthea_plus: Path) -> None:
    _one_line_error(ekbom("cohort", synthea_plus, "--out", tmp_path), "exactly one")
    _one_line_error(
        ekbom("cohort", synthea_plus, "--as-of", "2009-01-01", "--rls-cohort", "--out", tmp_path),
        "exactly one",
    )
    _one_line_error(
        ekbom("cohort", synthea_plus, "--as-of", "2009-13-01", "--out", tmp_path), "YYYY-MM-DD"
    )


def test_bad_index_file_names_the_line_not_the_value(tmp_path: Path, synthea_plus: Path) -> None:
    index = tmp_path / "index.csv"
    index.write_text("person_id,index_date\n11,2009-09-10\nSECRET42,2009-01-01\n", encoding="utf-8")
    ran = ekbom("cohort", synthea_plus, "--index", index, "--out", tmp_path / "o")
    _one_line_error(ran, str(index), "line 3", "person_id")
    assert "SECRET42" not in ran.stderr
    index.write_text("id,date\n1,2009-01-01\n", encoding="utf-8")
    _one_line_error(
        ekbom("cohort", synthea_plus, "--index", index, "--out", tmp_path / "o"), "header"
    )


def test_bad_sources_give_one_clear_line(tmp_path: Path, synthea_plus: Path) -> None:
    _one_line_error(
        ekbom("cohort", tmp_path / "nowhere", "--as-of", "2009-01-01", "--out", tmp_path / "o"),
        "no such folder",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    _one_line_error(
        ekbom("cohort", empty, "--as-of", "2009-01-01", "--out", tmp_path / "o"),
        "PERSON",
    )
    broken = tmp_path / "broken"
    for name in ("PERSON.csv", "OBSERVATION_PERIOD.csv", "CONCEPT.csv"):
        (broken / name).parent.mkdir(exist_ok=True)
        (broken / name).write_bytes((synthea_plus / name).read_bytes())
    with (broken / "PERSON.csv").open("a", encoding="utf-8") as handle:
        handle.write("notanumber,8507,1990,1,1,,0,0,,,,x,M,0,w,0,n,0\n")
    ran = ekbom("cohort", broken, "--as-of", "2009-01-01", "--out", tmp_path / "o")
    _one_line_error(ran, "PERSON.csv")
    assert "notanumber" not in ran.stderr
    database = tmp_path / "x.duckdb"
    duckdb.connect(str(database)).close()
    _one_line_error(
        ekbom("cohort", database, "--as-of", "2009-01-01", "--cdm-schema", "cdm",
              "--out", tmp_path / "o"),
        "schema",
    )  # fmt: skip
