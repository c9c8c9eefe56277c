"""Which drug a medication resource names, and in what dose form.

The drug may be a CodeableConcept (`medicationCodeableConcept`), a reference to a contained or
separate Medication (R4 `medicationReference`, R5 `medication.reference`) or an R5
`medication.concept`. A referenced Medication gives its code, its ingredients (kept as extra
codings so the knowledge can resolve combinations) and its dose form (`form`, R5 `doseForm`),
which tells a cream or an eye drop from a tablet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ekbom.facts import Code
from ekbom.sources.fields import Fields, JSONObject

TEXT_SYSTEM = "urn:ekbom:text"
"""The system of the pseudo-codings that carry an ingredient named only in words."""


@dataclass(frozen=True, slots=True)
class Named:
    """The drug of a medication resource: codings, display text and dose-form words."""

    codes: tuple[Code, ...] = ()
    text: str | None = None
    forms: tuple[str, ...] = ()


class MedicationIndex:
    """Medication resources of the input by `Medication/id` and by fullUrl, with their place."""

    def __init__(self) -> None:
        self.by_ref: dict[str, tuple[JSONObject, Fields]] = {}

    def add(self, resource: JSONObject, full_url: str | None, place: Fields) -> None:
        """Remember a Medication resource and where it was found."""
        ident = resource.get("id")
        if isinstance(ident, str) and ident:
            self.by_ref[f"Medication/{ident}"] = (resource, place)
        if full_url:
            self.by_ref[full_url] = (resource, place)


def words(codes: tuple[Code, ...], text: str | None) -> tuple[str, ...]:
    """A concept as the words the knowledge matches: codes, then displays, then its text.

    >>> words((Code("http://snomed.info/sct", "6064005", "Topical route"),), "cream")
    ('6064005', 'Topical route', 'cream')
    """
    out = [c.code for c in codes] + [c.display for c in codes if c.display]
    return (*out, text) if text else tuple(out)


def named(f: Fields, res: JSONObject, index: MedicationIndex) -> Named:
    """The drug a MedicationRequest, -Statement, -Administration or -Dispense names."""
    if res.get("medicationCodeableConcept") is not None:
        return Named(*f.concept(res, "medicationCodeableConcept"))
    key = "medicationReference"
    reference = f.object(res, key)
    r5 = f.object(res, "medication")
    if r5 is not None:
        if r5.get("concept") is not None:
            return Named(*f.concept(r5, "concept", "medication.concept"))
        key = "medication.reference"
        reference = f.object(r5, "reference", key)
    if reference is None:
        return Named()
    target_ref = f.text(reference, "reference", f"{key}.reference")
    display = f.text(reference, "display", f"{key}.display")
    found = _contained(f, res, target_ref) or index.by_ref.get(target_ref or "")
    if found is None:
        return Named(text=display)
    medication, place = found
    return _medication(place, medication, display)


def _contained(f: Fields, res: JSONObject, ref: str | None) -> tuple[JSONObject, Fields] | None:
    if not ref or not ref.startswith("#"):
        return None
    for i, item in enumerate(f.objects(res, "contained")):
        if item.get("id") == ref[1:]:
            return item, Fields(f.file, f"{f.where}.contained[{i}]")
    return None


def _medication(f: Fields, med: JSONObject, display: str | None) -> Named:
    codes, text = f.concept(med, "code")
    extra: list[Code] = []
    for i, ingredient in enumerate(f.objects(med, "ingredient")):
        extra.extend(_ingredient(f, ingredient, f"ingredient[{i}]"))
    form_key = "doseForm" if "doseForm" in med else "form"
    return Named(codes + tuple(extra), text or display, words(*f.concept(med, form_key)))


def _ingredient(f: Fields, ingredient: JSONObject, where: str) -> tuple[Code, ...]:
    item = f.object(ingredient, "item", f"{where}.item")  # R5: a CodeableReference
    if item is not None:
        codes, text = f.concept(item, "concept", f"{where}.item.concept")
    else:
        codes, text = f.concept(ingredient, "itemCodeableConcept", f"{where}.itemCodeableConcept")
    return (*codes, Code(TEXT_SYSTEM, text, text)) if text else codes
