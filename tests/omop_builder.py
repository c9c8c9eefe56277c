"""Expand the knowledge cases' shorthand into OMOP CDM rows and a tiny synthetic vocabulary.

The vocabulary is made from the knowledge itself (`vocabulary_rows`): one CONCEPT row per
knowledge code (concept sets and laboratory codes), one UCUM concept per unit of units.csv, one
RxNorm Ingredient per ingredient with an RxCUI. The record's own codes that the knowledge does
not list (a prefix match such as `ICD10CM#D50.9`, a mimic, an observation value) get a concept
of their own from `OmopCases.concept`, as does every drug row (named by the case's text or
display), so the SQL path resolves them the way it would in a real CDM.

`OmopCases.add(person_id, case)` translates one case into rows, or returns why OMOP cannot
express it (verification statuses, routes, medication lists, family history...). Each person's
observation period runs from the first fact (or the as-of date) to the last fact (or the as-of
date). An ATC-coded medication becomes the RxNorm ingredient an ETL would map it to.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ekbom.cohort.concepts import OMOP_VOCABULARY
from ekbom.cohort.vocabulary import TABLES
from ekbom.kb.codes import normalise
from ekbom.kb.knowledge import Knowledge
from ekbom.vocab import SHORT_SYSTEMS, System
from tests.builder import _QUANTITY, _SHORTHAND

GENDER = {"female": 8532, "male": 8507, "other": 8521, "unknown": 8551}
OPERATOR = {"<": 4171756, "<=": 4171754, ">=": 4171755, ">": 4172704}
DOMAIN = {
    "condition": "Condition",
    "lab": "Measurement",
    "procedure": "Procedure",
    "observation": "Observation",
    "medication": "Drug",
}
KNOWLEDGE_BASE = 1_000_000
UNIT_BASE = 2_000_000
INGREDIENT_BASE = 3_000_000
RECORD_BASE = 4_000_000
START = date(1970, 1, 1)
END = date(2099, 12, 31)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _key(vocabulary: str, code: str) -> tuple[str, str]:
    system = next(s for s, v in OMOP_VOCABULARY.items() if v == vocabulary)
    return vocabulary, normalise(system, code)


@dataclass
class Concept:
    concept_id: int
    name: str
    domain: str
    vocabulary: str
    concept_class: str
    code: str

    def row(self) -> list[Any]:
        return [
            self.concept_id,
            self.name,
            self.domain,
            self.vocabulary,
            self.concept_class,
            "S",
            self.code,
            START.isoformat(),
            END.isoformat(),
            "",
        ]


def vocabulary_rows(knowledge: Knowledge) -> list[Concept]:
    """The synthetic vocabulary: knowledge codes, UCUM units and RxNorm ingredients."""
    concepts: dict[tuple[str, str], Concept] = {}
    entries = sorted(
        {
            (OMOP_VOCABULARY[e.system], e.code, e.display or e.code)
            for e in [*knowledge.codes.entries, *knowledge.lab_codes.entries]
            if e.system in OMOP_VOCABULARY
        }
    )
    for vocabulary, code, display in entries:
        key = _key(vocabulary, code)
        if key not in concepts:
            concepts[key] = Concept(
                KNOWLEDGE_BASE + len(concepts), display, "Observation", vocabulary, "Code", code
            )
    units = sorted({c.unit.strip() for c in knowledge.units.conversions})
    for index, unit in enumerate(units):
        concepts[("UCUM", unit)] = Concept(UNIT_BASE + index, unit, "Unit", "UCUM", "Unit", unit)
    rows = sorted((r for r in knowledge.drugs.rows.values() if r.rxcui), key=lambda r: r.id)
    for index, row in enumerate(rows):
        assert row.rxcui is not None
        name = row.names[0] if row.names else row.id
        concepts[_key("RxNorm", row.rxcui)] = Concept(
            INGREDIENT_BASE + index, name, "Drug", "RxNorm", "Ingredient", row.rxcui
        )
    return list(concepts.values())


def write_vocabulary(folder: Path, concepts: list[Concept]) -> None:
    """CONCEPT.csv in the CDM-export layout (comma, quoted, ISO dates)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "CONCEPT.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(list(TABLES["concept"]))
        writer.writerows(c.row() for c in sorted(concepts, key=lambda c: c.concept_id))


_Row = tuple[str, dict[str, Any], date]
"""A CDM table, one row of it, and the row's day (for the observation period)."""


class Unexpressible(Exception):
    """A case OMOP cannot express; the message is the reason."""


@dataclass
class OmopCases:
    """Many cases, one person each, as rows of the CDM tables."""

    knowledge: Knowledge
    concepts: dict[tuple[str, str], Concept] = field(default_factory=dict)
    record_concepts: list[Concept] = field(default_factory=list)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    index: list[tuple[int, date]] = field(default_factory=list)
    _next_id: int = 0

    def __post_init__(self) -> None:
        for concept in vocabulary_rows(self.knowledge):
            key = (
                (concept.vocabulary, concept.code)
                if concept.vocabulary == "UCUM"
                else _key(concept.vocabulary, concept.code)
            )
            self.concepts[key] = concept

    @property
    def all_concepts(self) -> list[Concept]:
        every = {c.concept_id: c for c in [*self.concepts.values(), *self.record_concepts]}
        return list(every.values())

    def _ident(self) -> int:
        self._next_id += 1
        return self._next_id

    def concept(self, shorthand: str, kind: str) -> tuple[int, str | None, str]:
        """The concept of `SYSTEM#code rest` (made for the record when the vocabulary lacks
        it), the rest of the text and the code."""
        match = _SHORTHAND.fullmatch(shorthand.strip())
        if match is None:
            raise ValueError(f"expected SYSTEM#code [text], got {shorthand!r}")
        system = SHORT_SYSTEMS[match["system"]]
        vocabulary = OMOP_VOCABULARY.get(system)
        if vocabulary is None:
            raise Unexpressible(f"{match['system']} codes have no OMOP concepts")
        key = _key(vocabulary, match["code"])
        if key not in self.concepts:
            made = Concept(
                RECORD_BASE + len(self.record_concepts),
                match["rest"] or match["code"],
                DOMAIN[kind],
                vocabulary,
                "Code",
                match["code"],
            )
            self.record_concepts.append(made)
            self.concepts[key] = made
        return self.concepts[key].concept_id, match["rest"], match["code"]

    def drug_concept(self, item: dict[str, Any]) -> int:
        """An ingredient concept when the case codes one by RxCUI, else a drug concept named by
        the case's text or display."""
        text = item.get("text")
        code = None
        display = None
        if item["medication"]:
            match = _SHORTHAND.fullmatch(item["medication"].strip())
            assert match is not None
            if SHORT_SYSTEMS[match["system"]] is System.ATC:
                return self._atc_ingredient(match["code"])
            if SHORT_SYSTEMS[match["system"]] is not System.RXNORM:
                raise Unexpressible("a medication coded outside RxNorm and ATC")
            code, display = match["code"], match["rest"]
            known = self.concepts.get(_key("RxNorm", code))
            if known is not None and known.concept_class == "Ingredient":
                return known.concept_id
        made = Concept(
            RECORD_BASE + len(self.record_concepts),
            text or display or "",
            "Drug",
            "RxNorm",
            "Clinical Drug",
            f"record-{len(self.record_concepts)}" if code is None else f"{code}-record",
        )
        self.record_concepts.append(made)
        return made.concept_id

    def _atc_ingredient(self, atc: str) -> int:
        """An ATC-coded medication as an ETL would map it: to the RxNorm ingredient of the one
        knowledge ingredient with that ATC code and an RxCUI (OMOP drug rows carry RxNorm)."""
        rows = [r for r in self.knowledge.drugs.rows.values() if atc in r.atc]
        if len(rows) != 1 or rows[0].rxcui is None:
            raise Unexpressible("an ATC code with no single RxNorm ingredient to map to")
        return self.concepts[_key("RxNorm", rows[0].rxcui)].concept_id

    # one case ---------------------------------------------------------------------------

    def add(self, person_id: int, case: dict[str, Any]) -> str | None:
        """Add the case's rows for `person_id`; returns the reason it was skipped, or None."""
        try:
            rows = self._translate(person_id, case)
        except Unexpressible as why:
            return str(why)
        for table, table_rows in rows.items():
            self.rows.setdefault(table, []).extend(table_rows)
        self.index.append((person_id, _day(case["as_of"])))
        return None

    def _translate(self, person_id: int, case: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        as_of = _day(case["as_of"])
        patient = case.get("patient") or {}
        person: dict[str, Any] = {"person_id": person_id, "gender_concept_id": 0}
        if "sex" in patient:
            person["gender_concept_id"] = GENDER[patient["sex"]]
        if "birth" in patient:
            birth = _day(patient["birth"])
            person |= {
                "year_of_birth": birth.year,
                "month_of_birth": birth.month,
                "day_of_birth": birth.day,
            }
        out: dict[str, list[dict[str, Any]]] = {"person": [person]}
        days: list[date] = [as_of]
        for item in case.get("record", []):
            kind = next(k for k in DOMAIN.keys() | {"medication_list", "family"} if k in item)
            if kind == "family":
                raise Unexpressible("family history")
            if kind == "medication_list":
                raise Unexpressible("medication list")
            table, row, day = getattr(self, f"_{kind}")(person_id, item)
            out.setdefault(table, []).append(row)
            days.append(day)
        out["observation_period"] = [
            {
                "observation_period_id": person_id,
                "person_id": person_id,
                "observation_period_start_date": min(days),
                "observation_period_end_date": max(days),
                "period_type_concept_id": 0,
            }
        ]
        return out

    def _condition(self, person_id: int, item: dict[str, Any]) -> _Row:
        if item.get("verification", "confirmed") != "confirmed":
            raise Unexpressible("verification status")
        if "onset_age" in item:
            raise Unexpressible("explicit onset age")
        if item.get("clinical", "active") != "active":
            raise Unexpressible("clinical status")
        if "onset" not in item:
            raise Unexpressible("undated fact")
        concept, _, code = self.concept(item["condition"], "condition")
        start = _day(item["onset"])
        end = _day(item["abated"]) if "abated" in item else None
        return (
            "condition_occurrence",
            {
                "condition_occurrence_id": self._ident(),
                "person_id": person_id,
                "condition_concept_id": concept,
                "condition_start_date": start,
                "condition_end_date": end,
                "condition_type_concept_id": 0,
                "condition_source_value": code,
            },
            start,
        )

    def _lab(self, person_id: int, item: dict[str, Any]) -> _Row:
        if item.get("status", "final") != "final":
            raise Unexpressible("result status")
        if "date" not in item:
            raise Unexpressible("undated fact")
        concept, rest, code = self.concept(item["lab"], "lab")
        quantity = _QUANTITY.fullmatch(rest or "")
        assert quantity is not None, rest
        unit = quantity["unit"]
        unit_concept = 0
        if unit:
            found = self.concepts.get(("UCUM", unit))
            if found is None:
                raise Unexpressible("unit missing from the vocabulary")
            unit_concept = found.concept_id
        day = _day(item["date"])
        return (
            "measurement",
            {
                "measurement_id": self._ident(),
                "person_id": person_id,
                "measurement_concept_id": concept,
                "measurement_date": day,
                "measurement_type_concept_id": 0,
                "operator_concept_id": OPERATOR.get(quantity["comparator"] or "", 0),
                "value_as_number": float(quantity["value"]),
                "unit_concept_id": unit_concept,
                "measurement_source_value": code,
                "unit_source_value": unit,
            },
            day,
        )

    def _procedure(self, person_id: int, item: dict[str, Any]) -> _Row:
        if item.get("status", "completed") != "completed":
            raise Unexpressible("procedure status")
        if "date" not in item:
            raise Unexpressible("undated fact")
        concept, _, code = self.concept(item["procedure"], "procedure")
        day = _day(item["date"])
        return (
            "procedure_occurrence",
            {
                "procedure_occurrence_id": self._ident(),
                "person_id": person_id,
                "procedure_concept_id": concept,
                "procedure_date": day,
                "procedure_type_concept_id": 0,
                "procedure_source_value": code,
            },
            day,
        )

    def _observation(self, person_id: int, item: dict[str, Any]) -> _Row:
        if item.get("status", "final") != "final":
            raise Unexpressible("result status")
        if "date" not in item:
            raise Unexpressible("undated fact")
        concept, _, code = self.concept(item["observation"], "observation")
        value = self.concept(item["value"], "observation")[0] if "value" in item else 0
        day = _day(item["date"])
        return (
            "observation",
            {
                "observation_id": self._ident(),
                "person_id": person_id,
                "observation_concept_id": concept,
                "observation_date": day,
                "observation_type_concept_id": 0,
                "value_as_concept_id": value,
                "observation_source_value": code,
            },
            day,
        )

    def _medication(self, person_id: int, item: dict[str, Any]) -> _Row:
        kind = item.get("kind", "MedicationRequest")
        if kind not in ("MedicationRequest", "MedicationStatement"):
            raise Unexpressible(f"{kind} nuances")
        if "route" in item:
            raise Unexpressible("route")
        if item.get("status", "active") not in ("active", "completed"):
            raise Unexpressible("medication status")
        if "start" not in item:
            raise Unexpressible("undated fact")
        start = _day(item["start"])
        end = _day(item["end"]) if "end" in item else None
        return (
            "drug_exposure",
            {
                "drug_exposure_id": self._ident(),
                "person_id": person_id,
                "drug_concept_id": self.drug_concept(item),
                "drug_exposure_start_date": start,
                "drug_exposure_end_date": end,
                "drug_type_concept_id": 0,
                "drug_source_value": item.get("text") or item["medication"],
            },
            end or start,
        )
