"""What the engine returns: the rls block, one finding per factor, work-up and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ekbom.facts import Code, InputWarning
from ekbom.vocab import Basis, Category, Status


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact behind a status, with where it came from and whether it counted."""

    source: str
    code: Code | None
    display: str | None
    date: date | None = None
    value: float | None = None
    comparator: str | None = None
    unit: str | None = None
    value_normalized: float | None = None
    unit_normalized: str | None = None
    counted: bool = True
    ingredient: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Said:
    """A sentence for clinicians and its plain-language twin for patients."""

    clinician: str
    patient: str


@dataclass(frozen=True, slots=True)
class Finding:
    """The status of one factor on the as-of date, with its evidence and what to do next."""

    factor: str
    title: str
    category: Category
    extension: bool
    evidence_grade: str | None
    status: Status
    basis: Basis
    evidence: tuple[Evidence, ...]
    explanation: Said
    recommendation: Said | None
    review_status: str | None


@dataclass(frozen=True, slots=True)
class Mimic:
    """A recorded condition that can look like RLS."""

    mimic: str
    title: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class IrlsScore:
    """The IRLS total of one clinician-entered set of ten item scores, and its band."""

    total: int
    band: str
    title: str
    source: str
    date: date | None


@dataclass(frozen=True, slots=True)
class RlsBlock:
    """What the record says about RLS itself."""

    status: Status
    basis: Basis
    evidence: tuple[Evidence, ...]
    onset_age: int | None
    mimics: tuple[Mimic, ...]
    explanation: Said
    irls: IrlsScore | None = None


@dataclass(frozen=True, slots=True)
class WorkupItem:
    """A test to order, a question to ask or a referral, with why."""

    test: str
    kind: str
    title: str
    reason: Said
    codes: tuple[Code, ...]
    factors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """Everything ekbom says about one person on one as-of date."""

    ekbom_version: str
    knowledge_version: str
    as_of: date
    patient: str | None
    rls: RlsBlock
    findings: tuple[Finding, ...]
    workup: tuple[WorkupItem, ...]
    warnings: tuple[InputWarning, ...]
    notices: tuple[Said, ...] = field(default=())
