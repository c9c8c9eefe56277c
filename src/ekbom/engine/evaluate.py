"""evaluate(knowledge, facts, as_of): the one pure function every user path goes through."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ekbom import __version__
from ekbom.engine.findings import Judgement, judge, said
from ekbom.engine.record import Record
from ekbom.engine.rls import rls_block
from ekbom.facts import Code, Facts, InputWarning
from ekbom.kb.knowledge import Knowledge
from ekbom.result import Finding, Result, WorkupItem
from ekbom.vocab import SHORT_SYSTEMS, Status


def evaluate(knowledge: Knowledge, facts: Facts, as_of: date) -> Result:
    """Judge every factor and RLS itself for one person on one date. No I/O, no side effects."""
    record = Record(knowledge, facts)
    judgements = [judge(factor, record, as_of) for factor in knowledge.factors]
    findings = tuple(j.finding for j in judgements)
    rls, rls_warnings = rls_block(record, as_of)
    warnings = record.warnings + rls_warnings + _noticed(judgements)
    warnings += _summary_warnings(knowledge, facts, findings, rls.status)
    return Result(
        ekbom_version=__version__,
        knowledge_version=knowledge.version,
        as_of=as_of,
        patient=facts.patient.source if facts.patient else None,
        rls=rls,
        findings=findings,
        workup=_workup(knowledge, judgements),
        warnings=tuple(_dedupe(_with_files(warnings, facts.origins))),
        notices=(said(knowledge.messages.decision_support), said(knowledge.messages.not_validated)),
    )


def _noticed(judgements: list[Judgement]) -> list[InputWarning]:
    out = []
    for judgement in judgements:
        scope = judgement.scope
        if scope is None:
            continue
        for medication in scope.noticed_unresolved:
            fact = medication.fact
            label = fact.text or next((c.display for c in fact.codes if c.display), None)
            codes = ", ".join(f"{c.system}|{c.code}" for c in fact.codes) or "no code"
            out.append(
                InputWarning(
                    code="unresolved-medication",
                    message=f"Could not resolve {label or 'a medication'} ({codes}) to its "
                    "ingredients; medication factors cannot be ruled out.",
                    source=fact.source,
                )
            )
        if scope.noticed_missing_age:
            out.append(
                InputWarning(
                    code="missing-birth-date",
                    message="The birth date is missing, so age-dependent thresholds were not "
                    f"applied ({judgement.finding.factor}).",
                )
            )
    return out


def _summary_warnings(
    knowledge: Knowledge, facts: Facts, findings: tuple[Finding, ...], rls_status: Status
) -> list[InputWarning]:
    out = []
    if facts.skipped:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(facts.skipped.items()))
        out.append(
            InputWarning(
                code="skipped-resources",
                message=f"Skipped resources (types ekbom does not read, or left out because "
                f"they name no patient): {counts}.",
            )
        )
    if rls_status is Status.UNKNOWN and all(f.status is Status.UNKNOWN for f in findings):
        out.append(
            InputWarning(
                code="no-usable-data",
                message="The record holds nothing ekbom can use; every factor is unknown.",
            )
        )
    if any(f.item and f.item.review_status.value == "draft" for f in knowledge.factors):
        out.append(
            InputWarning(
                code="knowledge-not-reviewed", message=knowledge.messages.not_validated.clinician
            )
        )
    return out


def _workup(knowledge: Knowledge, judgements: list[Judgement]) -> tuple[WorkupItem, ...]:
    wanted: dict[str, list[str]] = {}
    for judgement in judgements:
        finding = judgement.finding
        item = knowledge.factor(finding.factor).item
        if item is None:
            continue
        tests = [link.test for link in item.workup if finding.status in link.when]
        if judgement.fired is not None:
            tests += judgement.fired.rule.workup
        for test in tests:
            wanted.setdefault(test, [])
            if finding.factor not in wanted[test]:
                wanted[test].append(finding.factor)
    items = []
    for test, factors in wanted.items():
        spec = knowledge.workup.tests[test]
        codes = tuple(_code(text) for text in spec.codes)
        items.append(
            WorkupItem(
                test=test,
                kind=spec.kind,
                title=spec.title,
                reason=said(spec.reason),
                codes=codes,
                factors=tuple(factors),
            )
        )
    return tuple(items)


def _code(shorthand: str) -> Code:
    system, code = shorthand.split("#", 1)
    return Code(system=SHORT_SYSTEMS[system].value, code=code)


def _with_files(warnings: list[InputWarning], origins: dict[str, str]) -> list[InputWarning]:
    """Name the input file of every warning that names a source."""
    return [
        replace(w, file=origins.get(w.source.split("#", 1)[0]))
        if w.file is None and w.source is not None and w.source.split("#", 1)[0] in origins
        else w
        for w in warnings
    ]


def _dedupe(warnings: list[InputWarning]) -> list[InputWarning]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for warning in warnings:
        key = (warning.code, warning.message, warning.source)
        if key not in seen:
            seen.add(key)
            out.append(warning)
    return out
