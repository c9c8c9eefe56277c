"""Laboratory results: the latest one in the window, and whether it meets a threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ekbom.dates import days_before
from ekbom.engine.record import LabValue
from ekbom.engine.scope import Scope
from ekbom.kb.predicates import Lab
from ekbom.limits import EVIDENCE_DECIMALS
from ekbom.result import Evidence


def latest(
    scope: Scope, test: str, within_days: int | None = None, low_first: bool | None = None
) -> LabValue | None:
    """The latest result of a test in the window; ties on one day take the most abnormal.

    When the latest result that day is uninterpretable (its unit is not in the conversion
    table), nothing is returned and the scope notes it: an older result never stands in for it.
    """
    values = scope.record.results.get(test, ())
    first = days_before(scope.as_of, within_days) if within_days is not None else None
    in_reach = [v for v in values if _reachable(scope, v.day, first)]
    unreadable = [
        f.date
        for f in scope.record.uninterpretable.get(test, ())
        if f.date is not None and _reachable(scope, f.date, first)
    ]
    day = max((v.day for v in in_reach), default=None)
    if unreadable and (day is None or max(unreadable) > day):
        scope.noticed_uninterpretable.add(test)
        return None
    if day is None:
        return None
    same_day = [v for v in in_reach if v.day == day]
    low_is_abnormal = (
        low_first
        if low_first is not None
        else scope.record.knowledge.labs.tests[test].abnormal == "low"
    )
    return min(same_day, key=lambda v: v.normalized if low_is_abnormal else -v.normalized)


def _reachable(scope: Scope, day: date, first: date | None = None) -> bool:
    if day > scope.as_of:
        return False
    if first is not None:
        return day >= first
    return scope.unlimited_labs or day >= scope.window_start


def satisfies(value: LabValue, bound: Lab) -> bool | None:
    """Whether every value the result allows lies within the bounds (None: some do, some not).

    >>> from datetime import date
    >>> v = LabValue(None, None, date(2024, 1, 1), "ferritin", None, 5.0, False, True, 5.0, "ng/mL")
    >>> satisfies(v, Lab("ferritin", "ng/mL", upper=75.0, upper_inclusive=True))
    True
    """
    inside_low = _above_lower(value, bound)
    inside_high = _below_upper(value, bound)
    if inside_low is False or inside_high is False:
        return False
    if inside_low is None or inside_high is None:
        return None
    return True


def _above_lower(value: LabValue, bound: Lab) -> bool | None:
    if bound.lower is None:
        return True
    # All allowed values clear the lower bound?
    if value.low is not None and (
        value.low > bound.lower
        or (value.low == bound.lower and (bound.lower_inclusive or value.low_open))
    ):
        return True
    # No allowed value clears it?
    if value.high is not None and (
        value.high < bound.lower
        or (value.high == bound.lower and (not bound.lower_inclusive or value.high_open))
    ):
        return False
    return None


def _below_upper(value: LabValue, bound: Lab) -> bool | None:
    if bound.upper is None:
        return True
    if value.high is not None and (
        value.high < bound.upper
        or (value.high == bound.upper and (bound.upper_inclusive or value.high_open))
    ):
        return True
    if value.low is not None and (
        value.low > bound.upper
        or (value.low == bound.upper and (not bound.upper_inclusive or value.low_open))
    ):
        return False
    return None


def lab_evidence(value: LabValue) -> tuple[Evidence, ...]:
    """Evidence for a result: the observation itself, or the results it was derived from."""
    if value.fact is None:
        note = f"used to derive {value.test} = {value.normalized:.1f} {value.unit}"
        return tuple(
            replace(_observation(part), note=note)
            for part in value.derived_from
            if part.fact is not None
        )
    return (_observation(value),)


def _observation(value: LabValue) -> Evidence:
    fact = value.fact
    assert fact is not None
    return Evidence(
        source=fact.source,
        code=value.code,
        display=value.code.display if value.code else None,
        date=value.day,
        value=fact.value,
        comparator=fact.comparator,
        unit=fact.unit,
        value_normalized=round(value.normalized, EVIDENCE_DECIMALS),
        unit_normalized=value.unit,
    )
