"""Age at onset of a condition: an explicit age first, else from the onset and birth dates."""

from __future__ import annotations

from collections.abc import Iterable

from ekbom.dates import whole_years
from ekbom.facts import ConditionFact, PatientFact


def onset_age(conditions: Iterable[ConditionFact], patient: PatientFact | None) -> int | None:
    """The earliest onset age the conditions give, in whole years; None when none can be told."""
    listed = list(conditions)
    explicit = [c.onset_age for c in listed if c.onset_age is not None]
    if explicit:
        return min(explicit)
    onsets = [c.onset for c in listed if c.onset is not None]
    if patient is None or patient.birth_date is None or not onsets:
        return None
    return whole_years(patient.birth_date, min(onsets))
