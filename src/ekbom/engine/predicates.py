"""Three-valued evaluation of the rule vocabulary against one person's record.

A predicate is True, False or None (cannot tell: a result is missing, a birth date unknown).
A rule fires only on True. `all` is False if any item is False, else None if any is None;
`any` is True if any item is True, else None if any is None; `not` keeps None.
"""

from __future__ import annotations

from datetime import timedelta

from ekbom.dates import whole_years
from ekbom.engine import exposure
from ekbom.engine.labs import lab_evidence, latest, satisfies
from ekbom.engine.outcome import FALSE, UNKNOWN, Outcome
from ekbom.engine.scope import Scope
from ekbom.facts import ConditionFact
from ekbom.kb.predicates import (
    Age,
    AllOf,
    AnyOf,
    Diagnosis,
    Exposure,
    Lab,
    MedicationCoverage,
    NoResult,
    Not,
    Predicate,
    ProblemList,
    Procedure,
    Withdrawal,
)
from ekbom.result import Evidence

UNCONFIRMED = frozenset({"unconfirmed", "provisional", "differential"})
INACTIVE = frozenset({"inactive", "remission", "resolved"})


def evaluate(predicate: Predicate, scope: Scope) -> Outcome:
    """Evaluate one predicate in a scope."""
    match predicate:
        case AllOf(items):
            return _all(items, scope)
        case AnyOf(items):
            return _any(items, scope)
        case Not(item):
            inner = evaluate(item, scope)
            return UNKNOWN if inner.truth is None else Outcome(not inner.truth)
        case Diagnosis():
            return _diagnosis(predicate, scope)
        case Procedure():
            return _procedure(predicate, scope)
        case Lab():
            return _lab(predicate, scope)
        case NoResult(test):
            return Outcome(latest(scope, test) is None)
        case Age():
            return _age(predicate, scope)
        case Exposure(grades):
            return exposure.active(scope, grades)
        case Withdrawal(grades):
            return exposure.withdrawal(scope, grades)
        case ProblemList():
            return _problem_list(scope)
        case MedicationCoverage():
            return exposure.coverage(scope)
    raise TypeError(f"unknown predicate {predicate!r}")


def _all(items: tuple[Predicate, ...], scope: Scope) -> Outcome:
    evidence: list[Evidence] = []
    unknown = False
    for item in items:
        outcome = evaluate(item, scope)
        if outcome.truth is False:
            return FALSE
        unknown = unknown or outcome.truth is None
        evidence.extend(outcome.evidence)
    return UNKNOWN if unknown else Outcome(True, tuple(evidence))


def _any(items: tuple[Predicate, ...], scope: Scope) -> Outcome:
    evidence: list[Evidence] = []
    unknown = held = False
    for item in items:
        outcome = evaluate(item, scope)
        if outcome.truth:
            held = True
            evidence.extend(outcome.evidence)
        unknown = unknown or outcome.truth is None
    if held:
        return Outcome(True, tuple(evidence))
    return UNKNOWN if unknown else FALSE


def _diagnosis(predicate: Diagnosis, scope: Scope) -> Outcome:
    found = [
        condition_evidence(c)
        for c in scope.record.conditions.get(predicate.set, ())
        if _verification(c) == predicate.verification
        and _state_on(c, scope) == predicate.state
        and (predicate.within_window is False or _recent(c, scope))
    ]
    return Outcome(bool(found), tuple(found))


def _verification(condition: ConditionFact) -> str:
    if condition.verification in UNCONFIRMED:
        return "unconfirmed"
    if condition.verification == "refuted":
        return "refuted"
    return "confirmed"


def _state_on(condition: ConditionFact, scope: Scope) -> str | None:
    """'active' or 'abated' on the as-of date; None when the condition starts later."""
    start = condition.onset or condition.recorded
    if start is not None and start > scope.as_of:
        return None
    if condition.abatement is not None:
        return "abated" if condition.abatement <= scope.as_of else "active"
    if condition.abated or condition.clinical_status in INACTIVE:
        return "abated"
    return "active"


def _recent(condition: ConditionFact, scope: Scope) -> bool:
    start = condition.onset or condition.recorded
    return start is not None and scope.in_window(start)


def condition_evidence(condition: ConditionFact) -> Evidence:
    """Evidence for a condition: its first coding, its start date, flagged when undated."""
    code = condition.codes[0] if condition.codes else None
    start = condition.onset or condition.recorded
    return Evidence(
        source=condition.source,
        code=code,
        display=(code.display if code and code.display else condition.text),
        date=start,
        note=None if start else "undated",
    )


def _procedure(predicate: Procedure, scope: Scope) -> Outcome:
    days = predicate.within_days if predicate.within_days is not None else scope.window_days
    first = scope.as_of - timedelta(days=days)
    found = [
        Evidence(
            source=p.source,
            code=p.codes[0] if p.codes else None,
            display=p.codes[0].display if p.codes else None,
            date=p.date,
        )
        for p in scope.record.procedures.get(predicate.set, ())
        if p.date is not None and first <= p.date <= scope.as_of
    ]
    return Outcome(bool(found), tuple(found))


def _lab(predicate: Lab, scope: Scope) -> Outcome:
    value = latest(scope, predicate.test)
    if value is None:
        return UNKNOWN
    truth = satisfies(value, predicate)
    if truth is None:
        scope.noticed_uninterpretable.add(predicate.test)
        return UNKNOWN
    unit = scope.record.knowledge.labs.tests[predicate.test].unit
    return Outcome(truth, lab_evidence(value, unit) if truth else ())


def _age(predicate: Age, scope: Scope) -> Outcome:
    patient = scope.record.facts.patient
    if patient is None or patient.birth_date is None:
        scope.noticed_missing_age = True
        return UNKNOWN
    years = whole_years(patient.birth_date, scope.as_of)
    low_ok = predicate.at_least is None or years >= predicate.at_least
    high_ok = predicate.below is None or years < predicate.below
    return Outcome(low_ok and high_ok)


def _problem_list(scope: Scope) -> Outcome:
    for condition in scope.record.facts.conditions:
        start = condition.onset or condition.recorded
        if condition.verification != "entered-in-error" and (start is None or start <= scope.as_of):
            return Outcome(True)
    return FALSE
