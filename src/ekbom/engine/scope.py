"""The question being asked: one factor, one person, one as-of date and its window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ekbom.dates import days_before
from ekbom.engine.record import Medication, Record


@dataclass(slots=True)
class Scope:
    """Where a predicate looks, and what it noticed on the way.

    `unlimited_labs` widens the laboratory look-back to the whole past (used to find stale
    results). The `noticed_*` fields let the engine say why a factor stayed unknown.
    """

    record: Record
    factor: str
    as_of: date
    window_days: int
    unlimited_labs: bool = False
    noticed_uninterpretable: set[str] = field(default_factory=set)
    noticed_unresolved: list[Medication] = field(default_factory=list)
    noticed_missing_age: bool = False

    @property
    def window_start(self) -> date:
        """The first day of the closed window [as-of - N days, as-of]."""
        return days_before(self.as_of, self.window_days)

    def in_window(self, day: date) -> bool:
        """Whether a day lies in the window."""
        return self.window_start <= day <= self.as_of

    def medications_in_window(self) -> list[Medication]:
        """Medication events that overlap the window (the as-of date included)."""
        start = self.window_start
        return [
            m
            for m in self.record.medications
            if m.start <= self.as_of and (m.end is None or m.end >= start)
        ]
