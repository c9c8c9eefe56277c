"""Which patient a resource is about, and choosing one patient from a multi-patient input."""

from __future__ import annotations

from dataclasses import dataclass

from ekbom.errors import InputError
from ekbom.sources.fhir.files import Located

SUBJECT_KEYS = ("subject", "patient")


def patient_key(item: Located) -> str | None:
    """The patient id a resource belongs to, or None when it names no patient.

    A Patient always has a key: its id, else the id of its fullUrl, else its place in its file,
    so that a Patient without either is still a patient of its own, never mixed with another.
    """
    res = item.resource
    if res["resourceType"] == "Patient":
        ident = res.get("id")
        if isinstance(ident, str) and ident:
            return ident
        alias = _id_of(item.full_url) if item.full_url else None
        return alias or f"{item.file}#{item.where}"
    for key in SUBJECT_KEYS:
        ref = res.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            return _id_of(ref["reference"])
    return None


def _id_of(reference: str) -> str | None:
    """The patient id of a reference; None when it points at something else.

    >>> [_id_of(r) for r in ("Patient/1", "http://x/fhir/Patient/2/_history/3", "urn:uuid:4")]
    ['1', '2', '4']
    >>> _id_of("Group/5") is None, _id_of("#contained") is None
    (True, True)

    A conditional reference ("Patient?identifier=...") cannot be matched to an id, so it stands
    for a patient of its own: it is never mixed into another patient's record.
    """
    if reference.startswith("urn:uuid:"):
        return reference.removeprefix("urn:uuid:") or None
    if reference.startswith("#"):
        return None  # a contained resource
    if reference.startswith("Patient?"):
        return reference
    parts = reference.split("/")
    if "Patient" in parts:
        index = parts.index("Patient")
        return parts[index + 1] or None if index + 1 < len(parts) else None
    if len(parts) == 1:
        return reference or None  # a bare id
    return None  # Group/1, Device/2, Location/3 ...


@dataclass(frozen=True, slots=True)
class Choice:
    """The patient to keep and whether the input holds others.

    `keys` holds the chosen patient's id and fullUrl ids, or is None for a patient-less input.
    When `several` is true a resource that names no patient cannot be told to be the chosen
    patient's, so it is left out.
    """

    keys: frozenset[str] | None
    several: bool


def choose_patient(
    located: list[Located], keys_of: list[str | None], wanted: str | None, name: str
) -> Choice:
    """The patient to keep (its id and fullUrl ids), and whether the input holds others.

    `keys_of` holds each resource's patient key (`patient_key`), computed once by the caller;
    `name` is the file that errors name when no resource points at one.

    Raises:
        InputError: several patients and none chosen, or the chosen one is not in the input.
    """
    aliases: dict[str, str] = {}
    for item, ident in zip(located, keys_of, strict=True):
        if item.full_url and item.resource["resourceType"] == "Patient":
            alias = _id_of(item.full_url)
            if ident and alias:
                aliases[alias] = ident
    keys = {aliases.get(k, k) for k in keys_of if k is not None}
    first = located[0].file if located else name
    if wanted is not None:
        if wanted not in keys:
            held = f"it holds {_listed(keys)}" if keys else "it names none"
            raise InputError(first, f"holds no patient with the id given to --patient ({held})")
        chosen = wanted
    elif len(keys) > 1:
        raise InputError(first, f"holds {_listed(keys)}; choose one with --patient ID")
    elif not keys:
        return Choice(None, several=False)
    else:
        chosen = next(iter(keys))
    aliased = (alias for alias, ident in aliases.items() if ident == chosen)
    return Choice(frozenset({chosen, *aliased}), several=len(keys) > 1)


def _listed(keys: set[str]) -> str:
    """How many patients, for an error message. Ids are patient data: they are never printed,
    since error lines can end up in logs.

    >>> _listed({"b", "a"}), _listed({"a"})
    ('2 patients', '1 patient')
    """
    return f"{len(keys)} patients" if len(keys) > 1 else "1 patient"
