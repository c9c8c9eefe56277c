"""One person's facts indexed by the knowledge: conditions by concept set, results by test,
medications by ingredient. Built once per person, independent of the as-of date."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ekbom.facts import (
    Code,
    ConditionFact,
    Facts,
    InputWarning,
    MedicationFact,
    ObservationFact,
    ProcedureFact,
)
from ekbom.kb.drugs import Resolution
from ekbom.kb.knowledge import Knowledge

IGNORED_STATUSES = frozenset(
    {"entered-in-error", "cancelled", "draft", "not-taken", "not-done", "declined", "intended"}
)


@dataclass(frozen=True, slots=True)
class LabValue:
    """One interpretable result in its test's canonical unit.

    `low` and `high` bound the true value: equal for a plain value, open-ended for "<5" or ">500".
    """

    fact: ObservationFact | None
    code: Code | None
    day: date
    test: str
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    normalized: float
    unit: str
    derived_from: tuple[LabValue, ...] = ()


@dataclass(frozen=True, slots=True)
class Medication:
    """A medication fact with its resolved ingredients."""

    fact: MedicationFact
    resolution: Resolution
    start: date
    end: date | None


class Record:
    """The facts of one person, indexed for the knowledge."""

    def __init__(self, knowledge: Knowledge, facts: Facts) -> None:
        self.knowledge = knowledge
        self.facts = facts
        self.warnings: list[InputWarning] = list(facts.warnings)
        self.conditions: dict[str, list[ConditionFact]] = defaultdict(list)
        self.observations: dict[str, list[ObservationFact]] = defaultdict(list)
        self.procedures: dict[str, list[ProcedureFact]] = defaultdict(list)
        self.results: dict[str, list[LabValue]] = defaultdict(list)
        self.uninterpretable: dict[str, list[ObservationFact]] = defaultdict(list)
        self.medications: list[Medication] = []
        self._index_conditions()
        self._index_procedures()
        self._index_results()
        self._index_observations()
        self._index_medications()

    def _index_conditions(self) -> None:
        sets_of = self.knowledge.codes.sets_of_any
        for condition in self.facts.conditions:
            if condition.verification == "entered-in-error":
                continue
            names = sets_of(condition.codes)
            for name in names:
                self.conditions[name].append(condition)
            if names and condition.onset is None and condition.recorded is None:
                self._warn(
                    "undated-condition",
                    "A condition has no onset or recorded date; it counts as active and is "
                    "flagged in the evidence.",
                    condition.source,
                )

    def _index_procedures(self) -> None:
        sets_of = self.knowledge.codes.sets_of_any
        for procedure in self.facts.procedures:
            if procedure.status in IGNORED_STATUSES:
                continue
            for name in sets_of(procedure.codes):
                self.procedures[name].append(procedure)

    def _index_observations(self) -> None:
        sets_of = self.knowledge.codes.sets_of_any
        for fact in self.facts.observations:
            if fact.status in IGNORED_STATUSES or not fact.value_codes:
                continue
            names = sets_of(fact.codes)
            if names and fact.date is None:
                self._warn(
                    "undated-fact", "A coded observation has no date and was ignored.", fact.source
                )
                continue
            for name in names:
                self.observations[name].append(fact)

    def _index_results(self) -> None:
        tests_of = self.knowledge.lab_codes.sets_of
        units = self.knowledge.units
        for fact in self.facts.observations:
            if fact.status in IGNORED_STATUSES:
                continue
            seen: set[str] = set()
            for code in fact.codes:
                for test in tests_of(code) - seen:
                    seen.add(test)
                    if fact.date is None:
                        self._warn(
                            "undated-fact",
                            "A laboratory result has no date and was ignored.",
                            fact.source,
                        )
                        continue
                    if fact.value is None:
                        continue  # no value at all (dataAbsentReason): nothing to judge
                    multiply = units.factor(test, fact.unit)
                    if multiply is None:
                        self.uninterpretable[test].append(fact)
                        self._warn(
                            "uninterpretable-unit",
                            f"A {test} result has a unit ({fact.unit or 'none'}) that is not in "
                            "the conversion table, so it was not used.",
                            fact.source,
                        )
                        continue
                    unit = self.knowledge.labs.tests[test].unit
                    self.results[test].append(_lab_value(fact, code, test, multiply, unit))
        self._derive()

    def _derive(self) -> None:
        for test, spec in self.knowledge.labs.tests.items():
            ratio = spec.derived
            if ratio is None:
                continue
            # One derived value per day, from that day's lowest numerator and highest
            # denominator (the most abnormal pair): linear, whatever the number of draws.
            bottoms: dict[date, LabValue] = {}
            for value in self.results.get(ratio.denominator, []):
                if value.low == value.high and value.normalized > 0:
                    best = bottoms.get(value.day)
                    if best is None or value.normalized > best.normalized:
                        bottoms[value.day] = value
            tops: dict[date, LabValue] = {}
            for value in self.results.get(ratio.numerator, []):
                if value.low == value.high and value.fact is not None:
                    best = tops.get(value.day)
                    if best is None or value.normalized < best.normalized:
                        tops[value.day] = value
            for day, top in tops.items():
                bottom = bottoms.get(day)
                if bottom is not None:
                    number = top.normalized / bottom.normalized * ratio.multiply
                    self.results[test].append(
                        LabValue(
                            fact=None,
                            code=None,
                            day=top.day,
                            test=test,
                            low=number,
                            high=number,
                            low_open=False,
                            high_open=False,
                            normalized=number,
                            unit=spec.unit,
                            derived_from=(top, bottom),
                        )
                    )

    def _index_medications(self) -> None:
        resolve = self.knowledge.drugs.resolve
        for fact in self.facts.medications:
            if fact.status in IGNORED_STATUSES:
                continue
            if fact.start is None:
                self._warn(
                    "undated-fact", "A medication event has no date and was ignored.", fact.source
                )
                continue
            self.medications.append(Medication(fact, resolve(fact), fact.start, fact.end))

    def _warn(self, code: str, message: str, source: str) -> None:
        self.warnings.append(InputWarning(code=code, message=message, source=source))


def _lab_value(
    fact: ObservationFact, code: Code, test: str, multiply: float, unit: str
) -> LabValue:
    assert fact.value is not None
    assert fact.date is not None
    value = fact.value * multiply
    comparator = fact.comparator
    low: float | None = value
    high: float | None = value
    if comparator in ("<", "<="):
        low = None
    elif comparator in (">", ">="):
        high = None
    return LabValue(
        fact=fact,
        code=code,
        day=fact.date,
        test=test,
        low=low,
        high=high,
        low_open=comparator == ">",
        high_open=comparator == "<",
        normalized=value,
        unit=unit,
    )
