"""Questionnaire answers as evidence: the latest answer to an item, and whether it matches."""

from __future__ import annotations

from datetime import date

from ekbom.engine.outcome import FALSE, UNKNOWN, Outcome
from ekbom.engine.scope import Scope
from ekbom.facts import AnswerFact
from ekbom.kb.predicates import Answer
from ekbom.result import Evidence


def latest_answer(
    answers: list[AnswerFact], item: str, as_of: date, author: str | None = None
) -> AnswerFact | None:
    """The latest answer to an item on or before the as-of date (undated answers count as
    current, behind dated ones); on one day a clinician's answer comes first."""
    chosen = [
        a
        for a in answers
        if a.item == item
        and (author is None or a.author == author)
        and (a.date is None or a.date <= as_of)
    ]
    if not chosen:
        return None
    return max(chosen, key=lambda a: (a.date or date.min, a.author == "clinician"))


def answer_evidence(answer: AnswerFact) -> Evidence:
    """Evidence for one answer: its code, the question text, the number, who answered."""
    code = answer.codes[0] if answer.codes else None
    shown = ", ".join(answer.values) if answer.values else None
    return Evidence(
        source=answer.source,
        code=code,
        display=answer.text or answer.item,
        date=answer.date,
        value=answer.number,
        note=f"{answer.author} answer" + (f": {shown}" if shown else ""),
    )


def answer_outcome(predicate: Answer, scope: Scope) -> Outcome:
    """Whether the latest answer to the item matches; unknown when the item is unanswered."""
    answer = latest_answer(
        scope.record.facts.answers, predicate.item, scope.as_of, predicate.author
    )
    if answer is None:
        return UNKNOWN
    if predicate.values:
        held = bool(predicate.values & set(answer.values))
    else:
        number = answer.number
        if number is None:
            return UNKNOWN
        held = (predicate.at_least is None or number >= predicate.at_least) and (
            predicate.below is None or number < predicate.below
        )
    return Outcome(True, (answer_evidence(answer),)) if held else FALSE
