"""What the knowledge's rules look at, gathered per factor: the generator's shopping list.

`walk(predicate)` yields every leaf of a rule; `Needs.of(factor, knowledge)` collects the concept
sets, tests with their thresholds and windows, ingredients, age thresholds and onset-age bounds
a factor's rules read, so the generator can make facts that land on each side of every rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ekbom.kb.knowledge import Factor, Knowledge
from ekbom.kb.predicates import (
    Age,
    AllOf,
    AnyOf,
    Diagnosis,
    Exposure,
    FamilyHistory,
    Lab,
    NoObservation,
    Not,
    Observation,
    OnsetAge,
    Predicate,
    Procedure,
    Sex,
    Withdrawal,
)


def walk(predicate: Predicate) -> Iterator[Predicate]:
    """Every leaf predicate, depth first."""
    if isinstance(predicate, AllOf | AnyOf):
        for item in predicate.items:
            yield from walk(item)
    elif isinstance(predicate, Not):
        yield from walk(predicate.item)
    else:
        yield predicate


def step(threshold: float) -> float:
    """One unit in the threshold's last decimal place: the smallest step that crosses it.

    >>> step(75.0), step(6.5), step(0.45)
    (1.0, 0.1, 0.01)
    """
    exponent = Decimal(repr(threshold)).normalize().as_tuple().exponent
    places = max(0, -int(exponent)) if isinstance(exponent, int) else 0
    return float(Decimal(1).scaleb(-places))


@dataclass
class Needs:
    """What one factor's rules read (every window in days)."""

    window: int | None
    sets: dict[str, set[int | None]] = field(default_factory=dict)
    procedures: dict[str, set[int | None]] = field(default_factory=dict)
    observations: set[tuple[str, str]] = field(default_factory=set)
    observation_windows: dict[str, set[int]] = field(default_factory=dict)
    families: set[tuple[str, str]] = field(default_factory=set)
    tests: dict[str, set[float]] = field(default_factory=dict)
    test_windows: dict[str, set[int]] = field(default_factory=dict)
    ingredients: set[str] = field(default_factory=set)
    withdrawal: set[int | None] = field(default_factory=set)
    ages: set[int] = field(default_factory=set)
    onset_ages: dict[str, set[int]] = field(default_factory=dict)
    sexes: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, factor: Factor, knowledge: Knowledge) -> Needs:
        """Everything the factor's rules read."""
        window = factor.item.window_days if factor.item is not None else None
        needs = cls(window=window)
        for compiled in factor.rules:
            for leaf in walk(compiled.predicate):
                needs.add(leaf)
        if needs.ingredients or needs.withdrawal:
            needs.ingredients |= set(knowledge.drugs.by_factor.get(factor.id, {}))
        return needs

    def add(self, leaf: Predicate) -> None:
        """Record one leaf."""
        if isinstance(leaf, Diagnosis):
            within = leaf.within_days or (self.window if leaf.within_window else None)
            self.sets.setdefault(leaf.set, set()).add(within)
        elif isinstance(leaf, Procedure):
            self.procedures.setdefault(leaf.set, set()).add(leaf.within_days or self.window)
        elif isinstance(leaf, Observation):
            self.observations.add((leaf.set, leaf.values))
            within = leaf.within_days or self.window
            if within is not None:
                self.observation_windows.setdefault(leaf.set, set()).add(within)
        elif isinstance(leaf, NoObservation):
            self.observations.add((leaf.set, ""))
        elif isinstance(leaf, FamilyHistory):
            self.families.add((leaf.set, leaf.relationship))
        elif isinstance(leaf, Lab):
            self._lab(leaf)
        elif isinstance(leaf, Exposure):
            self.ingredients |= set(leaf.ingredients) or {""}
        elif isinstance(leaf, Withdrawal):
            self.withdrawal.add(leaf.min_use_days)
        elif isinstance(leaf, Age):
            self.ages |= {a for a in (leaf.at_least, leaf.below) if a is not None}
        elif isinstance(leaf, OnsetAge):
            bounds = {a for a in (leaf.at_least, leaf.below) if a is not None}
            self.onset_ages.setdefault(leaf.set, set()).update(bounds)
        elif isinstance(leaf, Sex):
            self.sexes |= set(leaf.sexes)

    def _lab(self, leaf: Lab) -> None:
        bounds = {b for b in (leaf.lower, leaf.upper) if b is not None}
        self.tests.setdefault(leaf.test, set()).update(bounds)
        within = leaf.within_days or self.window
        if within is not None:
            self.test_windows.setdefault(leaf.test, set()).add(within)
