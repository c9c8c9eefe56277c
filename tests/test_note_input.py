"""Clinical notes as input: `ekbom check note.txt`, FHIR DocumentReference, errors, privacy.

The note analysis is the real pipeline (extra `ekbom[nlp]`); the knowledge cases with `note:`
records (tests/builder.py) cover what each factor makes of a mention. This file covers the
readers, the note's date, mixing notes with FHIR, the mimics and red flags, and that no note
text ever reaches stderr or a log.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from ekbom.engine.evaluate import evaluate
from ekbom.errors import InputError
from ekbom.kb.load import load_knowledge
from ekbom.kb.predicates import MatchError, Mention, parse_match
from ekbom.kb.references import walk
from ekbom.render.as_dict import result_dict
from ekbom.sources.fhir import read_fhir_bytes
from ekbom.sources.note import read_note
from tests.builder import bundle

AS_OF = "2026-11-24"
CANARY = "Quokkacanary4417"
NOTE = (
    "Date: 2026-11-20\n"
    "HPI: 54 year old woman with restless legs syndrome. Mother has RLS as well.\n"
    "Medications: sertraline 50 mg daily. Stopped hydralazine three days ago.\n"
    "Labs: ferritin 22 ng/mL last month. Denies alcohol. Consider starting mirtazapine.\n"
    "Leg cramps at night.\n"
)


def _check(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "ekbom", "check", *args, "--as-of", AS_OF, "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _finding(result: dict[str, Any], factor: str) -> dict[str, Any]:
    return next(f for f in result["findings"] if f["factor"] == factor)


def _read(*items: dict[str, Any]) -> dict[str, Any]:
    facts = read_fhir_bytes([("doc.json", orjson.dumps(bundle(list(items))))])
    return result_dict(evaluate(load_knowledge(), facts, date.fromisoformat(AS_OF)))


def _document(**fields: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": "d1",
        "status": "current",
        "subject": {"reference": "Patient/p"},
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain",
                    "data": base64.b64encode(b"Patient has restless legs syndrome.").decode(),
                }
            }
        ],
    }
    resource.update(fields)
    return resource


def _documents(tmp_path: Path, *resources: dict[str, Any]) -> Path:
    entries = [{"resource": {"resourceType": "Patient", "id": "p"}}]
    entries += [{"resource": r} for r in resources]
    path = tmp_path / "docs.json"
    path.write_bytes(
        orjson.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})
    )
    return path


def test_a_text_note_is_read_with_its_date_header(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    done = _check(tmp_path, "note.txt")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    rls = result["rls"]
    assert (rls["status"], rls["basis"]) == ("present", "note-mention")
    start = NOTE.index("restless legs syndrome")
    source = f"note:note.txt#char={start}-{start + len('restless legs syndrome')}"
    assert rls["evidence"][0]["source"] == source
    assert rls["evidence"][0]["date"] == "2026-11-20"
    assert [m["mimic"] for m in rls["mimics"]] == ["leg-cramps"]
    expected = {
        "family-history": ("present", "note-mention"),
        "antidepressant": ("present", "active-exposure"),
        "vasodilator-withdrawal": ("present", "recent-stop"),
        "iron-deficiency": ("present", "abnormal-result"),
        "alcohol": ("absent", "denied"),
    }
    for factor, outcome in expected.items():
        finding = _finding(result, factor)
        assert (finding["status"], finding["basis"]) == outcome, factor
    stop = _finding(result, "vasodilator-withdrawal")["evidence"][0]
    assert stop["note"] == "stopped 2026-11-17"
    ferritin = _finding(result, "iron-deficiency")["evidence"][0]
    assert (ferritin["code"]["code"], ferritin["value"], ferritin["date"]) == (
        "2276-4",
        22,
        "2026-10-21",
    )
    antidepressant = _finding(result, "antidepressant")["evidence"]
    assert [e["ingredient"] for e in antidepressant] == ["sertraline"]  # mirtazapine: hypothetical


def test_a_note_without_a_date_header_is_dated_on_the_as_of_date(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Patient reports restless legs at night.\n", encoding="utf-8")
    facts = read_note(path, date(2026, 11, 24))
    assert [(m.label, m.date) for m in facts.mentions] == [("rls", date(2026, 11, 24))]
    assert facts.origins[facts.mentions[0].source] == str(path)


def test_notes_and_fhir_files_of_one_person_are_read_together(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("Date: 2026-11-20\nPossible restless legs syndrome.\n")
    record = bundle([{"lab": "LOINC#2276-4 30 ng/mL", "date": "2026-11-01"}])
    (tmp_path / "record.json").write_bytes(orjson.dumps(record))
    done = _check(tmp_path, "record.json", "note.txt")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["rls"]["status"], result["rls"]["basis"]) == ("possible", "uncertain-mention")
    iron = _finding(result, "iron-deficiency")
    assert (iron["status"], iron["evidence"][0]["source"]) == ("present", "Observation/r0")


def test_a_document_reference_is_read_as_a_note(tmp_path: Path) -> None:
    path = _documents(tmp_path, _document(date="2026-11-18T10:00:00+01:00"))
    done = _check(tmp_path, path.name)
    assert done.returncode == 0, done.stderr
    rls = json.loads(done.stdout)["rls"]
    assert rls["basis"] == "note-mention"
    assert rls["evidence"][0]["source"] == "DocumentReference/d1#char=12-34"
    assert rls["evidence"][0]["date"] == "2026-11-18"


def test_a_document_without_a_date_takes_its_context_period_else_is_flagged() -> None:
    dated = _read_documents(_document(context={"period": {"start": "2026-10-02"}}))
    assert dated["rls"]["evidence"][0]["date"] == "2026-10-02"
    undated = _read_documents(_document())
    assert undated["rls"]["basis"] == "note-mention"
    assert "undated-note" in {w["code"] for w in undated["warnings"]}


def _read_documents(*resources: dict[str, Any]) -> dict[str, Any]:
    entries = [{"resource": {"resourceType": "Patient", "id": "p"}}]
    entries += [{"resource": r} for r in resources]
    data = orjson.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})
    facts = read_fhir_bytes([("docs.json", data)])
    return result_dict(evaluate(load_knowledge(), facts, date.fromisoformat(AS_OF)))


@pytest.mark.parametrize(
    ("attachment", "words"),
    [
        ({"contentType": "text/plain", "url": "https://example.org/n/1"}, "does not fetch"),
        ({"contentType": "application/pdf", "data": "JVBERi0="}, "no text/plain attachment"),
    ],
    ids=["a URL only", "a PDF"],
)
def test_a_document_that_cannot_be_read_gives_a_warning_and_nothing_else(
    attachment: dict[str, Any], words: str
) -> None:
    result = _read_documents(_document(content=[{"attachment": attachment}]))
    warnings = [w for w in result["warnings"] if w["code"] == "note-not-read"]
    assert len(warnings) == 1 and words in warnings[0]["message"], result["warnings"]
    assert result["rls"]["status"] == "unknown"


def test_an_entered_in_error_document_is_not_read() -> None:
    result = _read_documents(_document(status="entered-in-error"))
    assert result["rls"]["status"] == "unknown"


@pytest.mark.parametrize(
    ("data", "words"),
    [("not base64!", "expected base64 text"), (base64.b64encode(b"\xff\xfe").decode(), "UTF-8")],
    ids=["bad base64", "not UTF-8"],
)
def test_a_broken_document_exits_2_naming_the_field(tmp_path: Path, data: str, words: str) -> None:
    doc = _document(content=[{"attachment": {"contentType": "text/plain", "data": data}}])
    path = _documents(tmp_path, doc)
    done = _check(tmp_path, path.name)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "docs.json" in lines[0] and words in lines[0], done.stderr
    assert "content[0].attachment.data" in lines[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty"), (b"  \n", "is empty"), (b"\xff\xfe\x00", "not UTF-8")],
    ids=["empty", "blank", "not UTF-8"],
)
def test_an_unreadable_note_exits_2_with_one_line(
    tmp_path: Path, content: bytes, words: str
) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    done = _check(tmp_path, "bad.txt")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "bad.txt" in done.stderr and words in done.stderr


def test_a_note_without_the_nlp_extra_exits_2_naming_the_file(tmp_path: Path) -> None:
    """A real import failure: a `medspacy` package on the path that cannot be imported."""
    blocker = tmp_path / "blocked" / "medspacy"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('medspacy is not installed')\n")
    (tmp_path / "note.txt").write_text("Restless legs at night.\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "blocked")}
    done = _check(tmp_path, "note.txt", env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        "ekbom: error: note.txt: reading clinical notes needs the nlp extra: "
        "pip install 'ekbom[nlp]'"
    )


def test_no_note_text_reaches_stderr_or_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = f"Date: 2026-11-20\n{CANARY} has restless legs syndrome. {CANARY} denies alcohol.\n"
    (tmp_path / "note.txt").write_text(text)
    (tmp_path / "broken.txt").write_text(f"Date: 2026-99-{CANARY}\n{CANARY} has RLS.\n")
    for args in (("note.txt",), ("broken.txt",), ("note.txt", "missing.json")):
        done = _check(tmp_path, *args)
        assert CANARY not in done.stderr
    with caplog.at_level(logging.DEBUG):
        facts = read_note(tmp_path / "note.txt", date(2026, 11, 24))
    assert facts.mentions and CANARY not in caplog.text
    assert CANARY not in repr(facts)


def test_a_red_flag_answered_yes_raises_a_red_flag_warning() -> None:
    flagged = _read({"answers": {"red-flags.one-leg-swollen": "yes"}})
    warnings = [w for w in flagged["warnings"] if w["code"] == "red-flag"]
    assert len(warnings) == 1
    assert "red-flags.one-leg-swollen" in warnings[0]["message"]
    calm = _read({"answers": {"red-flags.one-leg-swollen": "no", "red-flags.new-weakness": "no"}})
    assert "red-flag" not in {w["code"] for w in calm["warnings"]}


def test_mimics_come_from_notes_and_answers_and_never_count_as_rls() -> None:
    result = _read(
        {"answers": {"mimics.cramps": "yes", "mimics.sleep-kicks": "no"}},
        {"note": "Akathisia since the haloperidol was started."},
    )
    mimics = {m["mimic"]: m["evidence"][0]["source"] for m in result["rls"]["mimics"]}
    assert mimics == {
        "akathisia": "DocumentReference/r1#char=0-9",
        "leg-cramps": "QuestionnaireResponse/r0#mimics.cramps",
    }
    assert result["rls"]["status"] == "unknown"


def test_every_mention_rule_names_a_label_and_relationship_that_exist() -> None:
    knowledge = load_knowledge()
    labels = {f.id for f in knowledge.factors} | {"rls"}
    labels |= {f"rls:{m}" for m in knowledge.mimics.mimics}
    seen = 0
    for factor in (*knowledge.factors, knowledge.rls):
        for compiled in factor.rules:
            for predicate in walk(compiled.predicate):
                if isinstance(predicate, Mention):
                    seen += 1
                    assert predicate.label is None or predicate.label in labels, factor.id
                    if predicate.relationship:
                        assert predicate.relationship in knowledge.codes.sets, factor.id
    assert seen > len(knowledge.factors)


@pytest.mark.parametrize(
    ("match", "words"),
    [
        ({"mention": {"as": "maybe"}}, "as: expected one of"),
        ({"mention": {"label": "rls"}}, "missing key 'as'"),
        ({"mention": {"as": "affirmed", "about": "friend"}}, "about: expected patient or family"),
        ({"mention": {"as": "affirmed", "relationship": "first-degree"}}, "only a mention about"),
        ({"mention": {"as": "stopped", "label": "rls"}}, "names a drug"),
        ({"mention": {"as": "affirmed", "current": "yes"}}, "current: expected true or false"),
    ],
)
def test_a_broken_mention_rule_is_rejected_with_its_reason(
    match: dict[str, Any], words: str
) -> None:
    with pytest.raises(MatchError) as caught:
        parse_match(match, "rules[0].match", "smoking")
    assert words in str(caught.value)


def test_a_missing_note_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        read_note(tmp_path / "nowhere.txt", date(2026, 11, 24))


def _omop_notes(rows: list[tuple[Any, ...]]) -> Any:
    import duckdb

    from ekbom.cohort.backend import Backend

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE note (note_id BIGINT, person_id BIGINT, note_date DATE, note_text VARCHAR)"
    )
    if rows:
        con.executemany("INSERT INTO note VALUES (?, ?, ?, ?)", rows)
    con.execute("CREATE TEMP TABLE ekbom_index (person_id BIGINT, index_date DATE)")
    con.executemany(
        "INSERT INTO ekbom_index VALUES (?, ?)", [(1, date(2026, 11, 24)), (2, date(2026, 11, 24))]
    )
    return Backend(con)


def test_omop_notes_are_analysed_in_batches_into_the_mention_table() -> None:
    from ekbom.cohort.notes import mention_sql, read_notes
    from ekbom.cohort.sql_predicates import quote

    backend = _omop_notes(
        [
            (10, 1, date(2026, 11, 20), "Restless legs syndrome, worse at night."),
            (11, 1, date(2026, 11, 21), "Denies alcohol."),
            (12, 2, date(2026, 11, 22), "Mother has RLS."),
            (13, 3, date(2026, 11, 22), "Not screened: restless legs."),
            (14, 2, date(2026, 11, 23), None),
        ]
    )
    done = read_notes(backend, batch=2)
    assert (done.notes, done.warnings) == (3, [])
    rows = backend.rows(
        "SELECT person_id, note_id, label, negated, family FROM ekbom_mention ORDER BY note_id"
    )
    assert rows == [
        (1, 10, "rls", False, False),
        (1, 11, "alcohol", True, False),
        (2, 12, "rls", False, True),
    ]
    affirmed = parse_match({"mention": {"as": "affirmed"}}, "m", "rls")
    negated = parse_match({"mention": {"as": "negated"}}, "m", "alcohol")
    family = parse_match(
        {"mention": {"as": "affirmed", "about": "family", "label": "rls"}}, "m", "x"
    )
    assert isinstance(affirmed, Mention) and isinstance(negated, Mention)
    assert isinstance(family, Mention)
    start = "s.index_date - 365"
    query = (
        f"SELECT s.person_id, {mention_sql(affirmed, start, quote)}, "
        f"{mention_sql(negated, start, quote)}, {mention_sql(family, start, quote)} "
        "FROM ekbom_index s ORDER BY s.person_id"
    )
    assert backend.rows(query) == [(1, True, True, False), (2, False, False, True)]


def test_without_notes_the_mention_table_is_empty_and_a_warning_says_so() -> None:
    import duckdb

    from ekbom.cohort.backend import Backend
    from ekbom.cohort.notes import read_notes

    empty = _omop_notes([])
    assert "holds no note" in read_notes(empty).warnings[0]
    assert empty.scalar("SELECT count(*) FROM ekbom_mention") == 0
    missing = Backend(duckdb.connect())
    assert "no NOTE table" in read_notes(missing).warnings[0]
    assert missing.scalar("SELECT count(*) FROM ekbom_mention") == 0
