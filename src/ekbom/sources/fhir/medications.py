"""Medication resources (Request, Statement, Administration, Dispense) as medication facts.

The medication may be a CodeableConcept, a reference to a contained or separate Medication, or
the R5-style `medication: {concept, reference}`; the ingredients of a referenced Medication are
kept as extra codings so the knowledge can resolve them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ekbom.errors import InputError
from ekbom.facts import Code, MedicationFact
from ekbom.sources.fhir.fields import Fields, JSONObject

ENDED = frozenset({"completed", "stopped", "ended"})
DAY_UNITS = frozenset({"d", "day", "days"})


class MedicationIndex:
    """Medication resources of the input, by reference and by fullUrl."""

    def __init__(self) -> None:
        self.by_ref: dict[str, JSONObject] = {}

    def add(self, resource: JSONObject, full_url: str | None) -> None:
        """Remember a Medication resource."""
        ident = resource.get("id")
        if isinstance(ident, str):
            self.by_ref[f"Medication/{ident}"] = resource
        if full_url:
            self.by_ref[full_url] = resource


def medication_fact(f: Fields, res: JSONObject, kind: str, source: str,
                    index: MedicationIndex) -> MedicationFact:
    """One medication fact from any of the four medication resource types."""
    codes, text = _medication(f, res, index)
    status = f.text(res, "status")
    start, end = _dates(f, res, kind, status)
    return MedicationFact(source=source, kind=kind, codes=codes, text=text, start=start,
                          end=end, status=status, routes=_routes(f, res, kind))


def _medication(f: Fields, res: JSONObject, index: MedicationIndex) -> tuple[tuple[Code, ...], str | None]:
    if "medicationCodeableConcept" in res:
        return f.concept(res, "medicationCodeableConcept")
    reference = f.object(res, "medicationReference")
    r5 = f.object(res, "medication")
    if r5 is not None:
        if "concept" in r5:
            return f.concept(r5, "concept", "medication.concept")
        reference = f.object(r5, "reference", "medication.reference")
    if reference is None:
        return (), None
    target_ref = f.text(reference, "reference", "medicationReference.reference")
    display = f.text(reference, "display", "medicationReference.display")
    target = _contained(f, res, target_ref) or (index.by_ref.get(target_ref) if target_ref else None)
    if target is None:
        return (), display
    return _medication_resource(Fields(f.file, f"{f.where}→{target_ref}"), target, display)


def _contained(f: Fields, res: JSONObject, ref: str | None) -> JSONObject | None:
    if not ref or not ref.startswith("#"):
        return None
    for item in f.objects(res, "contained"):
        if item.get("id") == ref[1:]:
            return item
    return None


def _medication_resource(f: Fields, med: JSONObject, display: str | None) -> tuple[tuple[Code, ...], str | None]:
    codes, text = f.concept(med, "code")
    extra: list[Code] = []
    for i, ingredient in enumerate(f.objects(med, "ingredient")):
        item_codes, item_text = f.concept(ingredient, "itemCodeableConcept",
                                          f"ingredient[{i}].itemCodeableConcept")
        extra.extend(item_codes)
        if item_text:
            extra.append(Code("urn:ekbom:text", item_text, item_text))
    return codes + tuple(extra), text or display


def _dates(f: Fields, res: JSONObject, kind: str, status: str | None) -> tuple[date | None, date | None]:
    if kind == "MedicationRequest":
        start, end = _bounds(f, res)
        start = start or f.day(res, "authoredOn")
    elif kind == "MedicationDispense":
        start = f.day(res, "whenHandedOver") or f.day(res, "whenPrepared")
        end = _supply_end(f, res, start)
    else:
        start, end = f.period(res, "effectivePeriod")
        moment = f.day(res, "effectiveDateTime")
        if moment is not None:
            start, end = moment, moment if kind == "MedicationAdministration" else end
        if kind == "MedicationStatement":
            start = start or f.day(res, "dateAsserted")
    if end is None and start is not None and status in ENDED:
        end = start
    return start, end


def _bounds(f: Fields, res: JSONObject) -> tuple[date | None, date | None]:
    for i, dosage in enumerate(f.objects(res, "dosageInstruction")):
        timing = f.object(dosage, "timing", f"dosageInstruction[{i}].timing") or {}
        repeat = f.object(timing, "repeat", f"dosageInstruction[{i}].timing.repeat") or {}
        where = Fields(f.file, f"{f.where}.dosageInstruction[{i}].timing.repeat")
        start, end = where.period(repeat, "boundsPeriod")
        if start or end:
            return start, end
    return None, None


def _supply_end(f: Fields, res: JSONObject, start: date | None) -> date | None:
    supply = f.object(res, "daysSupply")
    if supply is None or start is None:
        return None
    days = f.number(supply, "value", "daysSupply.value")
    unit = f.text(supply, "code", "daysSupply.code") or f.text(supply, "unit", "daysSupply.unit")
    if days is None or unit not in DAY_UNITS or days < 1:
        return None
    return start + timedelta(days=int(days) - 1)


def _routes(f: Fields, res: JSONObject, kind: str) -> tuple[str, ...]:
    key = {"MedicationStatement": "dosage", "MedicationAdministration": "dosage"}.get(
        kind, "dosageInstruction")
    raw: Any = res.get(key)
    dosages = [raw] if isinstance(raw, dict) else f.objects(res, key)
    out: list[str] = []
    for i, dosage in enumerate(dosages):
        if not isinstance(dosage, dict):
            raise InputError(f.file, "expected an object", f"{f.where}.{key}[{i}]")
        codes, text = f.concept(dosage, "route", f"{key}[{i}].route")
        out.extend(c.code for c in codes)
        out.extend(c.display for c in codes if c.display)
        if text:
            out.append(text)
    return tuple(out)
