"""Medication exposure and withdrawal, judged through the ingredient table.

An exposure is active on the as-of date when it lies in [start, end + persistence]. Withdrawal
is judged only for an ingredient that is not active and whose end lies in the window, and not
when another ingredient of the same factor is active (a switch is not a withdrawal).
"""

from __future__ import annotations

from datetime import date

from ekbom.dates import days_after, days_before
from ekbom.engine.outcome import Outcome
from ekbom.engine.record import Medication
from ekbom.engine.scope import Scope
from ekbom.result import Evidence
from ekbom.vocab import Implication


def _outcome(truth: bool, evidence: list[Evidence]) -> Outcome:
    return Outcome(truth, tuple(evidence))


def _is_active(medication: Medication, as_of: date, persistence: int) -> bool:
    if medication.start > as_of:
        return False
    return medication.end is None or as_of <= days_after(medication.end, persistence)


def _listed(scope: Scope) -> dict[str, Implication]:
    return scope.record.knowledge.drugs.by_factor.get(scope.factor, {})


def _persistence(scope: Scope, ingredient: str) -> int:
    return scope.record.knowledge.drugs.rows[ingredient].persistence_days


def medication_evidence(
    medication: Medication, ingredient: str, counted: bool, note: str | None = None
) -> Evidence:
    """Evidence for one ingredient of one medication event."""
    fact = medication.fact
    code = fact.codes[0] if fact.codes else None
    return Evidence(
        source=fact.source,
        code=code,
        display=fact.text or (code.display if code else None),
        date=medication.start,
        counted=counted,
        ingredient=ingredient,
        note=note,
    )


def active(
    scope: Scope, grades: frozenset[Implication], ingredients: frozenset[str] = frozenset()
) -> Outcome:
    """True when a systemic ingredient of this factor with one of these grades is active.

    With `ingredients`, exactly those ingredients count, whatever factors they are listed under.
    """
    listed = _listed(scope)
    found = []
    for medication in scope.record.medications:
        if not medication.resolution.systemic:
            continue
        for ingredient in medication.resolution.ingredients:
            grade = listed.get(ingredient)
            wanted = ingredient in ingredients if ingredients else grade in grades
            if wanted and _is_active(medication, scope.as_of, _persistence(scope, ingredient)):
                note = f"{grade.value} implication" if grade else None
                found.append(medication_evidence(medication, ingredient, True, note))
    return _outcome(bool(found), found)


def withdrawal(
    scope: Scope, grades: frozenset[Implication], min_use_days: int | None = None
) -> Outcome:
    """True when an ingredient of this factor stopped in its window and none is active.

    "None is active" counts every ingredient listed under the factor except exceptions: taking
    another one is a switch within the class, not a withdrawal. With `min_use_days`, only an
    ingredient taken at least that long before its stop counts.
    """
    listed = _listed(scope)
    rows = scope.record.knowledge.drugs.rows
    stops: dict[str, Medication] = {}
    for medication in scope.record.medications:
        if not medication.resolution.systemic:
            continue
        for ingredient in medication.resolution.ingredients:
            grade = listed.get(ingredient)
            if grade is None or grade is Implication.EXCEPTION:
                continue
            if _is_active(medication, scope.as_of, _persistence(scope, ingredient)):
                return _outcome(False, [])  # still taking it, or switched within the class
            if grade not in grades or medication.end is None:
                continue
            days = rows[ingredient].withdrawal_days.get(scope.factor, scope.window_days)
            if days_before(scope.as_of, days) <= medication.end <= scope.as_of:
                previous = stops.get(ingredient)
                if previous is None or (previous.end or date.min) < medication.end:
                    stops[ingredient] = medication
    if min_use_days is not None:
        first = _first_starts(scope)
        stops = {
            ingredient: m
            for ingredient, m in stops.items()
            if m.end is not None and (m.end - first[ingredient]).days >= min_use_days
        }
    found = [
        medication_evidence(m, ingredient, True, f"stopped {m.end.isoformat()}" if m.end else None)
        for ingredient, m in sorted(stops.items())
    ]
    return _outcome(bool(found), found)


def coverage(scope: Scope) -> Outcome:
    """True when medication evidence covers the window and every medication in it resolved."""
    in_window = scope.medications_in_window()
    unresolved = [m for m in in_window if not m.resolution.resolved]
    if unresolved:
        scope.noticed_unresolved.extend(unresolved)
        return _outcome(False, [])
    lists = [
        entry
        for entry in scope.record.facts.medication_lists
        if entry.date is not None and scope.in_window(entry.date)
    ]
    return _outcome(bool(in_window) or bool(lists), [])


def uncounted(scope: Scope) -> list[Evidence]:
    """Active medications of this factor that do not count: exceptions and non-systemic forms."""
    listed = _listed(scope)
    shown = []
    for medication in scope.record.medications:
        for ingredient in medication.resolution.ingredients:
            grade = listed.get(ingredient)
            if grade is None or not _is_active(
                medication, scope.as_of, _persistence(scope, ingredient)
            ):
                continue
            if grade is Implication.EXCEPTION:
                shown.append(
                    medication_evidence(
                        medication,
                        ingredient,
                        False,
                        "not a trigger: a treatment or safer alternative",
                    )
                )
            elif not medication.resolution.systemic:
                shown.append(
                    medication_evidence(
                        medication,
                        ingredient,
                        False,
                        "topical or eye/ear form: not systemic exposure",
                    )
                )
    return shown


def _first_starts(scope: Scope) -> dict[str, date]:
    """The earliest recorded start of each ingredient."""
    first: dict[str, date] = {}
    for medication in scope.record.medications:
        for ingredient in medication.resolution.ingredients:
            if ingredient not in first or medication.start < first[ingredient]:
                first[ingredient] = medication.start
    return first
