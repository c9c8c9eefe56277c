"""The one internal patient model that every input becomes.

FHIR, OMOP, notes and questionnaires each have an adapter in `ekbom.sources` that produces a
`Facts`; the engine reads nothing else. Facts are plain, immutable records: they say what the
record holds, never what it means for RLS (that is the knowledge's job).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Code:
    """One coding: a code system URI, a code and the display the record gave it."""

    system: str
    code: str
    display: str | None = None


@dataclass(frozen=True, slots=True)
class PatientFact:
    """Who the record is about."""

    source: str
    id: str
    birth_date: date | None = None
    sex: str | None = None
    deceased_date: date | None = None


@dataclass(frozen=True, slots=True)
class ConditionFact:
    """A diagnosis or problem. Dates are local dates; None where the record has none."""

    source: str
    codes: tuple[Code, ...]
    text: str | None = None
    onset: date | None = None
    abatement: date | None = None
    recorded: date | None = None
    clinical_status: str | None = None
    verification: str | None = None
    onset_age: int | None = None
    abated: bool = False


@dataclass(frozen=True, slots=True)
class ObservationFact:
    """A laboratory result or other observation, with its value as written.

    `comparator` is one of "<", "<=", ">=", ">" or None; `value_codes` holds a coded value.
    """

    source: str
    codes: tuple[Code, ...]
    date: date | None
    value: float | None = None
    comparator: str | None = None
    unit: str | None = None
    value_codes: tuple[Code, ...] = ()
    status: str | None = None


NOTE_KIND = "note"
"""`MedicationFact.kind` of a drug named in a clinical note (it never covers a medication
window, and never keeps a medication list from doing so)."""


@dataclass(frozen=True, slots=True)
class MedicationFact:
    """A medication order, statement, administration or dispense.

    `end` is None for an open-ended (ongoing) exposure. `start` is None when undated.
    `routes` holds the route codings and text; `text` the medication's display text.
    """

    source: str
    kind: str
    codes: tuple[Code, ...]
    text: str | None
    start: date | None
    end: date | None
    status: str | None = None
    routes: tuple[str, ...] = ()
    duration_known: bool = True
    """False when the record cannot tell how long the exposure lasted (a dispense without days
    of supply, an administration): such an event shows use on its day, but it neither proves
    that use stopped nor lets a medication factor be called absent."""


@dataclass(frozen=True, slots=True)
class ProcedureFact:
    """A procedure that was done (dialysis, surgery ...)."""

    source: str
    codes: tuple[Code, ...]
    date: date | None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class FamilyHistoryFact:
    """A relative's condition: the relationship codes and the condition codes."""

    source: str
    relationship: tuple[Code, ...]
    conditions: tuple[tuple[Code, ...], ...]
    status: str | None = None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class MedicationListFact:
    """A medication list (possibly empty): evidence that medications were reviewed."""

    source: str
    date: date | None
    entries: int


@dataclass(frozen=True, slots=True)
class AnswerFact:
    """One answered item of ekbom's questionnaire.

    `values` holds the answer codes (yes, no, overactive ...), the text of free-text answers
    and dates as ISO text; `number` an integer or decimal answer; `author` is "patient" or
    "clinician" (who filled in the response); `text` is the item's question text as sent.
    A coded answer's code is in `values` and its coding in `codes`.
    """

    source: str
    item: str
    values: tuple[str, ...]
    number: float | None
    date: date | None
    author: str
    text: str | None = None
    codes: tuple[Code, ...] = ()
    """The codings the answers carried (ekbom answer codes, relatives' role codes ...)."""


@dataclass(frozen=True, slots=True)
class MentionFact:
    """Something a clinical note mentions, with how it was mentioned.

    `source` is `note:FILE#char=START-END` (or `DocumentReference/ID#char=START-END`); `label`
    is what note analysis found (a factor id, `rls`, `rls:<mimic>`, `drug:<ingredient>`,
    `lab:<test>`); `date` is the note's date. The flags are the ConText modifiers; `drug_event`
    is `start` or `stop` when the sentence says so. `relatives` holds the relationship codings
    named in the sentence of a family mention. The note text itself is never kept.
    """

    source: str
    label: str
    date: date | None
    negated: bool = False
    family: bool = False
    historical: bool = False
    hypothetical: bool = False
    uncertain: bool = False
    drug_event: str | None = None
    section: str | None = None
    relatives: tuple[Code, ...] = ()


@dataclass(frozen=True, slots=True)
class InputWarning:
    """Something the reader noticed that the person reading the result should know.

    The message never contains patient data beyond resource references.
    """

    code: str
    message: str
    file: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Facts:
    """Everything ekbom knows about one person, from all inputs together."""

    patient: PatientFact | None = None
    conditions: list[ConditionFact] = field(default_factory=list)
    observations: list[ObservationFact] = field(default_factory=list)
    medications: list[MedicationFact] = field(default_factory=list)
    procedures: list[ProcedureFact] = field(default_factory=list)
    family_history: list[FamilyHistoryFact] = field(default_factory=list)
    medication_lists: list[MedicationListFact] = field(default_factory=list)
    answers: list[AnswerFact] = field(default_factory=list)
    mentions: list[MentionFact] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    origins: dict[str, str] = field(default_factory=dict)
    """The input file each fact's source came from, so warnings can name it."""

    def extend(self, other: Facts) -> None:
        """Add another input's facts for the same person."""
        if other.patient is not None:
            self.patient = self.patient or other.patient
        self.conditions += other.conditions
        self.observations += other.observations
        self.medications += other.medications
        self.procedures += other.procedures
        self.family_history += other.family_history
        self.medication_lists += other.medication_lists
        self.answers += other.answers
        self.mentions += other.mentions
        self.warnings += other.warnings
        self.skipped.update(other.skipped)
        self.origins.update(other.origins)
