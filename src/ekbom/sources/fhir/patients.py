"""Which patient a resource is about, and choosing one patient from a multi-patient input."""

from __future__ import annotations

from ekbom.errors import InputError
from ekbom.sources.fhir.files import Located

SUBJECT_KEYS = ("subject", "patient")


def patient_key(item: Located) -> str | None:
    """The patient id a resource belongs to, or None when it names no patient."""
    res = item.resource
    if res["resourceType"] == "Patient":
        ident = res.get("id")
        return ident if isinstance(ident, str) else item.full_url
    for key in SUBJECT_KEYS:
        ref = res.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            return _id_of(ref["reference"])
    return None


def _id_of(reference: str) -> str:
    """'Patient/123', 'http://x/fhir/Patient/123/_history/2' and 'urn:uuid:123' all give '123'."""
    if reference.startswith("urn:uuid:"):
        return reference.removeprefix("urn:uuid:")
    parts = reference.split("/")
    if "Patient" in parts:
        index = parts.index("Patient")
        if index + 1 < len(parts):
            return parts[index + 1]
    return parts[-1]


def choose_patient(located: list[Located], wanted: str | None) -> frozenset[str] | None:
    """The keys of the patient to keep (its id and fullUrl ids), or None for a patient-less input.

    Raises:
        InputError: several patients and none chosen, or the chosen one is not in the input.
    """
    aliases: dict[str, str] = {}
    for item in located:
        if item.resource["resourceType"] == "Patient" and item.full_url:
            ident = patient_key(item)
            if ident:
                aliases[_id_of(item.full_url)] = ident
    keys = {aliases.get(k, k) for item in located if (k := patient_key(item)) is not None}
    first = located[0].file if located else "input"
    if wanted is not None:
        if wanted not in keys:
            raise InputError(first, f"holds no patient {wanted!r} (it holds {len(keys)} "
                             "patients); check the id given to --patient")
        chosen = wanted
    elif len(keys) > 1:
        raise InputError(first, f"holds {len(keys)} patients; choose one with --patient ID")
    elif not keys:
        return None
    else:
        chosen = next(iter(keys))
    return frozenset({chosen, *(alias for alias, ident in aliases.items() if ident == chosen)})
