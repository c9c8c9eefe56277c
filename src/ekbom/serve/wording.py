"""Card wording (tables/cards.yaml) and same-indication alternatives (tables/alternatives.yaml).

Both are knowledge files read with strict models: a misspelt key, a factor without wording or a
citation id its factor does not hold fails at start-up, never in front of a clinician.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ekbom.errors import KnowledgeError
from ekbom.kb.knowledge import Knowledge
from ekbom.vocab import Category, Implication, Status

Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    """A knowledge model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Reason(Strict):
    """One override reason (a Coding of the configured system)."""

    code: Text
    display: Text


class Topic(Strict):
    """A card topic code within the source's topic system."""

    code: Text
    display: Text


class Source(Strict):
    """The card source shared by every card."""

    label: Text
    topic_system: Text
    url: Text


class PatientView(Strict):
    """Wording and scope of the patient-view summary card."""

    statuses: list[Status]
    categories: list[Category]
    topic: Topic
    summary: Text
    intro: Text
    data_label: Text
    next_label: Text
    status_words: dict[Status, Text]
    closing: Text


class Workup(Strict):
    """Wording of the work-up card and the work-up test it offers to order."""

    test: Text
    topic: Topic
    summary: Text
    intro: Text
    factors_label: Text
    suggestion: Text
    action: Text
    cite_note: Text


class MedicationCheck(Strict):
    """Wording and grades of the medication-check cards."""

    inform: list[Implication]
    warn: list[Implication]
    topic: Topic
    summary_info: Text
    summary_warning: Text
    remove: Text
    replace: Text
    replace_action: Text
    remove_action: Text
    why_label: Text
    grade_label: Text
    closing: Text


class OrderWording(Strict):
    """What a medication-check card says about one factor, and what it may offer."""

    detail: Text
    cite: Annotated[list[Text], Field(min_length=1)]
    actions: Literal["inform", "remove-or-replace"]


class FactorWording(Strict):
    """A factor's short label and, for drug factors, its order-time wording."""

    label: Text
    order: OrderWording | None = None


class CardsFile(Strict):
    """tables/cards.yaml."""

    review_status: Literal["draft", "reviewed"]
    last_reviewed: Text
    source: Source
    override_system: Text
    override_reasons: dict[Literal["medication", "workup"], list[Reason]]
    patient_view: PatientView
    workup: Workup
    medication_check: MedicationCheck
    factors: dict[str, FactorWording]


class Citation(Strict):
    """A citation of the alternatives table."""

    id: Text
    ref: Text
    title: Text
    supports: Text


class Alternative(Strict):
    """One same-indication replacement ingredient."""

    ingredient: Text
    rxcui: Text
    display: Text
    caveat: str | None = None
    caveat_cite: list[Text] = Field(default_factory=list)


class Pair(Strict):
    """A drug, the indication the replacement assumes, and its alternatives."""

    drug: Text
    indication: Text
    alternatives: Annotated[list[Alternative], Field(min_length=1)]
    cite: Annotated[list[Text], Field(min_length=1)]


class AlternativesFile(Strict):
    """tables/alternatives.yaml."""

    citations: list[Citation]
    pairs: list[Pair]


class Wording:
    """Both files, checked against the knowledge they speak about."""

    def __init__(self, cards: CardsFile, alternatives: AlternativesFile) -> None:
        self.cards = cards
        self.alternatives = alternatives
        self.pairs = {pair.drug: pair for pair in alternatives.pairs}

    def label(self, factor: str) -> str:
        """The short label of a factor."""
        return self.cards.factors[factor].label


def _read(path: Path, model: type[Strict], name: str) -> Strict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(name, "(file)", f"cannot be read ({error})") from None
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise KnowledgeError(name, key, first["msg"]) from None


def _check(wording: Wording, knowledge: Knowledge) -> None:
    cards = wording.cards
    ids = {factor.id for factor in knowledge.factors}
    missing = sorted(ids - set(cards.factors))
    if missing:
        raise KnowledgeError("tables/cards.yaml", "factors", f"no wording for {missing}")
    unknown = sorted(set(cards.factors) - ids)
    if unknown:
        raise KnowledgeError("tables/cards.yaml", "factors", f"unknown factor ids {unknown}")
    for factor in knowledge.factors:
        order = cards.factors[factor.id].order
        held = {c.id for c in factor.item.citations} if factor.item else set()
        for cite in order.cite if order else []:
            if cite not in held:
                raise KnowledgeError(
                    "tables/cards.yaml",
                    f"factors.{factor.id}.order.cite",
                    f"{cite!r} is not a citation of {factor.id}/item.yaml",
                )
    if cards.workup.test not in knowledge.workup.tests:
        raise KnowledgeError("tables/cards.yaml", "workup.test", "not a test of workup.yaml")
    _check_pairs(wording, knowledge)


def _check_pairs(wording: Wording, knowledge: Knowledge) -> None:
    cited = {c.id for c in wording.alternatives.citations}
    rows = knowledge.drugs.rows
    for number, pair in enumerate(wording.alternatives.pairs):
        where = f"pairs[{number}]"
        if pair.drug not in rows:
            raise KnowledgeError("tables/alternatives.yaml", f"{where}.drug", "not an ingredient")
        for alt in pair.alternatives:
            row = rows.get(alt.ingredient)
            if row is None or set(row.factors.values()) != {Implication.EXCEPTION}:
                raise KnowledgeError(
                    "tables/alternatives.yaml",
                    f"{where}.alternatives",
                    f"{alt.ingredient!r} must be an exception ingredient of tables/ingredients",
                )
            if row.rxcui and row.rxcui != alt.rxcui:
                raise KnowledgeError(
                    "tables/alternatives.yaml", f"{where}.alternatives", "rxcui differs"
                )
        for cite in [*pair.cite, *(c for a in pair.alternatives for c in a.caveat_cite)]:
            if cite not in cited:
                raise KnowledgeError("tables/alternatives.yaml", f"{where}.cite", f"{cite!r}")


_LOADED: dict[tuple[int, Path | None], Wording] = {}


def load_wording(knowledge: Knowledge, root: Path | None = None) -> Wording:
    """Read and check both files (once per knowledge).

    Raises:
        KnowledgeError: a file breaks its schema or names something the knowledge lacks.
    """
    key = (id(knowledge), root)
    if key not in _LOADED:
        _LOADED[key] = _load(knowledge, root)
    return _LOADED[key]


def _load(knowledge: Knowledge, root: Path | None) -> Wording:
    folder = (root or Path(__file__).resolve().parents[1] / "knowledge") / "tables"
    cards = _read(folder / "cards.yaml", CardsFile, "tables/cards.yaml")
    alternatives = _read(folder / "alternatives.yaml", AlternativesFile, "tables/alternatives.yaml")
    assert isinstance(cards, CardsFile) and isinstance(alternatives, AlternativesFile)
    wording = Wording(cards, alternatives)
    _check(wording, knowledge)
    return wording
