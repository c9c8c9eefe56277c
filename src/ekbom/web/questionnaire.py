"""The knowledge's Questionnaire as the self-check's steps.

Each top-level group is one part of the check; the clinician-only group is left out, and the
group flagged `red-flag` must come first. A long group is cut into short steps of at most
`limits.STEP_QUESTIONS` questions. A question shown only after another answer (`enableWhen`)
stays on its controlling question's step when it is one of at most
`limits.STEP_FOLLOW_UPS` follow-ups right after it; longer runs of follow-ups start a new step,
so that the server already knows whether to show them (the basic path works without
JavaScript). A step whose questions are all switched off by earlier answers is skipped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ekbom.errors import KnowledgeError
from ekbom.web import limits

FILE = "questionnaire/ekbom-rls.json"
FLAGS = "https://ekbom.org/fhir/CodeSystem/questionnaire-flags"
RED_FLAG = "red-flag"
CLINICIAN_ONLY = "clinician-only"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ENTRY_FORMAT = "http://hl7.org/fhir/StructureDefinition/entryFormat"
YEAR = "YYYY"
"""The entryFormat of a date question that asks for a year only (a partial FHIR date)."""

Answers = Mapping[str, tuple[str, ...]]
"""Answers by linkId, as the form sends them (strings; repeated items give several)."""


@dataclass(frozen=True, slots=True)
class Option:
    """One answer choice."""

    system: str
    code: str
    display: str


@dataclass(frozen=True, slots=True)
class Condition:
    """One `enableWhen`: show the question when `question` is (or is not) answered `code`."""

    question: str
    equal: bool
    code: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question, or a repeating group of questions (`parts`)."""

    link_id: str
    text: str
    kind: str
    options: tuple[Option, ...]
    repeats: bool
    enable_when: tuple[Condition, ...]
    low: int | None
    high: int | None
    parts: tuple[Question, ...] = ()
    entry_format: str | None = None

    @property
    def year_only(self) -> bool:
        """True for a date question that asks for a year only (entryFormat YYYY)."""
        return self.kind == "date" and self.entry_format == YEAR

    def enabled(self, answers: Answers) -> bool:
        """True when every enableWhen holds (FHIR's default enableBehavior `all`)."""
        return all((c.code in answers.get(c.question, ())) == c.equal for c in self.enable_when)

    def option(self, code: str) -> Option | None:
        """The answer choice with this code, if it is one."""
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True, slots=True)
class Step:
    """One page of questions."""

    number: int
    group: str
    title: str
    questions: tuple[Question, ...]
    red_flag: bool

    def shown(self, answers: Answers) -> tuple[Question, ...]:
        """The questions to show, given answers to earlier steps."""
        here = {q.link_id for q in self.questions}
        return tuple(
            q
            for q in self.questions
            if all(c.question in here for c in q.enable_when) or q.enabled(answers)
        )


@dataclass(frozen=True, slots=True)
class Form:
    """The whole questionnaire as the page uses it."""

    resource: Mapping[str, Any]
    steps: tuple[Step, ...]
    questions: Mapping[str, Question]

    @property
    def canonical(self) -> str:
        """The questionnaire's canonical URL with its version (`url|version`)."""
        return f"{self.resource['url']}|{self.resource['version']}"


@cache
def load_form() -> Form:
    """The questionnaire from the knowledge, cut into steps (loaded once)."""
    source = resources.files("ekbom.knowledge").joinpath(FILE).read_text(encoding="utf-8")
    resource = json.loads(source)
    groups = [g for g in resource["item"] if not _flagged(g, CLINICIAN_ONLY)]
    if not groups or not _flagged(groups[0], RED_FLAG):
        raise KnowledgeError(FILE, "item[0]", "the red-flag group must come first")
    steps: list[Step] = []
    for group in groups:
        questions = [_question(item) for item in group["item"]]
        for chunk in _chunks(questions):
            steps.append(
                Step(
                    len(steps) + 1, group["linkId"], group["text"], chunk, _flagged(group, RED_FLAG)
                )
            )
    every = {q.link_id: q for step in steps for q in step.questions}
    every |= {p.link_id: p for q in list(every.values()) for p in q.parts}
    return Form(resource, tuple(steps), every)


def _flagged(item: Mapping[str, Any], flag: str) -> bool:
    return any(c.get("system") == FLAGS and c.get("code") == flag for c in item.get("code", ()))


def _question(item: Mapping[str, Any]) -> Question:
    bounds = {e["url"]: e.get("valueInteger") for e in item.get("extension", ())}
    formats = [e.get("valueString") for e in item.get("extension", ()) if e["url"] == ENTRY_FORMAT]
    return Question(
        link_id=item["linkId"],
        text=item.get("text", ""),
        kind=item["type"],
        options=tuple(
            Option(
                o["valueCoding"]["system"], o["valueCoding"]["code"], o["valueCoding"]["display"]
            )
            for o in item.get("answerOption", ())
            if "valueCoding" in o
        ),
        repeats=bool(item.get("repeats", False)),
        enable_when=tuple(
            Condition(
                e["question"],
                e["operator"] == "=",
                e.get("answerCoding", {}).get("code", ""),
            )
            for e in item.get("enableWhen", ())
        ),
        low=bounds.get(MIN_VALUE),
        high=bounds.get(MAX_VALUE),
        parts=tuple(_question(p) for p in item.get("item", ())),
        entry_format=formats[0] if formats else None,
    )


def _chunks(questions: list[Question]) -> Iterable[tuple[Question, ...]]:
    """Short steps: units (a question with its few follow-ups) packed evenly."""
    for segment in _segments(questions):
        left = sum(len(unit) for unit in segment)
        steps = math.ceil(left / limits.STEP_QUESTIONS)
        chunk: list[Question] = []
        for unit in segment:
            if chunk and len(chunk) + len(unit) > math.ceil(left / steps):
                yield tuple(chunk)
                left -= len(chunk)
                steps -= 1
                chunk = []
            chunk.extend(unit)
        if chunk:
            yield tuple(chunk)


def _segments(questions: list[Question]) -> list[list[list[Question]]]:
    """Units grouped into runs that must not share a step with what came before."""
    segments: list[list[list[Question]]] = [[]]
    index = 0
    while index < len(questions):
        controller = questions[index]
        followers = 0
        while index + 1 + followers < len(questions) and _follows(
            questions[index + 1 + followers], controller
        ):
            followers += 1
        if followers <= limits.STEP_FOLLOW_UPS:
            segments[-1].append(questions[index : index + 1 + followers])
            index += 1 + followers
            continue
        segments[-1].append([controller])
        segments.append([])
        for follower in questions[index + 1 : index + 1 + followers]:
            segments[-1].append([follower])
        segments.append([])
        index += 1 + followers
    return [s for s in segments if s]


def _follows(question: Question, controller: Question) -> bool:
    return any(c.question == controller.link_id for c in question.enable_when)
