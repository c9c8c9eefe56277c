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
from ekbom.facts import NOTE_KIND
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
    another one is a switch within the class, not a withdrawal. A stop is the end of the
    ingredient's last event, and only an event whose duration the record tells (an order, a
    statement, a dispense with days of supply) can show one: the last administration or a
    dispense without a supply does not prove that use stopped. With `min_use_days`, the
    continuous episode that ends at the stop must have lasted at least that long.
    """
    listed = _listed(scope)
    rows = scope.record.knowledge.drugs.rows
    events: dict[str, list[Medication]] = {}
    for medication in scope.record.medications:
        if not medication.resolution.systemic or medication.start > scope.as_of:
            continue
        for ingredient in medication.resolution.ingredients:
            grade = listed.get(ingredient)
            if grade is None or grade in (Implication.EXCEPTION, Implication.UNKNOWN):
                continue
            if _is_active(medication, scope.as_of, _persistence(scope, ingredient)):
                return _outcome(False, [])  # still taking it, or switched within the class
            events.setdefault(ingredient, []).append(medication)
    found = []
    for ingredient, taken in sorted(events.items()):
        if listed[ingredient] not in grades:
            continue
        last = max(taken, key=lambda m: (m.end or m.start, m.fact.duration_known))
        if not last.fact.duration_known or last.end is None:
            continue
        days = rows[ingredient].withdrawal_days.get(scope.factor, scope.window_days)
        if not days_before(scope.as_of, days) <= last.end <= scope.as_of:
            continue
        if (
            min_use_days is not None
            and (last.end - _episode_start(taken, last)).days < min_use_days
        ):
            continue
        found.append(medication_evidence(last, ingredient, True, f"stopped {last.end.isoformat()}"))
    return _outcome(bool(found), found)


def _episode_start(taken: list[Medication], last: Medication) -> date:
    """The start of the continuous run of events (overlapping or on consecutive days) that ends
    with `last`: an old, separate course does not count towards the length of use."""
    start = last.start
    changed = True
    while changed:
        changed = False
        for medication in taken:
            end = medication.end or medication.start
            if medication.start < start and days_after(end, 1) >= start:
                start = medication.start
                changed = True
    return start


def coverage(scope: Scope) -> Outcome:
    """True when medication evidence covers the window and every medication in it resolved.

    A medicine named in a clinical note (kind `note`) is left out: it shows use, but a note is
    not a medication list, so it neither covers the window nor, being of unknown duration,
    keeps a full medication list from doing so.
    """
    in_window = [m for m in scope.medications_in_window() if m.fact.kind != NOTE_KIND]
    unresolved = [m for m in in_window if not m.resolution.resolved]
    if unresolved:
        scope.noticed_unresolved.extend(unresolved)
        return _outcome(False, [])
    if any(not m.fact.duration_known for m in in_window):
        return _outcome(False, [])  # an administration or a supply-less dispense: use unknown
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
            if grade is Implication.UNKNOWN:
                shown.append(
                    medication_evidence(
                        medication, ingredient, False, "effect on RLS not known: not counted"
                    )
                )
            elif grade is Implication.EXCEPTION:
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
