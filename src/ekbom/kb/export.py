"""Concept sets out of ekbom: FHIR R4 ValueSets, OHDSI ATLAS concept sets, and CSV.

ValueSets list their codes explicitly; an ICD-10-CM prefix is listed as the code it names (a
category code such as D50) with its display, and marked so in the ValueSet's description.
ATLAS concept sets are made of OMOP concept ids, so they need the vocabulary's CONCEPT table.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ekbom.errors import InputError
from ekbom.kb.codes import CodeEntry
from ekbom.kb.knowledge import Knowledge
from ekbom.vocab import System

CANONICAL_BASE = "https://ekbom.org/fhir/ValueSet"
OMOP_VOCABULARY = {
    System.SNOMED.value: "SNOMED",
    System.ICD10CM.value: "ICD10CM",
    System.LOINC.value: "LOINC",
    System.RXNORM.value: "RxNorm",
    System.ATC.value: "ATC",
}
CSV_COLUMNS = ["set", "system", "code", "display", "match", "verified_source", "verified_date",
               "file"]  # fmt: skip


def concept_sets(knowledge: Knowledge) -> dict[str, list[CodeEntry]]:
    """Every concept set (diagnoses, procedures, observations, laboratory tests) by name."""
    sets: dict[str, list[CodeEntry]] = defaultdict(list)
    for entry in knowledge.codes.entries:
        sets[entry.set].append(entry)
    for entry in knowledge.lab_codes.entries:
        sets[f"lab:{entry.set}"].append(entry)
    return dict(sorted(sets.items()))


def icd10cm_expander() -> Any:
    """The ICD-10-CM code set (simple-icd-10-cm, extra `ekbom[kb]`) or None when not installed."""
    try:
        import simple_icd_10_cm  # type: ignore[import-untyped]
    except ImportError:
        return None
    return simple_icd_10_cm


def _expanded(entry: CodeEntry, cm: Any) -> list[dict[str, str]]:
    """A prefix entry as every ICD-10-CM code it covers (itself and its descendants)."""
    if cm is None or entry.system != System.ICD10CM or not cm.is_valid_item(entry.code):
        return [{"code": entry.code, "display": entry.display}]
    codes = [entry.code, *cm.get_descendants(entry.code)]
    return [{"code": c, "display": cm.get_description(c)} for c in codes if "-" not in c]


def value_set(name: str, entries: list[CodeEntry], version: str, cm: Any = None) -> dict[str, Any]:
    """One FHIR R4 ValueSet listing the set's codes explicitly, grouped by system.

    With the ICD-10-CM code set (`cm`), each prefix is expanded into the codes under it, so the
    ValueSet holds exactly what ekbom matches; without it, the prefix code stands for itself.
    """
    by_system: dict[str, list[dict[str, str]]] = defaultdict(list)
    excluded: dict[str, list[dict[str, str]]] = defaultdict(list)
    prefixes = []
    for entry in entries:
        target = excluded if entry.match == "exclude" else by_system
        concepts = (
            _expanded(entry, cm)
            if entry.match != "exact"
            else [{"code": entry.code, "display": entry.display}]
        )
        target[entry.system].extend(c for c in concepts if c not in target[entry.system])
        if entry.match != "exact" and (cm is None or entry.system != System.ICD10CM):
            prefixes.append(entry.code)
    ident = name.replace(":", "-")
    description = f"ekbom concept set {name}."
    if prefixes:
        description += (
            " ICD-10-CM codes " + ", ".join(sorted(prefixes)) + " stand for themselves"
            " and every code below them (ekbom matches them as prefixes)."
        )
    compose: dict[str, Any] = {
        "include": [
            {"system": system, "concept": concepts}
            for system, concepts in sorted(by_system.items())
        ]
    }
    if excluded:
        compose["exclude"] = [
            {"system": system, "concept": concepts} for system, concepts in sorted(excluded.items())
        ]
    return {
        "resourceType": "ValueSet",
        "id": ident,
        "url": f"{CANONICAL_BASE}/{ident}",
        "version": version,
        "name": "".join(p.capitalize() for p in ident.split("-")),
        "title": f"ekbom {name}",
        "status": "draft",
        "experimental": True,
        "description": description,
        "compose": compose,
    }


def csv_text(knowledge: Knowledge) -> str:
    """Every code of every set as CSV rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, entries in concept_sets(knowledge).items():
        for e in entries:
            writer.writerow(
                [
                    name,
                    e.system,
                    e.code,
                    e.display,
                    e.match,
                    e.verified_source or "",
                    e.verified_date or "",
                    e.file,
                ]
            )
    return out.getvalue()


def read_concepts(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    """CONCEPT rows of an OMOP vocabulary folder (CSV or Athena tab-separated), by vocabulary
    and code. Raises InputError when the folder holds no CONCEPT table."""
    candidates = (
        [p for p in folder.iterdir() if p.stem.upper() == "CONCEPT"] if folder.is_dir() else []
    )
    if not candidates:
        raise InputError(
            str(folder),
            "holds no CONCEPT.csv; give an OMOP vocabulary folder "
            "(an Athena download or an OMOP CDM export)",
        )
    path = candidates[0]
    with path.open(newline="", encoding="utf-8") as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        rows = {}
        for row in reader:
            clean = {k.lower(): (v or "") for k, v in row.items() if k}
            if "concept_code" not in clean or "vocabulary_id" not in clean:
                raise InputError(
                    str(path), "expected the columns concept_id, concept_code and vocabulary_id"
                )
            rows[(clean["vocabulary_id"], clean["concept_code"])] = clean
    return rows


def concept_set(
    entries: Iterable[CodeEntry], concepts: dict[tuple[str, str], dict[str, str]]
) -> tuple[dict[str, Any], list[str]]:
    """An ATLAS concept-set expression, and the codes the vocabulary does not hold."""
    items = []
    missing = []
    for entry in entries:
        vocabulary = OMOP_VOCABULARY.get(entry.system)
        row = concepts.get((vocabulary or "", entry.code)) if vocabulary else None
        if row is None:
            missing.append(f"{vocabulary or entry.system}#{entry.code}")
            continue
        items.append(
            {
                "concept": {
                    "CONCEPT_ID": int(row["concept_id"]),
                    "CONCEPT_NAME": row.get("concept_name", ""),
                    "STANDARD_CONCEPT": row.get("standard_concept", ""),
                    "INVALID_REASON": row.get("invalid_reason", ""),
                    "CONCEPT_CODE": row["concept_code"],
                    "DOMAIN_ID": row.get("domain_id", ""),
                    "VOCABULARY_ID": row["vocabulary_id"],
                    "CONCEPT_CLASS_ID": row.get("concept_class_id", ""),
                },
                "isExcluded": entry.match == "exclude",
                "includeDescendants": entry.match != "exact",
                "includeMapped": False,
            }
        )
    return {"items": items}, missing
