"""`ekbom kb list|show|diff|export`: the knowledge as a clinician or a terminology team sees it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table

from ekbom.errors import KnowledgeError
from ekbom.kb.coverage import coverage_of
from ekbom.kb.describe import describe
from ekbom.kb.export import concept_set, concept_sets, csv_text, read_concepts, value_set
from ekbom.kb.knowledge import Factor, Knowledge
from ekbom.kb.load import load_knowledge


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    colour = sys.stdout.isatty()
    return Console(
        file=buffer, force_terminal=colour, no_color=not colour, width=110, highlight=False
    ), buffer


def _emit(buffer: io.StringIO) -> None:
    sys.stdout.write(buffer.getvalue())


def run_list() -> None:
    """Every factor with its grade, review state, rule and code counts; unverified codes."""
    knowledge = load_knowledge()
    console, buffer = _console()
    table = Table(title=f"ekbom knowledge {knowledge.version}", title_justify="left")
    for column in ("factor", "category", "grade", "review", "rules", "codes", "unverified"):
        table.add_column(column)
    for factor in (*knowledge.factors, knowledge.rls):
        codes = [e for e in knowledge.codes.entries if e.set.startswith(f"{factor.id}:")]
        unverified = sum(1 for e in codes if e.verified_source is None)
        item = factor.item
        table.add_row(
            factor.id,
            factor.category.value,
            item.evidence_grade.value if item else "-",
            item.review_status.value if item else "not written",
            str(len(factor.rules)),
            str(len(codes)),
            str(unverified),
        )
    console.print(table)
    entries = knowledge.codes.entries + knowledge.lab_codes.entries
    unverified = sum(1 for e in entries if e.verified_source is None)
    rows = list(knowledge.drugs.rows.values())
    console.print(
        f"Codes: {len(entries)} in all, {unverified} unverified (verified: false). "
        f"Ingredients: {len(rows)}, {sum(1 for r in rows if r.verified is False)} "
        "unverified."
    )
    console.print(knowledge.messages.not_validated.clinician)
    _emit(buffer)


def run_show(factor_id: str) -> None:
    """One factor as a clinician would review it."""
    from ekbom.cli import UserError

    knowledge = load_knowledge()
    try:
        factor = knowledge.rls if factor_id == knowledge.rls.id else knowledge.factor(factor_id)
    except KeyError:
        raise UserError(f"no factor {factor_id!r}; `ekbom kb list` shows the ids") from None
    console, buffer = _console()
    _show(console, knowledge, factor)
    _emit(buffer)


def _show(console: Console, knowledge: Knowledge, factor: Factor) -> None:
    item = factor.item
    console.print(
        f"{factor.id} ({factor.category.value}{', extension' if factor.entry.extension else ''})"
    )
    if item is None:
        console.print(
            f"Not written yet; reported as unknown. Seed wording: {factor.entry.seed_wording}"
        )
        return
    console.print(
        f"{item.title}. Evidence grade {item.evidence_grade.value}; "
        f"{item.review_status.value}, last reviewed {item.last_reviewed.isoformat()}."
    )
    console.print(f"Clinician: {item.summary.clinician}\nPatient: {item.summary.patient}")
    console.print(f"Window: {item.window_days} days (cites {', '.join(item.window_cite)}).")
    console.print("\nRules, first that holds wins:")
    for number, compiled in enumerate(factor.rules, start=1):
        rule = compiled.rule
        console.print(
            f" {number}. {rule.status.value} / {rule.basis.value} when "
            f"{describe(compiled.predicate)}  [cites {', '.join(rule.cite)}]"
        )
        console.print(f"    {rule.explain.clinician}")
    console.print(f"Otherwise unknown: {item.unknown.clinician}")
    for status, wording in item.recommend.items():
        console.print(f"Recommendation when {status.value}: {wording.clinician}")
    _show_codes(console, knowledge, factor)
    console.print("\nCitations:")
    for citation in item.citations:
        console.print(
            f" [{citation.id}] {citation.title}. {citation.ref}\n    supports: {citation.supports}"
        )
    covered = coverage_of(knowledge, factor)
    console.print(
        "\nCoverage: "
        + "; ".join(
            f"{kind.value}: {len(values)}"
            if values
            else f"{kind.value}: n/a ({item.coverage.not_applicable.get(kind, 'no entry')})"
            for kind, values in covered.items()
        )
    )


def _show_codes(console: Console, knowledge: Knowledge, factor: Factor) -> None:
    table = Table(title="Codes", title_justify="left")
    for column in ("set", "system", "code", "display", "match", "verified"):
        table.add_column(column)
    for e in knowledge.codes.entries:
        if e.set.startswith(f"{factor.id}:"):
            table.add_row(
                e.set,
                e.system.rsplit("/", 1)[-1],
                e.code,
                e.display,
                e.match,
                f"{e.verified_source} {e.verified_date}" if e.verified_source else "no",
            )
    console.print(table)
    rows = [
        r
        for r in knowledge.drugs.rows.values()
        if factor.id in r.factors or factor.id in r.withdrawal_days
    ]
    if rows:
        drugs = Table(title="Ingredients", title_justify="left")
        for column in ("ingredient", "grade", "RxCUI", "ATC", "persistence", "verified"):
            drugs.add_column(column)
        for r in rows:
            grade = r.factors.get(factor.id)
            drugs.add_row(
                r.id,
                grade.value if grade else "-",
                r.rxcui or "-",
                " ".join(r.atc),
                f"{r.persistence_days} d",
                "yes" if r.verified else "no",
            )
        console.print(drugs)


def run_diff(old: Path, new: Path) -> None:
    """What logic changed between two knowledge folders."""
    from ekbom.cli import UserError
    from ekbom.kb.diff import diff_lines

    try:
        before, after = load_knowledge(old.resolve()), load_knowledge(new.resolve())
    except KnowledgeError as error:
        raise UserError(f"cannot load knowledge: {error}") from None
    lines = diff_lines(before, after)
    sys.stdout.write("\n".join(lines or ["No logic changed."]) + "\n")


def run_export(output_format: str, out: Path, vocab: Path | None) -> None:
    """Write the concept sets as FHIR ValueSets, ATLAS concept sets or CSV into a folder."""
    from ekbom.cli import UserError

    knowledge = load_knowledge()
    if output_format == "omop-conceptset" and vocab is None:
        raise UserError(
            "--format omop-conceptset needs --vocab FOLDER: ATLAS concept sets are "
            "made of OMOP concept ids, which only an OMOP vocabulary (its CONCEPT "
            "table) can supply"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{out}: cannot create the folder ({error.strerror})") from None
    sets = concept_sets(knowledge)
    if output_format == "csv":
        (out / "codes.csv").write_text(csv_text(knowledge), encoding="utf-8")
        return
    if output_format == "fhir-valueset":
        from ekbom.kb.export import icd10cm_expander

        cm = icd10cm_expander()
        if cm is None:
            sys.stderr.write(
                "ekbom: simple-icd-10-cm is not installed (pip install "
                "'ekbom[kb]'), so ICD-10-CM prefixes are listed as their own code\n"
            )
        for name, entries in sets.items():
            resource = value_set(name, entries, knowledge.version, cm)
            (out / f"ValueSet-{resource['id']}.json").write_bytes(
                orjson.dumps(resource, option=orjson.OPT_INDENT_2)
            )
        return
    assert vocab is not None
    concepts = read_concepts(vocab)
    missing_total = 0
    for name, entries in sets.items():
        expression, missing = concept_set(entries, concepts)
        missing_total += len(missing)
        (out / f"conceptset-{name.replace(':', '-')}.json").write_bytes(
            orjson.dumps(expression, option=orjson.OPT_INDENT_2)
        )
    if missing_total:
        sys.stderr.write(
            f"ekbom: {missing_total} codes are not in {vocab} and were left out "
            "of the concept sets\n"
        )
