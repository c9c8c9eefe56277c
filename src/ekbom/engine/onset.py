"""Age at onset of a condition: an explicit age first, else from the onset and birth dates.

The person's own answer to the onset question of the item that owns the concept set (its
`onset_answer` in the knowledge) is an explicit age too, and beats every recorded one, as in the
rls block: an explicit age beats one derived from dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from ekbom.dates import whole_years
from ekbom.engine.answers import latest_answer
from ekbom.facts import AnswerFact, ConditionFact, PatientFact

if TYPE_CHECKING:
    from ekbom.engine.record import Record


def onset_age(
    conditions: Iterable[ConditionFact], patient: PatientFact | None, answered: int | None = None
) -> int | None:
    """The onset age the conditions give, in whole years; None when none can be told.

    An answered age (`answered`) decides whenever there is a condition to give an age to; then
    the earliest explicit age on a condition; then the earliest onset date and the birth date.
    """
    listed = list(conditions)
    if listed and answered is not None:
        return answered
    explicit = [c.onset_age for c in listed if c.onset_age is not None]
    if explicit:
        return min(explicit)
    onsets = [c.onset for c in listed if c.onset is not None]
    if patient is None or patient.birth_date is None or not onsets:
        return None
    return whole_years(patient.birth_date, min(onsets))


def answered_onset(record: Record, concept_set: str, as_of: date) -> AnswerFact | None:
    """The latest numeric answer to the onset question of the item owning `concept_set`
    (`owner:name`), or None when that item asks none or it is unanswered."""
    owner = concept_set.split(":", 1)[0]
    knowledge = record.knowledge
    factors = [f for f in (knowledge.rls, *knowledge.factors) if f.id == owner]
    item = factors[0].item if factors else None
    if item is None or item.onset_answer is None:
        return None
    answer = latest_answer(record.facts.answers, item.onset_answer, as_of)
    return answer if answer is not None and answer.number is not None else None
