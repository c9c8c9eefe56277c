"""The value of a predicate: true, false or unknown, with the evidence that made it so."""

from __future__ import annotations

from dataclasses import dataclass

from ekbom.result import Evidence


@dataclass(frozen=True, slots=True)
class Outcome:
    """A truth value (None: cannot tell) and the evidence behind it."""

    truth: bool | None
    evidence: tuple[Evidence, ...] = ()


FALSE = Outcome(False)
UNKNOWN = Outcome(None)
