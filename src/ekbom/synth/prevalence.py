"""The strict model of `knowledge/tables/prevalence.yaml`: what `ekbom synth` draws, and how often.

Every share is either cited or says in its note that it is a synthetic-only choice. Unknown keys
are rejected, as everywhere in the knowledge (`ekbom.kb.schema.Strict`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from ekbom.kb.schema import FACTOR_ID, Citation, Strict

Share = Annotated[float, Field(ge=0, le=1)]


class Value(Strict):
    """A share with its sources, or a note saying it is a synthetic-only choice."""

    value: Share
    cite: list[Annotated[str, Field(pattern=FACTOR_ID)]] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Value:
        if not self.cite and not self.note:
            raise ValueError("give `cite` (a citation id) or a `note` saying it is synthetic-only")
        return self


class Span(Strict):
    """A range of whole numbers or values, inclusive, with its note."""

    low: float
    high: float
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


class Text(Strict):
    """A fixed text the generator writes, with why it was chosen."""

    text: Annotated[str, Field(min_length=1)]
    note: str


class Rls(Strict):
    """The chance of an RLS diagnosis: a base rate, or the highest rate among a person's factors."""

    base: Value
    given_factor: dict[Annotated[str, Field(pattern=FACTOR_ID)], Value]


class Factors(Strict):
    """How often a person is given facts from each factor's pool, and how many at most."""

    default: Value
    facts_max: Annotated[int, Field(ge=1)]
    share: dict[Annotated[str, Field(pattern=FACTOR_ID)], Value] = Field(default_factory=dict)


class Edges(Strict):
    """Persons on the edges of the rules."""

    share: Value
    facts_max: Annotated[int, Field(ge=1)]
    unknown_unit: Text
    unresolved_medication: Text


class Population(Strict):
    """Who the persons are."""

    female: Value
    sex_missing: Value
    year_only_birth: Value
    age_years: Span
    empty_record: Value
    died_before: Value
    died_after: Value
    observed_days: Span
    followed_days: Span


class Timing(Strict):
    """When facts happen, in days before the generation date."""

    condition_onset: Span
    condition_abated: Value
    lab: Span
    drug_start: Span
    drug_length: Span
    drug_statement: Value
    lab_other_unit: Value


class Measurement(Strict):
    """An unrelated LOINC measurement with its unit and plausible range."""

    code: str
    display: str
    unit: str
    low: float
    high: float


class Coded(Strict):
    """An unrelated SNOMED CT condition or procedure."""

    code: str
    display: str


class Drug(Strict):
    """An unrelated clinical drug (its RxNorm code) and the RxNorm ingredient it contains."""

    code: str
    display: str
    ingredient: str
    ingredient_name: str


class Density(Strict):
    """Unrelated rows per person, by kind."""

    measurement: Annotated[int, Field(ge=0)]
    condition: Annotated[int, Field(ge=0)]
    drug: Annotated[int, Field(ge=0)]
    procedure: Annotated[int, Field(ge=0)]


class Background(Strict):
    """Unrelated facts that give a record realistic bulk."""

    per_person: dict[str, Density]
    measurements: Annotated[list[Measurement], Field(min_length=1)]
    conditions: Annotated[list[Coded], Field(min_length=1)]
    procedures: Annotated[list[Coded], Field(min_length=1)]
    drugs: Annotated[list[Drug], Field(min_length=1)]


class Prevalence(Strict):
    """The whole file."""

    review_status: str
    last_reviewed: date
    citations: list[Citation]
    rls: Rls
    factors: Factors
    edges: Edges
    population: Population
    timing: Timing
    labs: dict[str, Span]
    background: Background

    @model_validator(mode="after")
    def _cited(self) -> Prevalence:
        known = {c.id for c in self.citations}
        values = [self.rls.base, *self.rls.given_factor.values()]
        for value in values:
            missing = set(value.cite) - known
            if missing:
                raise ValueError(f"cite names {sorted(missing)}, not listed in citations")
        return self


def prevalence_path(root: Path | None = None) -> Path:
    """Where the prevalence file lives in a knowledge folder."""
    from ekbom.kb.load import default_path

    return (root or default_path()) / "tables" / "prevalence.yaml"


def load_prevalence(root: Path | None = None) -> Prevalence:
    """Read and validate the prevalence file of a knowledge folder (default: the bundled one).

    Raises:
        KnowledgeError: the file is missing or does not fit the model (file, key and fix named).
    """
    from ekbom.kb.load import _model, default_path

    return _model(root or default_path(), "tables/prevalence.yaml", Prevalence)
