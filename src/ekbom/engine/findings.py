"""One factor's finding: the first rule that holds, else stale, else unknown with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ekbom.engine import exposure
from ekbom.engine.outcome import Outcome
from ekbom.engine.predicates import evaluate
from ekbom.engine.record import Record
from ekbom.engine.scope import Scope
from ekbom.kb.knowledge import CompiledRule, Factor
from ekbom.kb.references import reads_medications
from ekbom.kb.schema import Wording
from ekbom.result import Evidence, Finding, Said
from ekbom.vocab import Basis, Category, Status


@dataclass(frozen=True, slots=True)
class Judgement:
    """A finding together with what the engine noticed while reaching it."""

    finding: Finding
    fired: CompiledRule | None
    scope: Scope | None


def said(wording: Wording, **values: object) -> Said:
    """Knowledge wording as a result sentence pair; {placeholders} are filled only when values
    are given (message templates), so braces in other wording (UCUM units) stay as written."""
    if not values:
        return Said(wording.clinician, wording.patient)
    return Said(wording.clinician.format(**values), wording.patient.format(**values))


def judge(factor: Factor, record: Record, as_of: date) -> Judgement:
    """Decide one factor's status on the as-of date."""
    item = factor.item
    messages = record.knowledge.messages
    if item is None:
        return Judgement(
            _finding(factor, Status.UNKNOWN, Basis.NO_DATA, (), said(messages.no_data), None),
            None,
            None,
        )
    scope = Scope(record, factor.id, as_of, item.window_days)
    for compiled in factor.rules:
        outcome = evaluate(compiled.predicate, scope)
        if outcome.truth:
            return Judgement(_fired(factor, compiled, outcome, scope), compiled, scope)
    stale = _stale(factor, record, as_of) if item.stale_results else None
    if stale is not None:
        compiled, outcome = stale
        explanation = said(messages.stale, window_days=item.window_days)
        recommend = item.recommend.get(Status.POSSIBLE)
        finding = _finding(
            factor,
            Status.POSSIBLE,
            Basis.STALE_RESULT,
            outcome.evidence,
            explanation,
            said(recommend) if recommend else None,
        )
        return Judgement(finding, None, scope)
    basis = _unknown_basis(factor, scope)
    wording = {
        Basis.UNRESOLVED_MEDICATION: messages.unresolved_medication,
        Basis.UNINTERPRETABLE_RESULT: messages.uninterpretable_result,
    }.get(basis, item.unknown)
    recommend = item.recommend.get(Status.UNKNOWN)
    finding = _finding(
        factor,
        Status.UNKNOWN,
        basis,
        _uncounted(factor, scope),
        said(wording),
        said(recommend) if recommend else None,
    )
    return Judgement(finding, None, scope)


def _fired(factor: Factor, compiled: CompiledRule, outcome: Outcome, scope: Scope) -> Finding:
    assert factor.item is not None
    rule = compiled.rule
    recommend = rule.recommend or factor.item.recommend.get(rule.status)
    evidence = tuple(dict.fromkeys(outcome.evidence + _uncounted(factor, scope)))
    return _finding(
        factor,
        rule.status,
        rule.basis,
        evidence,
        said(rule.explain),
        said(recommend) if recommend else None,
    )


def _stale(factor: Factor, record: Record, as_of: date) -> tuple[CompiledRule, Outcome] | None:
    assert factor.item is not None
    scope = Scope(record, factor.id, as_of, factor.item.window_days, unlimited_labs=True)
    for compiled in factor.rules:
        if compiled.rule.status is not Status.PRESENT:
            continue
        outcome = evaluate(compiled.predicate, scope)
        if outcome.truth:
            return compiled, outcome
    return None


def _unknown_basis(factor: Factor, scope: Scope) -> Basis:
    if reads_medications(factor):
        unresolved = [m for m in scope.medications_in_window() if not m.resolution.resolved]
        if unresolved:
            scope.noticed_unresolved.extend(unresolved)
            return Basis.UNRESOLVED_MEDICATION
    if scope.noticed_uninterpretable:
        return Basis.UNINTERPRETABLE_RESULT
    return Basis.NO_DATA


def _uncounted(factor: Factor, scope: Scope) -> tuple[Evidence, ...]:
    if factor.category in (Category.MEDICATION, Category.WITHDRAWAL):
        return tuple(exposure.uncounted(scope))
    return ()


def _finding(
    factor: Factor,
    status: Status,
    basis: Basis,
    evidence: tuple[Evidence, ...],
    explanation: Said,
    recommendation: Said | None,
) -> Finding:
    item = factor.item
    return Finding(
        factor=factor.id,
        title=item.title if item else factor.entry.seed_wording,
        category=factor.category,
        extension=factor.entry.extension,
        evidence_grade=item.evidence_grade.value if item else None,
        status=status,
        basis=basis,
        evidence=evidence,
        explanation=explanation,
        recommendation=recommendation,
        review_status=item.review_status.value if item else None,
    )
