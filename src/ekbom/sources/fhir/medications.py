"""Medication resources (Request, Statement, Administration, Dispense) as medication facts:
their dates and routes. Which drug they name is `medication_names`' job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ekbom.errors import InputError
from ekbom.facts import MedicationFact
from ekbom.sources.fhir.medication_names import MedicationIndex, named, words
from ekbom.sources.fields import Fields, JSONObject

ENDED = frozenset({"completed", "stopped", "ended"})
IN_PROGRESS = "in-progress"
DAY_UNITS = frozenset({"d", "day", "days"})


def medication_fact(
    f: Fields, res: JSONObject, kind: str, source: str, index: MedicationIndex
) -> MedicationFact:
    """One medication fact from any of the four medication resource types.

    `routes` holds the dosage routes and the dose form of a referenced Medication, so that a
    cream or an eye drop can be told from a systemic form.
    """
    drug = named(f, res, index)
    status = f.text(res, "status")
    span = _dates(f, res, kind, status)
    return MedicationFact(
        source=source,
        kind=kind,
        codes=drug.codes,
        text=drug.text,
        start=span.start,
        end=span.end,
        status=status,
        routes=_routes(f, res, kind) + drug.forms,
        duration_known=span.known,
    )


@dataclass(frozen=True, slots=True)
class _Span:
    start: date | None
    end: date | None
    known: bool


def _dates(f: Fields, res: JSONObject, kind: str, status: str | None) -> _Span:
    """When the exposure began and ended, and whether the record tells how long it lasted.

    Only an order or a statement that was completed or stopped says that use ended: without an
    end date it ends on its start. A dispense lasts its days of supply; without one it shows use
    on the day it was handed over, and nothing about how long. An administration shows a dose
    was given (on its day, or over its period), never how long the therapy lasts.
    """
    if kind == "MedicationDispense":
        start = f.day(res, "whenHandedOver") or f.day(res, "whenPrepared")
        end = _supply_end(f, res, start)
        return _Span(start, end or start, known=end is not None)
    if kind == "MedicationRequest":
        start, end = _bounds(f, res)
        start = start or f.day(res, "authoredOn")
    else:
        start, end = f.period(res, "effectivePeriod")
        moment = f.day(res, "effectiveDateTime")
        if kind == "MedicationAdministration":
            if moment is not None:
                start, end = moment, moment
            elif end is None and status != IN_PROGRESS:
                end = start  # given over a period whose end was not written: its start day
            return _Span(start, end, known=False)
        start = moment or start or f.day(res, "dateAsserted")
    if end is None and start is not None and status in ENDED:
        end = start
    return _Span(start, end, known=True)


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
    if days > (date.max - start).days:
        raise InputError(
            f.file,
            f"expected a supply in days that ends by {date.max}",
            f"{f.where}.daysSupply.value",
        )
    return start + timedelta(days=int(days) - 1)


def _routes(f: Fields, res: JSONObject, kind: str) -> tuple[str, ...]:
    key = "dosageInstruction" if kind in ("MedicationRequest", "MedicationDispense") else "dosage"
    raw: Any = res.get(key)
    if isinstance(raw, dict):  # MedicationAdministration.dosage is one object
        return words(*f.concept(raw, "route", f"{key}.route"))
    out: list[str] = []
    for i, dosage in enumerate(f.objects(res, key)):
        out.extend(words(*f.concept(dosage, "route", f"{key}[{i}].route")))
    return tuple(out)
