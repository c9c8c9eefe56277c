"""The generator's small tables, made from the knowledge and the prevalence file.

A *template* is one kind of fact a person may get: a code, and how its value, day and length
are drawn. Templates are grouped in pools: one per factor (`f:iron-deficiency`), `edge`, `rls`
and the unrelated `bg:*` pools. Everything here is knowledge-sized (a few thousand rows); the
per-person work happens in SQL (`ekbom.synth.population`).

Codes come from the factors' codes.csv and tables/labs.csv, thresholds and windows from the
rules, ingredients from the ingredient tables, units from units.csv; nothing clinical is typed
here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ekbom.cohort.concepts import OMOP_VOCABULARY
from ekbom.kb.knowledge import Knowledge
from ekbom.synth.concept_ids import Known, assign
from ekbom.synth.prevalence import Prevalence
from ekbom.vocab import System

DRUG_SYSTEM = "urn:ekbom:synth:drug"
"""The FHIR code system of the generator's own clinical drugs (RxNorm Extension in OMOP)."""
LOCAL_DRUGS = "RxNorm Extension"
OMOP_OF = {str(k): v for k, v in OMOP_VOCABULARY.items()} | {
    System.UCUM.value: "UCUM",
    DRUG_SYSTEM: LOCAL_DRUGS,
}


@dataclass
class Template:
    """One kind of fact (see the module); `back_*` are days before the generation date."""

    pool: str
    kind: str
    system: str | None
    code: str | None
    display: str
    factor: str | None = None
    value: float | None = None
    value_lo: float | None = None
    value_hi: float | None = None
    value_step: float | None = None
    value2: float | None = None
    comparator: str | None = None
    test: str | None = None
    unit: str | None = None
    value_system: str | None = None
    value_code: str | None = None
    value_display: str | None = None
    back_lo: int = 0
    back_hi: int = 0
    length_lo: int | None = None
    length_hi: int | None = None
    abates: bool = False
    dated: bool = True
    omop: bool = True
    sex: str | None = None
    edge: str | None = None
    copies: int = 1
    onset_age: int | None = None
    resource: str | None = None
    subpool: str | None = None
    """Within a factor's pool: the concept set, test or implication grade, so that each gets
    an equal share of the factor's facts however many codes it has."""
    idx: int = 0
    concept_id: int = 0
    unit_concept_id: int = 0
    value_concept_id: int = 0


@dataclass
class Catalog:
    """The templates and everything the vocabulary needs."""

    templates: list[Template] = field(default_factory=list)
    units: list[tuple[str, str, float]] = field(default_factory=list)
    canonical: dict[str, str] = field(default_factory=dict)
    ages: set[int] = field(default_factory=set)
    shares: dict[str, float] = field(default_factory=dict)
    rls_given: dict[str, float] = field(default_factory=dict)
    names: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    has_ing: set[tuple[str, str]] = field(default_factory=set)
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    min_window: int = 0

    @property
    def wanted(self) -> set[tuple[str, str]]:
        """Every (vocabulary, code) the population may use."""
        return set(self.names)

    def rows(self) -> list[dict[str, Any]]:
        """The templates as plain rows, numbered within their pools."""
        counts: dict[str, int] = {}
        out = []
        for t in self.templates:
            if t.pool == "edge":
                t.pool = f"edge:{t.edge}:{t.kind}"
            elif t.pool.startswith("f:"):
                t.pool = f"{t.pool}:{t.kind}" + (f":{t.subpool}" if t.subpool else "")
            t.idx = counts.get(t.pool, 0)
            counts[t.pool] = t.idx + 1
            row = {f.name: getattr(t, f.name) for f in fields(t) if f.name not in _NOT_STORED}
            out.append(row)
        return out


_NOT_STORED = frozenset({"subpool"})


def concept_key(name: str, knowledge: Knowledge) -> tuple[str, str]:
    """The (vocabulary, code) of a drug or ingredient: `rxnorm:CODE`, `local:CODE` or an ekbom
    ingredient id."""
    if name.startswith("rxnorm:"):
        return ("RxNorm", name.removeprefix("rxnorm:"))
    if name.startswith("local:"):
        return (LOCAL_DRUGS, name.removeprefix("local:"))
    row = knowledge.drugs.rows[name]
    return ("RxNorm", row.rxcui) if row.rxcui else (LOCAL_DRUGS, f"ekbom-ing-{row.id}")


def build_catalog(
    knowledge: Knowledge, prevalence: Prevalence, known: dict[tuple[str, str], Known]
) -> Catalog:
    """Every template, with concept ids assigned (real where `known` holds them)."""
    from ekbom.synth.builder import Builder

    catalog = Builder(knowledge, prevalence).build()
    catalog.ids = assign(catalog.wanted, known)
    for t in catalog.templates:
        t.concept_id = _id(catalog, t.system, t.code)
        t.unit_concept_id = _id(catalog, System.UCUM.value, t.unit)
        t.value_concept_id = _id(catalog, t.value_system, t.value_code)
    return catalog


def _id(catalog: Catalog, system: str | None, code: str | None) -> int:
    if system is None or code is None:
        return 0
    vocabulary = OMOP_OF.get(system)
    return catalog.ids.get((vocabulary, code), 0) if vocabulary else 0
