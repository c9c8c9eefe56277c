"""Every ingredient of the table is recognised by its RxCUI, ATC code, generic and salt names
(alone and as a clinical-drug display name) and each brand; the issue's exceptions never count."""

from __future__ import annotations

import pytest

from ekbom.facts import Code, MedicationFact
from ekbom.kb.load import load_knowledge
from ekbom.vocab import Implication, System

KNOWLEDGE = load_knowledge()
ROWS = sorted(KNOWLEDGE.drugs.rows.values(), key=lambda r: r.id)
EXCEPTIONS = {
    "bupropion": "antidepressant",
    "gabapentin": "anticonvulsant",
    "gabapentin enacarbil": "anticonvulsant",
    "pregabalin": "anticonvulsant",
    "loratadine": "antihistamine",
    "desloratadine": "antihistamine",
    "fexofenadine": "antihistamine",
    "ondansetron": "dopamine-antagonist-antiemetic",
    "domperidone": "dopamine-antagonist-antiemetic",
    "carbamazepine": "anticonvulsant",
    "valproate": "anticonvulsant",
    "lamotrigine": "anticonvulsant",
    "levetiracetam": "anticonvulsant",
    "clonazepam": "anticonvulsant",
}


def _ingredients(codes: tuple[Code, ...] = (), text: str | None = None) -> tuple[str, ...]:
    fact = MedicationFact(
        source="MedicationRequest/m",
        kind="MedicationRequest",
        codes=codes,
        text=text,
        start=None,
        end=None,
    )
    return KNOWLEDGE.drugs.resolve(fact).ingredients


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_every_name_and_code_of_an_ingredient_resolves_to_it(row) -> None:  # type: ignore[no-untyped-def]
    if row.rxcui:
        assert row.id in _ingredients((Code(System.RXNORM, row.rxcui),)), f"RxCUI {row.rxcui}"
    for atc in row.atc:
        assert row.id in _ingredients((Code(System.ATC, atc),)), f"ATC {atc}"
    for name in [row.id, *row.names, *row.salts]:
        assert row.id in _ingredients(text=name), name
        display = f"{name} 10 MG Oral Tablet"
        assert row.id in _ingredients(text=display), display
    for brand in row.brands:
        assert row.id in _ingredients(text=brand), brand
        assert row.id in _ingredients(text=f"{brand} 10 MG Oral Tablet"), brand


@pytest.mark.parametrize(("ingredient", "factor"), sorted(EXCEPTIONS.items()))
def test_each_exception_of_the_issue_is_listed_and_never_counts(
    ingredient: str, factor: str
) -> None:
    row = KNOWLEDGE.drugs.rows.get(ingredient) or next(
        (r for r in ROWS if ingredient in r.names or ingredient in r.salts), None
    )
    assert row is not None, f"{ingredient} is not in the ingredient table"
    assert row.factors.get(factor) is Implication.EXCEPTION, f"{ingredient}: {row.factors}"


def test_weak_evidence_factors_say_so() -> None:
    for factor in KNOWLEDGE.factors:
        item = factor.item
        if item is not None and item.evidence_grade.value == "D":
            assert "weak" in item.summary.clinician.lower(), factor.id
            assert "weak" in item.summary.patient.lower(), factor.id
