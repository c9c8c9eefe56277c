"""Closed vocabularies shared by every part of ekbom.

They are enums, never free strings, so a typo fails loudly. Their values are the words of
`../shared/CONTRACT.md` and must not be renamed without a major version.
"""

from enum import StrEnum


class Status(StrEnum):
    """What ekbom says of a factor (or of RLS itself)."""

    PRESENT = "present"
    POSSIBLE = "possible"
    ABSENT = "absent"
    UNKNOWN = "unknown"


class Basis(StrEnum):
    """Why a status was given. Each basis belongs to exactly one status (see BASIS_STATUS)."""

    CODED_DIAGNOSIS = "coded-diagnosis"
    ABNORMAL_RESULT = "abnormal-result"
    ACTIVE_EXPOSURE = "active-exposure"
    RECENT_STOP = "recent-stop"
    PATIENT_REPORT = "patient-report"
    NOTE_MENTION = "note-mention"
    BORDERLINE_RESULT = "borderline-result"
    INDIRECT = "indirect"
    UNCERTAIN_MENTION = "uncertain-mention"
    STALE_RESULT = "stale-result"
    LOW_IMPLICATION_EXPOSURE = "low-implication-exposure"
    NORMAL_RESULT = "normal-result"
    DENIED = "denied"
    NOT_RECORDED = "not-recorded"
    NO_DATA = "no-data"
    UNRESOLVED_MEDICATION = "unresolved-medication"
    UNINTERPRETABLE_RESULT = "uninterpretable-result"


BASIS_STATUS: dict[Basis, Status] = {
    Basis.CODED_DIAGNOSIS: Status.PRESENT,
    Basis.ABNORMAL_RESULT: Status.PRESENT,
    Basis.ACTIVE_EXPOSURE: Status.PRESENT,
    Basis.RECENT_STOP: Status.PRESENT,
    Basis.PATIENT_REPORT: Status.PRESENT,
    Basis.NOTE_MENTION: Status.PRESENT,
    Basis.BORDERLINE_RESULT: Status.POSSIBLE,
    Basis.INDIRECT: Status.POSSIBLE,
    Basis.UNCERTAIN_MENTION: Status.POSSIBLE,
    Basis.STALE_RESULT: Status.POSSIBLE,
    Basis.LOW_IMPLICATION_EXPOSURE: Status.POSSIBLE,
    Basis.NORMAL_RESULT: Status.ABSENT,
    Basis.DENIED: Status.ABSENT,
    Basis.NOT_RECORDED: Status.ABSENT,
    Basis.NO_DATA: Status.UNKNOWN,
    Basis.UNRESOLVED_MEDICATION: Status.UNKNOWN,
    Basis.UNINTERPRETABLE_RESULT: Status.UNKNOWN,
}


class Category(StrEnum):
    """The closed list of factor categories."""

    CONDITION = "condition"
    LIFESTYLE = "lifestyle"
    MEDICATION = "medication"
    WITHDRAWAL = "withdrawal"
    RISK_FACTOR = "risk-factor"


CATEGORY_TITLE: dict[Category, str] = {
    Category.CONDITION: "Conditions",
    Category.LIFESTYLE: "Lifestyle",
    Category.MEDICATION: "Medications",
    Category.WITHDRAWAL: "Withdrawal",
    Category.RISK_FACTOR: "Risk factors",
}
"""How reports head each category's group of findings."""


class Implication(StrEnum):
    """How strongly an ingredient is implicated in a factor (the ingredient table's grade)."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VARIABLE = "variable"
    EXCEPTION = "exception"
    UNKNOWN = "unknown"
    """Recognised, but its effect on RLS is not known: it never counts and never blocks."""


class EvidenceGrade(StrEnum):
    """Strength of the published evidence linking a factor to RLS."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class ReviewStatus(StrEnum):
    """Whether a clinician has reviewed a knowledge item."""

    DRAFT = "draft"
    REVIEWED = "reviewed"


class System(StrEnum):
    """Code system URIs ekbom reads (FHIR canonical URIs)."""

    SNOMED = "http://snomed.info/sct"
    ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
    LOINC = "http://loinc.org"
    RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
    ATC = "http://www.whocc.no/atc"
    UCUM = "http://unitsofmeasure.org"
    ROLECODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"


SHORT_SYSTEMS: dict[str, System] = {
    "SNOMED": System.SNOMED,
    "ICD10CM": System.ICD10CM,
    "LOINC": System.LOINC,
    "RXNORM": System.RXNORM,
    "ATC": System.ATC,
    "ROLECODE": System.ROLECODE,
}
