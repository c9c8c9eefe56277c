"""The strict schema of the knowledge files.

Every model forbids unknown keys, so a misspelt key is an error rather than a silently ignored
rule. `ekbom.kb.load` turns validation errors into messages naming the file, the key and the fix.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ekbom.vocab import Basis, Category, EvidenceGrade, Implication, ReviewStatus, Status

FACTOR_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SET_NAME = r"^([a-z0-9-]+:)?[a-z0-9]+(-[a-z0-9]+)*$"
LINK_ID = r"^[a-z0-9]+([.-][a-z0-9]+)*$"


class Strict(BaseModel):
    """Base of every knowledge model: unknown keys are rejected, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    """A source and what it supports."""

    id: Annotated[str, Field(pattern=FACTOR_ID)]
    ref: Annotated[str, Field(pattern=r"^(doi:10\.\S+|https?://\S+|pmid:\d+|isbn:\S+)$")]
    title: str
    supports: Annotated[str, Field(min_length=10)]


class Wording(Strict):
    """One thing said twice: precisely for clinicians, plainly for patients."""

    clinician: Annotated[str, Field(min_length=5)]
    patient: Annotated[str, Field(min_length=5)]


class Rule(Strict):
    """One ordered status rule: when `match` holds, the factor gets `status` with `basis`."""

    status: Status
    basis: Basis
    match: dict[str, Any]
    cite: Annotated[list[str], Field(min_length=1)]
    explain: Wording
    recommend: Wording | None = None
    workup: list[Annotated[str, Field(pattern=FACTOR_ID)]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _basis_fits_status(self) -> Rule:
        from ekbom.vocab import BASIS_STATUS

        if self.status is Status.UNKNOWN:
            raise ValueError("rules give present, possible or absent; unknown is what is left")
        if BASIS_STATUS[self.basis] is not self.status:
            raise ValueError(
                f"basis {self.basis.value!r} belongs to status "
                f"{BASIS_STATUS[self.basis].value!r}, not {self.status.value!r}"
            )
        return self


class WorkupLink(Strict):
    """A work-up test to suggest when the factor ends with one of these statuses."""

    test: Annotated[str, Field(pattern=FACTOR_ID)]
    when: Annotated[list[Status], Field(min_length=1)]


class InputKind(StrEnum):
    """Every code system or input that can express a factor (the coverage test walks them)."""

    ICD10CM = "ICD10CM"
    SNOMED = "SNOMED"
    LOINC = "LOINC"
    RXNORM = "RXNORM"
    ATC = "ATC"
    NOTE_PHRASE = "note_phrase"
    QUESTIONNAIRE = "questionnaire"


class Coverage(Strict):
    """How each input can express the factor, or why it cannot."""

    phrases: list[Annotated[str, Field(min_length=2)]] = Field(default_factory=list)
    questionnaire: list[Annotated[str, Field(pattern=LINK_ID)]] = Field(default_factory=list)
    not_applicable: dict[InputKind, Annotated[str, Field(min_length=10)]] = Field(
        default_factory=dict
    )


class FactorItem(Strict):
    """A factor's item.yaml."""

    id: Annotated[str, Field(pattern=FACTOR_ID)]
    title: str
    review_status: ReviewStatus
    last_reviewed: date
    evidence_grade: EvidenceGrade
    summary: Wording
    citations: Annotated[list[Citation], Field(min_length=1)]
    window_days: Annotated[int, Field(gt=0)]
    window_cite: Annotated[list[str], Field(min_length=1)]
    stale_results: bool = True
    """False for time-bounded states (pregnancy): an old abnormal result then says nothing."""
    rules: list[Rule]
    recommend: dict[Status, Wording] = Field(default_factory=dict)
    unknown: Wording
    workup: list[WorkupLink] = Field(default_factory=list)
    mimics: list[Annotated[str, Field(pattern=FACTOR_ID)]] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    onset_answer: Annotated[str, Field(pattern=LINK_ID)] | None = None
    """The questionnaire item whose answer is the age at onset (rls only): an explicit age."""

    @model_validator(mode="after")
    def _rules_in_order(self) -> FactorItem:
        order = [Status.PRESENT, Status.POSSIBLE, Status.ABSENT]
        ranks = [order.index(rule.status) for rule in self.rules]
        if ranks != sorted(ranks):
            raise ValueError("rules must be ordered present, then possible, then absent")
        known = {citation.id for citation in self.citations}
        cited = [c for rule in self.rules for c in rule.cite] + list(self.window_cite)
        missing = sorted(set(cited) - known)
        if missing:
            raise ValueError(f"cites {missing} but citations lists only {sorted(known)}")
        return self


class RegistryEntry(Strict):
    """One line of factors.yaml: the contract's id, category and seed wording."""

    id: Annotated[str, Field(pattern=FACTOR_ID)]
    category: Category
    extension: bool
    seed_wording: str


class Registry(Strict):
    """factors.yaml: every factor ekbom recognises, in the contract's order."""

    knowledge_version: Annotated[str, Field(pattern=r"^\d{4}\.\d{1,2}\.\d+$")]
    factors: Annotated[list[RegistryEntry], Field(min_length=1)]


class Verified(Strict):
    """Where and when a code was checked."""

    source: str
    date: date


class IngredientRow(Strict):
    """One ingredient of the ingredient table."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+([ -][a-z0-9]+)*$")]
    rxcui: Annotated[str, Field(pattern=r"^\d+$")] | None = None
    atc: list[Annotated[str, Field(pattern=r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")]] = Field(
        default_factory=list
    )
    names: list[str] = Field(default_factory=list)
    salts: list[str] = Field(default_factory=list)
    brands: list[str] = Field(default_factory=list)
    factors: Annotated[dict[str, Implication], Field(min_length=1)]
    persistence_days: Annotated[int, Field(ge=0)] = 0
    withdrawal_days: dict[str, Annotated[int, Field(gt=0)]] = Field(default_factory=dict)
    cite: Annotated[list[str], Field(min_length=1)]
    verified: Verified | Literal[False]
    note: str | None = None


class IngredientTable(Strict):
    """tables/ingredients.yaml."""

    citations: Annotated[list[Citation], Field(min_length=1)]
    ingredients: Annotated[list[IngredientRow], Field(min_length=1)]


class LabTest(Strict):
    """A laboratory test the rules can name, with its canonical unit."""

    title: str
    unit: str
    abnormal: Literal["low", "high"]
    derived: DerivedRatio | None = None


class DerivedRatio(Strict):
    """A test computed from two others drawn the same day (TSAT = iron / TIBC x 100)."""

    numerator: str
    denominator: str
    multiply: float
    cite: Annotated[list[str], Field(min_length=1)]


class LabTable(Strict):
    """tables/labs.yaml."""

    citations: Annotated[list[Citation], Field(min_length=1)]
    tests: Annotated[dict[str, LabTest], Field(min_length=1)]


class RouteTable(Strict):
    """tables/routes.yaml: routes and dose forms that are not systemic exposure."""

    citations: Annotated[list[Citation], Field(min_length=1)]
    non_systemic_route_codes: list[str]
    non_systemic_words: Annotated[list[str], Field(min_length=1)]
    dose_forms: Annotated[list[str], Field(min_length=1)]

    @field_validator("non_systemic_words", "dose_forms")
    @classmethod
    def _lower(cls, words: list[str]) -> list[str]:
        return [word.lower() for word in words]


class WorkupTest(Strict):
    """One work-up item: a lab to order, a question to ask, a referral."""

    kind: Literal["lab", "ask", "refer"]
    title: str
    patient_title: Annotated[str, Field(min_length=3)] | None = None
    """The item in plain words for the person (the self-check page and the PDF); `title` when
    absent."""
    reason: Wording
    codes: list[Annotated[str, Field(pattern=r"^(LOINC|SNOMED|ICD10CM|RXNORM|ATC)#\S+$")]] = Field(
        default_factory=list
    )


class WorkupTable(Strict):
    """tables/workup.yaml."""

    tests: Annotated[dict[str, WorkupTest], Field(min_length=1)]


class WarningCode(Strict):
    """One warning code and what it means."""

    meaning: str


class WarningTable(Strict):
    """tables/warnings.yaml."""

    warnings: Annotated[dict[str, WarningCode], Field(min_length=1)]


class Mimic(Strict):
    """One RLS mimic: a condition that can look like RLS but never counts as RLS."""

    title: str
    why: str


class MimicTable(Strict):
    """tables/mimics.yaml."""

    citations: Annotated[list[Citation], Field(min_length=1)]
    mimics: Annotated[dict[str, Mimic], Field(min_length=1)]


class IrlsBand(Strict):
    """One severity band of the IRLS total: [at_least, at_most], both inclusive."""

    band: Annotated[str, Field(pattern=FACTOR_ID)]
    title: str
    at_least: Annotated[int, Field(ge=0)]
    at_most: Annotated[int, Field(ge=0)]


class IrlsTable(Strict):
    """tables/irls.yaml: the IRLS item links, the score range of one item, and the bands."""

    citations: Annotated[list[Citation], Field(min_length=1)]
    items: Annotated[list[Annotated[str, Field(pattern=LINK_ID)]], Field(min_length=1)]
    item_min: Annotated[int, Field(ge=0)]
    item_max: Annotated[int, Field(ge=1)]
    bands: Annotated[list[IrlsBand], Field(min_length=1)]
    cite: Annotated[list[str], Field(min_length=1)]

    @model_validator(mode="after")
    def _bands_cover_the_range(self) -> IrlsTable:
        low = self.item_min * len(self.items)
        high = self.item_max * len(self.items)
        expected = low
        for band in self.bands:
            if band.at_least != expected or band.at_most < band.at_least:
                raise ValueError(
                    f"band {band.band!r} must start at {expected} and end at or after it: "
                    "bands run in order, without gaps or overlaps"
                )
            expected = band.at_most + 1
        if expected != high + 1:
            raise ValueError(f"the last band must end at {high}, the highest possible total")
        missing = sorted(set(self.cite) - {c.id for c in self.citations})
        if missing:
            raise ValueError(f"cites {missing} but citations does not list them")
        return self


class Messages(Strict):
    """tables/messages.yaml: wording the engine uses for outcomes no rule names."""

    stale: Wording
    no_data: Wording
    unresolved_medication: Wording
    uninterpretable_result: Wording
    decision_support: Wording
    not_validated: Wording


LabTest.model_rebuild()
