"""The UCUM conversion table: a result's unit to its test's canonical unit, never guessed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Conversion:
    """Multiply a value in `unit` by `multiply` to get the test's canonical unit."""

    test: str
    unit: str
    multiply: float


class UnitTable:
    """Conversions keyed by (test, unit). A unit not listed is not interpretable."""

    def __init__(self, conversions: list[Conversion]) -> None:
        self.conversions = conversions
        self._by_key = {(c.test, c.unit): c.multiply for c in conversions}

    def factor(self, test: str, unit: str | None) -> float | None:
        """The multiplier to the canonical unit, or None when the unit is not in the table."""
        return self._by_key.get((test, (unit or "").strip()))
