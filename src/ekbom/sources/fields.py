"""Typed access to FHIR JSON: each getter names the file and field when the type is wrong.

Shared by the FHIR reader (`ekbom.sources.fhir`) and the questionnaire reader
(`ekbom.sources.questionnaire`); it lives outside both packages so that neither import order
makes a cycle.
"""

from __future__ import annotations

import math
import reprlib
from datetime import date
from typing import Any

from ekbom.dates import parse_fhir_date
from ekbom.errors import InputError
from ekbom.facts import Code

JSONObject = dict[str, Any]
Concept = tuple[tuple[Code, ...], str | None]
"""A CodeableConcept as its codings and its text."""
JSON_KINDS = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "number",
    float: "number",
}


def json_kind(value: Any) -> str:
    """The JSON name of a parsed value's type, as error messages say it.

    >>> json_kind([1]), json_kind(None), json_kind(True)
    ('array', 'null', 'boolean')
    """
    return "null" if value is None else JSON_KINDS.get(type(value), type(value).__name__)


def shown(text: str) -> str:
    """A value quoted for an error message, cut short (`reprlib`) so the line stays short.

    >>> shown("2024-05-17"), shown("x" * 80) == repr("x" * 80)
    ("'2024-05-17'", False)
    """
    return reprlib.repr(text)


class Fields:
    """Reads fields of one resource; `where` is the resource's place in its file."""

    __slots__ = ("file", "where")

    def __init__(self, file: str, where: str) -> None:
        self.file = file
        self.where = where

    def fail(self, field: str, expected: str, got: Any) -> InputError:
        """An error naming the file, the field, what was expected and what was found."""
        return InputError(
            self.file, f"expected {expected}, got {json_kind(got)}", f"{self.where}.{field}"
        )

    def text(self, obj: JSONObject, key: str, field: str = "") -> str | None:
        """An optional string."""
        value = obj.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self.fail(field or key, "a string", value)

    def object(self, obj: JSONObject, key: str, field: str = "") -> JSONObject | None:
        """An optional JSON object."""
        value = obj.get(key)
        if value is None or isinstance(value, dict):
            return value
        raise self.fail(field or key, "an object", value)

    def array(self, obj: JSONObject, key: str, field: str = "") -> list[Any]:
        """An optional array (empty when absent)."""
        value = obj.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        raise self.fail(field or key, "an array", value)

    def objects(self, obj: JSONObject, key: str, field: str = "") -> list[JSONObject]:
        """An optional array of objects."""
        items = self.array(obj, key, field)
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(f"{field or key}[{index}]", "an object", item)
        return items

    def number(self, obj: JSONObject, key: str, field: str = "") -> float | None:
        """An optional finite JSON number."""
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field or key, "a number", value)
        number = float(value)
        if not math.isfinite(number):
            raise self.fail(field or key, "a finite number", value)
        return number

    def day(self, obj: JSONObject, key: str, field: str = "", end: bool = False) -> date | None:
        """An optional FHIR date or dateTime as a local day (its last day when `end`)."""
        value = self.text(obj, key, field)
        if value is None:
            return None
        try:
            if not value.isascii():  # `parse_fhir_date` would take other scripts' digits
                raise ValueError(value)
            first, last = parse_fhir_date(value)
        except ValueError:
            raise InputError(
                self.file,
                "expected a FHIR date or dateTime such as 2024-05-17 or "
                "2024-05-17T08:30:00+02:00; the value is not one (it is not repeated here: "
                "dates are patient data)",
                f"{self.where}.{field or key}",
            ) from None
        return last if end else first

    def period(self, obj: JSONObject, key: str) -> tuple[date | None, date | None]:
        """A Period's start and end days."""
        period = self.object(obj, key)
        if period is None:
            return None, None
        return (
            self.day(period, "start", f"{key}.start"),
            self.day(period, "end", f"{key}.end", end=True),
        )

    def concept(self, obj: JSONObject, key: str, field: str = "") -> Concept:
        """A CodeableConcept's codings and text."""
        concept = obj.get(key)
        if concept is None:
            return (), None
        name = field or key
        if type(concept) is not dict:
            raise self.fail(name, "an object", concept)
        text = concept.get("text")
        if text is not None and type(text) is not str:
            raise self.fail(f"{name}.text", "a string", text)
        return self.codings(concept, name), text

    def codings(self, concept: JSONObject, field: str) -> tuple[Code, ...]:
        """The codings of a CodeableConcept; a coding without system or code is skipped."""
        raw = concept.get("coding")
        if raw is None:
            return ()
        if type(raw) is not list:
            raise self.fail(f"{field}.coding", "an array", raw)
        out = []
        for index, coding in enumerate(raw):
            if type(coding) is not dict:
                raise self.fail(f"{field}.coding[{index}]", "an object", coding)
            system = coding.get("system")
            code = coding.get("code")
            display = coding.get("display")
            if (
                (system is not None and type(system) is not str)
                or (code is not None and type(code) is not str)
                or (display is not None and type(display) is not str)
            ):
                for part in ("system", "code", "display"):
                    self.text(coding, part, f"{field}.coding[{index}].{part}")
            if system and code:
                out.append(Code(system, code, display))
        return tuple(out)

    def status_code(self, obj: JSONObject, key: str) -> str | None:
        """The first code of a status CodeableConcept (clinicalStatus, verificationStatus).

        The code system is implied by the element, so a coding without a system still counts.
        """
        concept = self.object(obj, key)
        if concept is None:
            return None
        for index, coding in enumerate(self.objects(concept, "coding", f"{key}.coding")):
            code = self.text(coding, "code", f"{key}.coding[{index}].code")
            if code:
                return code
        return None
