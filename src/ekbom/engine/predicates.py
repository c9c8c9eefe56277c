"""Three-valued evaluation of the rule vocabulary against one person's record.

A predicate is True, False or None (cannot tell: a result is missing, a birth date unknown).
A rule fires only on True. `all` is False if any item is False, else None if any is None;
`any` is True if any item is True, else None if any is None; `not` keeps None.
"""

from __future__ import annotations

from ekbom.dates import days_before, whole_years
from ekbom.engine import exposure
from ekbom.engine.answers import answer_evidence, answer_outcome
from ekbom.engine.labs import lab_evidence, latest, satisfies
from ekbom.engine.mentions import mention_outcome
from ekbom.engine.onset import answered_onset, onset_age
from ekbom.engine.outcome import FALSE, UNKNOWN, Outcome
from ekbom.engine.scope import Scope
from ekbom.facts import ConditionFact, ObservationFact
from ekbom.kb.predicates import (
    Age,
    AllOf,
    Answer,
    AnyOf,
    Diagnosis,
    Exposure,
    FamilyHistory,
    FamilyRecorded,
    Lab,
    MedicationCoverage,
    Mention,
    NoObservation,
    NoResult,
    Not,
    Observation,
    OnsetAge,
    Predicate,
    ProblemList,
    Procedure,
    Sex,
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
        case Exposure(grades, ingredients):
            return exposure.active(scope, grades, ingredients)
        case Observation():
            return _observation(predicate, scope)
        case NoObservation(name):
            return Outcome(not _observed(scope, name))
        case FamilyHistory():
            return _family(predicate, scope)
        case OnsetAge():
            return _onset_age(predicate, scope)
        case Sex(sexes):
            patient = scope.record.facts.patient
            if patient is None or patient.sex is None:
                return Outcome(True) if "missing" in sexes else UNKNOWN
            return Outcome(patient.sex in sexes)
        case Withdrawal(grades, min_use_days):
            return exposure.withdrawal(scope, grades, min_use_days)
        case ProblemList():
            return _problem_list(scope)
        case FamilyRecorded():
            return Outcome(
                any(h.status != "entered-in-error" for h in scope.record.facts.family_history)
            )
        case MedicationCoverage():
            return exposure.coverage(scope)
        case Answer():
            return answer_outcome(predicate, scope)
        case Mention():
            return mention_outcome(predicate, scope)
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
        condition_evidence(c, scope, predicate.set)
        for c in scope.record.conditions.get(predicate.set, ())
        if _verification(c) == predicate.verification
        and _state_on(c, scope) == predicate.state
        and (
            (predicate.within_window is False and predicate.within_days is None)
            or _recent(c, scope, predicate.within_days)
        )
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


def _recent(condition: ConditionFact, scope: Scope, days: int | None) -> bool:
    start = condition.onset or condition.recorded
    if start is None or start > scope.as_of:
        return False
    return start >= days_before(scope.as_of, days) if days is not None else scope.in_window(start)


def condition_evidence(
    condition: ConditionFact, scope: Scope | None = None, name: str | None = None
) -> Evidence:
    """Evidence for a condition: the coding that put it in the set (else its first coding),
    its start date, flagged when undated."""
    code = condition.codes[0] if condition.codes else None
    if scope is not None and name is not None:
        sets_of = scope.record.knowledge.codes.sets_of
        code = next((c for c in condition.codes if name in sets_of(c)), code)
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
    first = days_before(scope.as_of, days)
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
    # A bound on one side says which same-day value is the more abnormal for this rule: an
    # upper bound (TSH under 0.4) looks for the lowest value, a lower bound for the highest.
    only_upper = predicate.upper is not None and predicate.lower is None
    only_lower = predicate.lower is not None and predicate.upper is None
    low_first = True if only_upper else (False if only_lower else None)
    value = latest(scope, predicate.test, predicate.within_days, low_first)
    if value is None:
        return UNKNOWN
    truth = satisfies(value, predicate)
    if truth is None:
        scope.noticed_uninterpretable.add(predicate.test)
        return UNKNOWN
    return Outcome(truth, lab_evidence(value) if truth else ())


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
    """A problem list exists on the as-of date: a condition that is neither entered in error nor
    refuted, recorded (or starting) on or before that day; undated conditions count."""
    for condition in scope.record.facts.conditions:
        if condition.verification in ("entered-in-error", "refuted"):
            continue
        start = condition.onset or condition.recorded
        if start is None or start <= scope.as_of:
            return Outcome(True)
    return FALSE


def _observation(predicate: Observation, scope: Scope) -> Outcome:
    """The latest coded observation in the window decides; same-day ties favour a match."""
    facts = _observed(scope, predicate.set, predicate.within_days)
    if not facts:
        return UNKNOWN
    day = max(f.date for f in facts if f.date is not None)
    sets_of = scope.record.knowledge.codes.sets_of_any
    matching = [f for f in facts if f.date == day and predicate.values in sets_of(f.value_codes)]
    chosen = matching[0] if matching else next(f for f in facts if f.date == day)
    code = chosen.value_codes[0] if chosen.value_codes else None
    evidence = Evidence(
        source=chosen.source, code=code, display=code.display if code else None, date=chosen.date
    )
    return Outcome(bool(matching), (evidence,))


def _observed(scope: Scope, name: str, within_days: int | None = None) -> list[ObservationFact]:
    """Coded observations of the set dated in the window (or the last `within_days` days)."""
    first = days_before(scope.as_of, within_days) if within_days is not None else None
    return [
        f
        for f in scope.record.observations.get(name, ())
        if f.date is not None
        and (first <= f.date <= scope.as_of if first is not None else scope.in_window(f.date))
    ]


def _family(predicate: FamilyHistory, scope: Scope) -> Outcome:
    sets_of = scope.record.knowledge.codes.sets_of_any
    found = []
    for history in scope.record.facts.family_history:
        if history.status == "entered-in-error" or (
            history.date is not None and history.date > scope.as_of
        ):
            continue
        if predicate.relationship not in sets_of(history.relationship):
            continue
        for codes in history.conditions:
            if predicate.set in sets_of(codes):
                relation = history.relationship[0].display if history.relationship else None
                found.append(
                    Evidence(
                        source=history.source,
                        code=codes[0] if codes else None,
                        display=codes[0].display if codes else None,
                        note=f"relative: {relation}" if relation else None,
                    )
                )
    return Outcome(bool(found), tuple(found))


def _onset_age(predicate: OnsetAge, scope: Scope) -> Outcome:
    conditions = [
        c
        for c in scope.record.conditions.get(predicate.set, ())
        if _verification(c) != "refuted" and _state_on(c, scope) is not None
    ]
    answer = answered_onset(scope.record, predicate.set, scope.as_of) if conditions else None
    told = int(answer.number) if answer is not None and answer.number is not None else None
    years = onset_age(conditions, scope.record.facts.patient, told)
    if years is None:
        patient = scope.record.facts.patient
        if any(c.onset for c in conditions) and (patient is None or patient.birth_date is None):
            scope.noticed_missing_age = True
        return UNKNOWN
    low_ok = predicate.at_least is None or years >= predicate.at_least
    high_ok = predicate.below is None or years < predicate.below
    if not (low_ok and high_ok):
        return FALSE
    evidence = tuple(condition_evidence(c, scope, predicate.set) for c in conditions)
    return Outcome(True, evidence + ((answer_evidence(answer),) if answer else ()))
