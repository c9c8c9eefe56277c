"""Plain words: every page of the self-check and the PDF read at grade 8 or lower
(Flesch-Kincaid, tests/web/readability.py), and no patient text tells anyone to stop, switch or
discontinue a medicine or to take iron."""

from __future__ import annotations

import re
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ekbom.kb.load import load_knowledge
from ekbom.render.pdf import to_pdf
from ekbom.web.questionnaire import load_form
from ekbom.web.summary import text
from tests.web.conftest import Server
from tests.web.flow import ANSWERS
from tests.web.readability import grade
from tests.web.test_pdf import example_result

MAX_GRADE = 8
BANNED = [
    r"\bstop(ping)? (taking|using)\b",
    r"\bdiscontinu",
    r"\bswitch(ing)? (to|over)\b",
    r"\bcome off\b",
    r"\bquit (taking|using)\b",
    r"\bcut out\b",
    r"\b(take|start|try|buy|use|get) (some |more |an? )?(oral |extra )?iron\b",
    r"\biron (tablets|pills|supplements?)\b",
]
"""Imperatives no patient sentence may carry (questions, which end with '?', may ask)."""


class Prose(HTMLParser):
    """The prose a reader reads: headings, paragraphs, question texts and legends (the short
    answer labels and buttons are left out; they would flatter the grade)."""

    BLOCKS = ("p", "legend", "h1", "h2", "h3")

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS or (tag == "label" and ("class", "question-text") in attrs):
            self.open.append(tag)
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            self.parts.append(data)


def prose(html: str) -> str:
    parser = Prose()
    parser.feed(html)
    return "".join(parser.parts)


def post(server: Server, fields: dict[str, Any]) -> str:
    pairs = [
        (k, v)
        for k, value in fields.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    request = urllib.request.Request(
        server.url + "/check", data=urllib.parse.urlencode(pairs).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request) as reply:
            body: bytes = reply.read()
    except urllib.error.HTTPError as error:  # 422: a step with errors is a page too
        body = error.read()
    return body.decode()


def pages(server: Server) -> Iterator[tuple[str, str]]:
    """Every page: start, each step (with answers that show every follow-up), a step with
    errors, the red-flag stop and the result."""
    with urllib.request.urlopen(server.url + "/") as reply:
        yield "start", reply.read().decode()
    for step in load_form().steps:
        yield (
            f"step {step.number}",
            post(server, {**ANSWERS, "nav": "back", "step": str(step.number + 1)}),
        )
    yield "errors", post(server, {"nav": "next", "step": "1"})
    yield (
        "red flag",
        post(server, {**ANSWERS, "red-flags.new-weakness": "yes", "nav": "next", "step": "1"}),
    )
    yield "result", post(server, {**ANSWERS, "nav": "next", "step": str(len(load_form().steps))})


def test_every_page_reads_at_grade_8_or_lower(server: Server) -> None:
    seen = dict(pages(server))
    assert len(seen) == len(load_form().steps) + 4
    grades = {name: round(grade(prose(html)), 1) for name, html in seen.items()}
    assert all(len(prose(html).split()) > 20 for html in seen.values()), (
        "each page has prose to measure"
    )
    assert max(grades.values()) <= MAX_GRADE, grades


def test_the_pdf_reads_at_grade_8_or_lower(tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(to_pdf(example_result()))
    words = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert grade(words) <= MAX_GRADE


def test_the_readability_measure_tells_hard_text_from_plain() -> None:
    hard = (
        "Pharmacological discontinuation of dopaminergic augmentation necessitates "
        "comprehensive multidisciplinary evaluation considering neurophysiological comorbidities."
    )
    assert grade(hard) > MAX_GRADE * 2
    assert grade(text()["privacy"]["body"]) <= MAX_GRADE


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _patient_wording(value: Any) -> Iterator[str]:
    """Every `patient` sentence anywhere in the knowledge models."""
    if isinstance(value, BaseModel):
        if isinstance(getattr(value, "patient", None), str) and hasattr(value, "clinician"):
            yield value.patient  # type: ignore[attr-defined]
        for name in type(value).model_fields:
            yield from _patient_wording(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patient_wording(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _patient_wording(item)


def patient_text() -> list[str]:
    knowledge = load_knowledge()
    found = list(_strings(text()))
    found += [q.text for q in load_form().questions.values()]
    found += [s.title for s in load_form().steps]
    for factor in knowledge.factors:
        found += list(_patient_wording(factor.item))
    found += list(_patient_wording(knowledge.workup))
    found += list(_patient_wording(knowledge.messages))
    return found


def imperatives(sentences: list[str]) -> list[str]:
    out = []
    for block in sentences:
        for sentence in re.split(r"(?<=[.!?])\s+", block):
            if sentence.rstrip().endswith("?"):
                continue
            out += [
                f"{pattern}: {sentence}" for pattern in BANNED if re.search(pattern, sentence, re.I)
            ]
    return out


def test_no_patient_text_tells_anyone_to_stop_switch_or_take_iron() -> None:
    wording = patient_text()
    assert len(wording) > 300, "the knowledge's patient wording is included"
    assert not imperatives(wording)


@pytest.mark.parametrize(
    "sentence",
    [
        "Stop taking your antidepressant.",
        "You should discontinue metoclopramide.",
        "Switch to loratadine instead.",
        "Take iron tablets every day.",
        "Start iron with vitamin C.",
    ],
)
def test_the_lint_catches_imperatives(sentence: str) -> None:
    assert imperatives([sentence])


def test_questions_and_the_safety_sentence_pass_the_lint() -> None:
    assert not imperatives(
        ["Do you take iron, magnesium or vitamin B12?", text()["medicine_safety"]]
    )


def test_clinician_only_items_are_never_shown() -> None:
    form = load_form()
    clinician = [
        g["linkId"]
        for g in form.resource["item"]
        if any(c.get("code") == "clinician-only" for c in g.get("code", ()))
    ]
    assert clinician, "the questionnaire has a clinician-only group"
    assert not {step.group for step in form.steps} & set(clinician)
