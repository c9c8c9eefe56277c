"""One cohort screen, start to end: source -> concepts -> events -> index -> findings -> files.

Every step is set-based SQL in the backend; Python sees only small aggregates (counts by
factor and status, attrition) and the knowledge. Outputs (CONTRACT.md, `ekbom cohort`):
`findings.csv` and `findings.parquet`, `persons.csv`, `excluded.csv`, `summary.json`,
`report.html`; optionally the findings written back to a results table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekbom import __version__
from ekbom.cohort.backend import Backend
from ekbom.cohort.compile import compile_factor
from ekbom.cohort.concepts import ConceptMap, resolve_concepts
from ekbom.cohort.events import create_events
from ekbom.cohort.index import IndexChoice, build_index
from ekbom.cohort.judge import judge_index, rls_diagnosis_set
from ekbom.cohort.notes import read_notes
from ekbom.cohort.sql_predicates import SqlCompiler, quote
from ekbom.kb.predicates import Diagnosis

if TYPE_CHECKING:
    from ekbom.kb.knowledge import Knowledge

FINDING_COLUMNS = "person_id, index_date, factor, status, basis"
STEPS = ("concepts", "events", "index", "notes", "findings", "outputs")
"""The stages a progress bar shows."""

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class CohortRun:
    """What a finished run reports (also written to summary.json)."""

    summary: dict[str, Any]
    out: Path
    warnings: list[str] = field(default_factory=list)


def run_cohort(
    backend: Backend,
    knowledge: Knowledge,
    choice: IndexChoice,
    out: Path,
    *,
    source: str,
    results_schema: str | None = None,
    results_table: str | None = None,
    progress: Progress | None = None,
) -> CohortRun:
    """Screen the index pairs of `choice` and write the outputs into `out` (created)."""
    step = progress or (lambda _name: None)
    con = backend.con
    step("concepts")
    cmap = resolve_concepts(
        knowledge,
        con,  # type: ignore[arg-type]
        schema=backend.vocab_schema,
        drug_concepts="SELECT DISTINCT drug_concept_id FROM drug_exposure",
    )
    step("events")
    create_events(knowledge, con)  # type: ignore[arg-type]
    step("index")
    attrition = build_index(backend, choice, rls_diagnosis_set(knowledge))
    step("notes")
    notes = read_notes(backend)
    step("findings")
    skipped = judge_index(knowledge, con)  # type: ignore[arg-type]
    for factor_id in skipped:
        con.execute(
            "INSERT INTO ekbom_findings SELECT person_id, index_date, ?, 'unknown', 'no-data', "
            "CAST(NULL AS INTEGER) FROM ekbom_index",
            [factor_id],
        )
    _create_persons(knowledge, backend)
    step("outputs")
    out.mkdir(parents=True, exist_ok=True)
    order = _factor_order(knowledge)
    findings = (
        f"SELECT f.{FINDING_COLUMNS.replace(', ', ', f.')} FROM ekbom_findings f "
        "JOIN ekbom_factor_order o ON o.factor = f.factor "
        "ORDER BY f.person_id, f.index_date, o.position"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_factor_order (factor VARCHAR, position INTEGER)"
    )
    con.executemany("INSERT INTO ekbom_factor_order VALUES (?, ?)", order)
    backend.export(findings, out / "findings.csv", "csv")
    backend.export(findings, out / "findings.parquet", "parquet")
    backend.export(
        "SELECT person_id, index_date, rls_status, onset_age, mimics FROM ekbom_persons "
        "ORDER BY person_id, index_date",
        out / "persons.csv",
        "csv",
    )
    backend.export(
        "SELECT person_id, index_date, reason FROM ekbom_excluded ORDER BY person_id, index_date",
        out / "excluded.csv",
        "csv",
    )
    written = None
    if results_table:
        written = backend.write_results(findings, results_schema, results_table)
    warnings = list(notes.warnings) if _notes_expected(backend) else []
    if attrition["screened"] == 0:
        warnings.append("nobody was screened: every candidate pair was left out or none was given")
    summary = _summary(
        knowledge, backend, attrition, cmap, skipped, choice, source, warnings, written
    )
    summary["notes"] = {"read": notes.notes, "mentions": notes.mentions}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    _write_report(knowledge, backend, summary, out)
    return CohortRun(summary=summary, out=out, warnings=warnings)


def _notes_expected(backend: Backend) -> bool:
    """Whether the source holds notes at all (a warning about unread notes only then)."""
    return bool(backend.has_table("note") and backend.scalar("SELECT count(*) FROM note"))


def _factor_order(knowledge: Knowledge) -> list[tuple[str, int]]:
    return [(f.id, i) for i, f in enumerate(knowledge.factors)]


def _create_persons(knowledge: Knowledge, backend: Backend) -> None:
    """`ekbom_persons`: the rls block per screened pair (status, basis, onset age, mimics)."""
    rls = knowledge.rls
    item = rls.item
    assert item is not None
    compiler = SqlCompiler(rls)
    mimic_parts = []
    for mimic_id in item.mimics:
        name = f"{rls.id}:{mimic_id}"
        if name in knowledge.codes.sets:
            held = compiler.pred(Diagnosis(set=name), f"mimic.{mimic_id}", False)
            mimic_parts.append(f"CASE WHEN {held} THEN {quote(mimic_id)} END")
    mimics = f"concat_ws(';', {', '.join(mimic_parts)})" if mimic_parts else "''"
    first = "s.first_rls"  # from ekbom_onset_day (judge.create_onset_days), joined below
    rls_set = quote(rls_diagnosis_set(knowledge))

    def years(born: str) -> str:
        return (
            f"(year({first}) - year({born}) - CASE WHEN month({first}) * 100 + day({first}) "
            f"< month({born}) * 100 + day({born}) THEN 1 ELSE 0 END)"
        )

    onset = (
        f"CASE WHEN r.status <> 'absent' AND {years('s.birth_lo')} = {years('s.birth_hi')} "
        f"THEN {years('s.birth_lo')} END"
    )
    leaves = "".join(f", {expr} AS {col}" for expr, col in compiler.leaves.items())
    backend.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_persons AS
        WITH r AS ({compile_factor(rls, knowledge)}),
        s AS (
          SELECT i.person_id, i.index_date, pe.birth_lo, pe.birth_hi, od.day AS first_rls
          FROM ekbom_index i LEFT JOIN ekbom_person pe ON pe.person_id = i.person_id
          LEFT JOIN ekbom_onset_day od ON od.person_id = i.person_id
            AND od.index_date = i.index_date AND od.set_name = {rls_set}),
        ev AS (SELECT s.*{leaves} FROM s)
        SELECT s.person_id, s.index_date, r.status AS rls_status, r.basis AS rls_basis,
               {onset} AS onset_age, nullif({mimics}, '') AS mimics
        FROM ev s JOIN r ON r.person_id = s.person_id AND r.index_date = s.index_date
    """)


def _summary(
    knowledge: Knowledge,
    backend: Backend,
    attrition: dict[str, int],
    cmap: ConceptMap,
    skipped: dict[str, str],
    choice: IndexChoice,
    source: str,
    warnings: list[str],
    results: str | None,
) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {f.id: {} for f in knowledge.factors}
    bases: dict[str, dict[str, int]] = {f.id: {} for f in knowledge.factors}
    for factor, status, basis, n in backend.rows(
        "SELECT factor, status, basis, count(*) FROM ekbom_findings GROUP BY factor, status, basis"
    ):
        counts[factor][status] = counts[factor].get(status, 0) + int(n)
        bases[factor][basis] = bases[factor].get(basis, 0) + int(n)
    rls = dict(backend.rows("SELECT rls_status, count(*) FROM ekbom_persons GROUP BY rls_status"))
    gaps = {
        factor: {b: n for b, n in by_basis.items() if b in _GAP_BASES}
        for factor, by_basis in bases.items()
        if any(b in _GAP_BASES for b in by_basis)
    }
    parameters: dict[str, Any] = {"index": choice.kind, "engine": backend.engine}
    if choice.as_of is not None:
        parameters["as_of"] = choice.as_of.isoformat()
    if choice.index_file is not None:
        parameters["index_file"] = choice.index_file.name
    if choice.cohort_table is not None:
        parameters["cohort_table"] = choice.cohort_table
        parameters["cohort_id"] = choice.cohort_id
    return {
        "ekbom_version": __version__,
        "knowledge_version": knowledge.version,
        "vocabulary_version": cmap.vocabulary_version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "parameters": parameters,
        "attrition": [{"step": k, "count": v} for k, v in attrition.items()],
        "screened": attrition["screened"],
        "rls": {s: int(n) for s, n in sorted(rls.items())},
        "factors": {f: counts[f] for f in counts},
        "workup_gaps": gaps,
        "not_compiled": skipped,
        "concepts": {
            "set_routes": cmap.set_routes,
            "drug_routes": cmap.drug_routes,
            "fallbacks_used": cmap.fallbacks_used,
            "unresolved_codes": len(cmap.unresolved_codes),
        },
        "results_table": results,
        "warnings": warnings,
    }


_GAP_BASES = ("no-data", "stale-result", "uninterpretable-result", "unresolved-medication")
"""Bases that say a test or a medication record is missing, stale or unreadable."""


def _write_report(
    knowledge: Knowledge, backend: Backend, summary: dict[str, Any], out: Path
) -> None:
    from ekbom.cohort.report import build_report_data, render_report

    data = build_report_data(knowledge, backend, summary)
    (out / "report.html").write_text(render_report(data), encoding="utf-8")


@contextmanager
def no_progress() -> Iterator[Progress]:
    """A progress callback that shows nothing."""
    yield lambda _name: None
