"""Patient, Condition, Observation, Procedure, FamilyMemberHistory and List as facts."""

from __future__ import annotations

from datetime import date

from ekbom.errors import InputError
from ekbom.facts import (
    Code,
    ConditionFact,
    FamilyHistoryFact,
    MedicationListFact,
    ObservationFact,
    PatientFact,
    ProcedureFact,
)
from ekbom.sources.fields import Fields, JSONObject
from ekbom.vocab import System

COMPARATORS = frozenset({"<", "<=", ">=", ">"})
YEAR_UNITS = frozenset({"a", "yr", "year", "years"})
# Codes that mark a List as a medication list (FHIR list-example-use-codes, LOINC).
MEDICATION_LIST_CODES = frozenset({"medications", "10160-0", "52471-0", "29549-3"})
MEDICATION_TYPES = (
    "Medication",
    "MedicationRequest",
    "MedicationStatement",
    "MedicationAdministration",
    "MedicationDispense",
)


def patient_fact(f: Fields, res: JSONObject, source: str) -> PatientFact:
    """The Patient resource: id, birth date, sex, date of death."""
    return PatientFact(
        source=source,
        id=f.text(res, "id") or source,
        birth_date=f.day(res, "birthDate"),
        sex=f.text(res, "gender"),
        deceased_date=f.day(res, "deceasedDateTime"),
    )


def condition_fact(f: Fields, res: JSONObject, source: str) -> ConditionFact:
    """A Condition with its statuses, onset and abatement."""
    codes, text = f.concept(res, "code")
    onset, _ = f.period(res, "onsetPeriod")
    onset = f.day(res, "onsetDateTime") or onset
    abated_start, abated_end = f.period(res, "abatementPeriod")
    abatement = f.day(res, "abatementDateTime", end=True) or abated_end or abated_start
    return ConditionFact(
        source=source,
        codes=codes,
        text=text,
        onset=onset,
        abatement=abatement,
        recorded=f.day(res, "recordedDate"),
        clinical_status=f.status_code(res, "clinicalStatus"),
        verification=f.status_code(res, "verificationStatus"),
        onset_age=_age_years(f, res),
        abated=_abated(f, res),
    )


def _abated(f: Fields, res: JSONObject) -> bool:
    """Whether an abatement without a date (an age, a range, words or `true`) is recorded."""
    flag = res.get("abatementBoolean")
    if flag is not None and not isinstance(flag, bool):
        raise f.fail("abatementBoolean", "true or false", flag)
    undated = (
        f.object(res, "abatementAge"),
        f.object(res, "abatementRange"),
        f.text(res, "abatementString"),
    )
    return bool(flag) or any(value is not None for value in undated)


def _age_years(f: Fields, res: JSONObject) -> int | None:
    age = f.object(res, "onsetAge")
    if age is None:
        return None
    value = f.number(age, "value", "onsetAge.value")
    unit = f.text(age, "code", "onsetAge.code") or f.text(age, "unit", "onsetAge.unit")
    if value is None or unit not in YEAR_UNITS:
        return None
    if not 0 <= value <= date.max.year:  # an age no calendar can hold is malformed
        raise InputError(
            f.file,
            f"expected an age from 0 to {date.max.year} years",
            f"{f.where}.onsetAge.value",
        )
    return int(value)


def observation_facts(f: Fields, res: JSONObject, source: str) -> list[ObservationFact]:
    """An Observation, and one more fact per component (blood pressure style)."""
    codes, _ = f.concept(res, "code")
    start, _ = f.period(res, "effectivePeriod")
    day = (
        f.day(res, "effectiveDateTime")
        or start
        or f.day(res, "effectiveInstant")
        or f.day(res, "issued")
    )
    status = f.text(res, "status")
    facts = [_valued(f, res, source, codes, day=day, status=status)]
    for i, component in enumerate(f.objects(res, "component")):
        sub = Fields(f.file, f"{f.where}.component[{i}]")
        sub_codes, _ = sub.concept(component, "code")
        facts.append(
            _valued(sub, component, f"{source}#component[{i}]", sub_codes, day=day, status=status)
        )
    return facts


def _valued(
    f: Fields,
    obj: JSONObject,
    source: str,
    codes: tuple[Code, ...],
    *,
    day: date | None,
    status: str | None,
) -> ObservationFact:
    quantity = f.object(obj, "valueQuantity")
    value = comparator = unit = None
    if quantity is not None:
        value = f.number(quantity, "value", "valueQuantity.value")
        comparator = f.text(quantity, "comparator", "valueQuantity.comparator")
        if comparator is not None and comparator not in COMPARATORS:
            raise InputError(
                f.file,
                "expected one of <, <=, >=, >",
                f"{f.where}.valueQuantity.comparator",
            )
        system = f.text(quantity, "system", "valueQuantity.system")
        code = f.text(quantity, "code", "valueQuantity.code")
        unit = code if code and system in (None, System.UCUM) else None
        unit = unit or f.text(quantity, "unit", "valueQuantity.unit")
    elif (whole := obj.get("valueInteger")) is not None:
        if isinstance(whole, bool) or not isinstance(whole, int):
            raise f.fail("valueInteger", "an integer", whole)
        value = float(whole)  # a count or a score: no unit (the knowledge says what it means)
    value_codes, _ = f.concept(obj, "valueCodeableConcept")
    return ObservationFact(
        source=source,
        codes=codes,
        date=day,
        value=value,
        comparator=comparator,
        unit=unit,
        value_codes=value_codes,
        status=status,
    )


def procedure_fact(f: Fields, res: JSONObject, source: str) -> ProcedureFact:
    """A Procedure and the day it was done."""
    codes, _ = f.concept(res, "code")
    start, _ = f.period(res, "performedPeriod")
    return ProcedureFact(
        source=source,
        codes=codes,
        date=f.day(res, "performedDateTime") or start,
        status=f.text(res, "status"),
    )


def family_fact(f: Fields, res: JSONObject, source: str) -> FamilyHistoryFact:
    """A FamilyMemberHistory: who, which conditions, and when it was recorded."""
    relationship, _ = f.concept(res, "relationship")
    conditions = tuple(
        f.concept(item, "code", f"condition[{i}].code")[0]
        for i, item in enumerate(f.objects(res, "condition"))
    )
    return FamilyHistoryFact(
        source=source,
        relationship=relationship,
        conditions=conditions,
        status=f.text(res, "status"),
        date=f.day(res, "date"),
    )


def medication_list_fact(f: Fields, res: JSONObject, source: str) -> MedicationListFact | None:
    """A List that reviews medications (even an empty one); None for other lists."""
    codes, _ = f.concept(res, "code")
    entries = f.objects(res, "entry")
    if f.text(res, "status") == "entered-in-error":
        return None
    refs = [
        f.text(
            f.object(e, "item", f"entry[{i}].item") or {}, "reference", f"entry[{i}].item.reference"
        )
        or ""
        for i, e in enumerate(entries)
    ]
    is_medication = any(c.code in MEDICATION_LIST_CODES for c in codes) or (
        bool(refs)
        and all(r.split("/")[0].startswith(MEDICATION_TYPES) or r.startswith("#") for r in refs)
    )
    if not is_medication:
        return None
    return MedicationListFact(source=source, date=f.day(res, "date"), entries=len(entries))
