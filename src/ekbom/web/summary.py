"""A result in plain words for the person it is about: the self-check page and the PDF share it.

`summarise(result)` picks what a patient needs from a `Result` and nothing else: what may be
behind the symptoms (present and possible findings, in knowledge order), the medicines worth
discussing (medication and withdrawal findings, with the ingredient names that counted), the
tests usually done and the questions to ask (the work-up, split by kind), and the notices. Every
sentence comes from the knowledge's `patient` wording or from `text.yaml`; nothing is written
here. A work-up item is named by its `patient_title` from `tables/workup.yaml` when it has one
(the clinician's `title` otherwise). No web framework; the wording files are read once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ekbom.result import Finding, Result, WorkupItem
from ekbom.vocab import Category, Status

SHOWN = (Status.PRESENT, Status.POSSIBLE)
MEDICINE_CATEGORIES = (Category.MEDICATION, Category.WITHDRAWAL)
TEST_KINDS = ("lab", "refer")


@dataclass(frozen=True, slots=True)
class Point:
    """One thing to tell: a heading, its sentences, and the medicine names it involves."""

    key: str
    title: str
    status: str
    sentences: tuple[str, ...]
    medicines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PatientSummary:
    """What the self-check page and the PDF say, in the order they say it."""

    rls_status: str
    rls_sentence: str
    behind: tuple[Point, ...]
    medicines: tuple[Point, ...]
    tests: tuple[Point, ...]
    questions: tuple[Point, ...]
    notices: tuple[str, ...]
    as_of: str
    ekbom_version: str
    knowledge_version: str

    @property
    def names_a_medicine(self) -> bool:
        """True when any part of the summary names a medicine (the safety sentence must show)."""
        return bool(self.medicines)


@cache
def text() -> dict[str, Any]:
    """The page and PDF wording from `ekbom/web/text.yaml` (loaded once)."""
    source = resources.files("ekbom.web").joinpath("text.yaml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(source)
    assert isinstance(loaded, dict)
    return loaded


@cache
def patient_titles() -> dict[str, str]:
    """Each work-up item's plain title, by test id, from the packaged knowledge."""
    from ekbom.kb.load import load_knowledge

    tests = load_knowledge().workup.tests
    return {test: spec.patient_title for test, spec in tests.items() if spec.patient_title}


def summarise(result: Result, titles: Mapping[str, str] | None = None) -> PatientSummary:
    """The result in the patient's words; `titles` names work-up items in plain words
    (`patient_titles()` by default)."""
    plain = patient_titles() if titles is None else titles
    shown = [f for f in result.findings if f.status in SHOWN]
    return PatientSummary(
        rls_status=result.rls.status.value,
        rls_sentence=result.rls.explanation.patient,
        behind=tuple(_point(f) for f in shown if f.category not in MEDICINE_CATEGORIES),
        medicines=tuple(_point(f) for f in shown if f.category in MEDICINE_CATEGORIES),
        tests=tuple(_test(w, plain) for w in result.workup if w.kind in TEST_KINDS),
        questions=tuple(_test(w, plain) for w in result.workup if w.kind not in TEST_KINDS),
        notices=tuple(n.patient for n in result.notices),
        as_of=result.as_of.isoformat(),
        ekbom_version=result.ekbom_version,
        knowledge_version=result.knowledge_version,
    )


def _point(finding: Finding) -> Point:
    sentences = [finding.explanation.patient]
    if finding.recommendation is not None:
        sentences.append(finding.recommendation.patient)
    return Point(
        key=finding.factor,
        title=finding.title,
        status=finding.status.value,
        sentences=tuple(dict.fromkeys(s for s in sentences if s)),
        medicines=medicine_names(finding) if finding.category in MEDICINE_CATEGORIES else (),
    )


def medicine_names(finding: Finding) -> tuple[str, ...]:
    """The ingredients that counted toward a finding, each once, in evidence order."""
    names = (e.ingredient or e.display for e in finding.evidence if e.counted)
    return tuple(dict.fromkeys(n for n in names if n))


def _test(item: WorkupItem, titles: Mapping[str, str]) -> Point:
    title = titles.get(item.test, item.title)
    return Point(key=item.test, title=title, status="", sentences=(item.reason.patient,))
