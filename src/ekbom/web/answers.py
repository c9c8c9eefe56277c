"""Form answers: read from a post, checked one step at a time, and turned into a
QuestionnaireResponse. Nothing here keeps, logs or echoes an answer anywhere but the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ekbom.web import limits
from ekbom.web.questionnaire import Answers, Form, Question, Step
from ekbom.web.summary import text

TYPED = ("string", "text", "open-choice")
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")
RED_FLAG_STOPS = ("yes", "unsure")
"""Answers to a red-flag question that stop the check (unsure is treated as yes: safety)."""


def read_answers(form: Form, fields: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Answers by linkId from posted fields; unknown names are dropped, values trimmed.

    Rows of a repeating group keep their places (an empty name keeps its row), so the parts of
    one row stay together; `answered` drops empty values later.
    """
    out: dict[str, list[str]] = {}
    for name, value in fields:
        if name in form.questions:
            out.setdefault(name, []).append(value.strip()[: limits.MAX_TEXT + 1])
    return {k: tuple(v[: limits.MAX_ROWS]) for k, v in out.items()}


def answered(values: tuple[str, ...]) -> tuple[str, ...]:
    """The non-empty values."""
    return tuple(v for v in values if v)


def check_step(step: Step, answers: Answers) -> dict[str, str]:
    """Errors by linkId for the questions shown on this step (empty when all is well)."""
    errors: dict[str, str] = {}
    words = text()
    for question in step.shown(answers):
        if not question.enabled(answers):
            continue
        for part in question.parts or (question,):
            key = _problem(part, answered(answers.get(part.link_id, ())), step.red_flag)
            if key:
                errors.setdefault(part.link_id, words[key].format(low=part.low, high=part.high))
    return errors


def _problem(question: Question, values: tuple[str, ...], required: bool) -> str | None:
    if not values:
        return "error_required" if required else None
    if question.options and question.kind != "open-choice":
        ok = len(values) == 1 and question.option(values[0]) is not None
        return None if ok else "error_choice"
    if question.options:
        return None if all(question.option(v) for v in values) else "error_choice"
    if any(len(v) > limits.MAX_TEXT for v in values):
        return "error_text"
    if question.kind == "integer":
        return None if all(_integer(question, v) is not None for v in values) else "error_number"
    if question.year_only:
        return None if all(_year(v) for v in values) else "error_year"
    if question.kind == "date":
        return None if all(_day(v) for v in values) else "error_date"
    return None


def _integer(question: Question, value: str) -> int | None:
    if not re.fullmatch(r"\d{1,4}", value):
        return None
    number = int(value)
    low = question.low if question.low is not None else number
    high = question.high if question.high is not None else number
    return number if low <= number <= high else None


def _year(value: str) -> bool:
    """A four-digit year that is not in the future."""
    return bool(re.fullmatch(r"[0-9]{4}", value)) and 1 <= int(value) <= date.today().year


def _day(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        day = date.fromisoformat(value if len(value) > len("YYYY-MM") else f"{value}-01")
    except ValueError:
        return False
    return day <= date.today()


def stops(form: Form, answers: Answers) -> bool:
    """True when any red-flag question is answered yes or unsure."""
    return any(
        set(answered(answers.get(q.link_id, ()))) & set(RED_FLAG_STOPS)
        for step in form.steps
        if step.red_flag
        for q in step.questions
    )


def response(form: Form, answers: Answers, now: datetime) -> dict[str, Any]:
    """The answers as a FHIR R4 QuestionnaireResponse for ekbom's questionnaire.

    Only enabled questions that were answered appear; the structure follows the questionnaire's
    groups. Authored by the person themselves (no author reference: self-report).
    """
    items = []
    for group in form.resource["item"]:
        inner = [
            item
            for q in (form.questions.get(i["linkId"]) for i in group.get("item", ()))
            if q is not None and q.enabled(answers)
            for item in _items(q, answers)
        ]
        if inner:
            items.append({"linkId": group["linkId"], "text": group["text"], "item": inner})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "self-check",
        "questionnaire": form.canonical,
        "status": "completed",
        "authored": now.isoformat(timespec="seconds"),
        "item": items,
    }


def _items(question: Question, answers: Answers) -> list[dict[str, Any]]:
    if question.parts:
        return _rows(question, answers)
    values = answered(answers.get(question.link_id, ()))
    if not values:
        return []
    return [
        {
            "linkId": question.link_id,
            "text": question.text,
            "answer": [_value(question, v) for v in values],
        }
    ]


def _rows(group: Question, answers: Answers) -> list[dict[str, Any]]:
    columns = [answers.get(p.link_id, ()) for p in group.parts]
    out = []
    for row in zip(*columns, strict=False):
        if not row[0]:
            continue
        parts = [
            {"linkId": p.link_id, "text": p.text, "answer": [_value(p, v)]}
            for p, v in zip(group.parts, row, strict=True)
            if v
        ]
        out.append({"linkId": group.link_id, "text": group.text, "item": parts})
    return out


def _value(question: Question, value: str) -> Mapping[str, Any]:
    option = question.option(value)
    if option is not None:
        coding = {"system": option.system, "code": option.code, "display": option.display}
        return {"valueCoding": coding}
    if question.kind == "integer":
        return {"valueInteger": int(value)}
    if question.kind == "date":
        return {"valueDate": value}
    return {"valueString": value}
