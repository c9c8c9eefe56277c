"""Rules in words, for clinicians reviewing the knowledge (`ekbom kb show`, `ekbom kb diff`)."""

from __future__ import annotations

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


def describe(predicate: Predicate) -> str:
    """One predicate as a short phrase.

    >>> from ekbom.kb.predicates import Lab
    >>> describe(Lab("ferritin", "ng/mL", upper=75.0, upper_inclusive=True))
    'latest ferritin <= 75 ng/mL'
    """
    match predicate:
        case AllOf(items):
            return "(" + " and ".join(describe(i) for i in items) + ")"
        case AnyOf(items):
            return "(" + " or ".join(describe(i) for i in items) + ")"
        case Not(item):
            return f"not {describe(item)}"
        case Diagnosis():
            return _diagnosis(predicate)
        case Procedure(name, days):
            return f"procedure in {name}" + (f" within {days} days" if days else " in the window")
        case Lab():
            span = f" within {predicate.within_days} days" if predicate.within_days else ""
            return f"latest {predicate.test}{span} {_bounds(predicate)} {predicate.unit}"
        case NoResult(test):
            return f"no {test} result in the window"
        case Age(at_least, below):
            return "age " + _range(at_least, below)
        case Sex(sexes):
            return "sex " + " or ".join(sorted(sexes))
        case Exposure(grades, ingredients):
            what = ", ".join(sorted(ingredients)) if ingredients else _grades(grades)
            return f"taking {what}"
        case Withdrawal(grades, min_use_days):
            used = f" after at least {min_use_days} days of use" if min_use_days else ""
            return f"stopped a {_grades(grades)} ingredient within its window{used}"
        case Observation(name, values, days):
            span = f" within {days} days" if days is not None else ""
            return f"latest {name} observation{span} has a value in {values}"
        case NoObservation(name):
            return f"no {name} observation in the window"
        case FamilyHistory(name, relationship):
            return f"a relative in {relationship} has {name}"
        case OnsetAge(name, at_least, below):
            return f"{name} began at age {_range(at_least, below)}"
        case ProblemList():
            return "a problem list is on record"
        case FamilyRecorded():
            return "a family history is on record"
        case MedicationCoverage():
            return "medications on record for the window, all resolved"
        case Answer():
            return _answer(predicate)
        case Mention():
            return _mention(predicate)
    raise TypeError(f"unknown predicate {predicate!r}")


def _mention(predicate: Mention) -> str:
    what = predicate.label or "a drug"
    how = "as stopped" if predicate.as_ == "stopped" else predicate.as_
    words = [f"a note mentions {what} {how}"]
    if predicate.about == "family":
        words.append(
            "about a relative" + (f" in {predicate.relationship}" if predicate.relationship else "")
        )
    if predicate.current:
        words.append("not as history")
    return ", ".join(words)


def _answer(predicate: Answer) -> str:
    who = f"{predicate.author} " if predicate.author else ""
    if predicate.values:
        return f"latest {who}answer to {predicate.item} is " + " or ".join(sorted(predicate.values))
    low, high = predicate.at_least, predicate.below
    bounds = [f">= {low:g}"] if low is not None else []
    bounds += [f"< {high:g}"] if high is not None else []
    return f"latest {who}answer to {predicate.item} is " + " and ".join(bounds)


def _diagnosis(predicate: Diagnosis) -> str:
    words = [f"{predicate.state} {predicate.verification} diagnosis in {predicate.set}"]
    if predicate.within_window:
        words.append("starting in the window")
    if predicate.within_days is not None:
        words.append(f"starting within {predicate.within_days} days")
    return ", ".join(words)


def _bounds(lab: Lab) -> str:
    parts = []
    if lab.lower is not None:
        parts.append(f"{'>=' if lab.lower_inclusive else '>'} {lab.lower:g}")
    if lab.upper is not None:
        parts.append(f"{'<=' if lab.upper_inclusive else '<'} {lab.upper:g}")
    return " and ".join(parts)


def _range(at_least: int | None, below: int | None) -> str:
    if at_least is not None and below is not None:
        return f"{at_least} to under {below}"
    return f">= {at_least}" if at_least is not None else f"< {below}"


def _grades(grades: frozenset[object]) -> str:
    return "/".join(sorted(str(getattr(g, "value", g)) for g in grades)) + "-implication"
