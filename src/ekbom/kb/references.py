"""Cross-file checks: every name a rule or table uses must exist where it points."""

from __future__ import annotations

from collections.abc import Iterator

from ekbom.errors import KnowledgeError
from ekbom.kb.knowledge import Factor, Knowledge
from ekbom.kb.predicates import (
    AllOf,
    AnyOf,
    Diagnosis,
    Exposure,
    FamilyHistory,
    Lab,
    MedicationCoverage,
    NoObservation,
    NoResult,
    Not,
    Observation,
    OnsetAge,
    Predicate,
    Procedure,
    Withdrawal,
)
from ekbom.kb.schema import IngredientTable
from ekbom.vocab import Category


def walk(predicate: Predicate) -> Iterator[Predicate]:
    """Every predicate inside this one, itself first."""
    yield predicate
    if isinstance(predicate, AllOf | AnyOf):
        for item in predicate.items:
            yield from walk(item)
    elif isinstance(predicate, Not):
        yield from walk(predicate.item)


def reads_medications(factor: Factor) -> bool:
    """Whether a factor is judged from medications: a medication or withdrawal factor whose rules
    read exposures, stops or medication coverage. Only such a factor can be unknown because a
    medication could not be resolved (the Python engine and the SQL compiler both ask this)."""
    return factor.category in (Category.MEDICATION, Category.WITHDRAWAL) and any(
        isinstance(p, Exposure | Withdrawal | MedicationCoverage)
        for compiled in factor.rules
        for p in walk(compiled.predicate)
    )


def check_references(knowledge: Knowledge, ingredients: list[tuple[str, IngredientTable]]) -> None:
    """Raise KnowledgeError at the first name that points nowhere."""
    for factor in (*knowledge.factors, knowledge.rls):
        _check_factor(knowledge, factor)
    lab_citations = {c.id for c in knowledge.labs.citations}
    for test, spec in knowledge.labs.tests.items():
        if spec.derived:
            for part in (spec.derived.numerator, spec.derived.denominator):
                if part not in knowledge.labs.tests:
                    raise KnowledgeError(
                        "tables/labs.yaml",
                        f"tests.{test}.derived",
                        f"names test {part!r}, which labs.yaml does not define",
                    )
            _check_cites(spec.derived.cite, lab_citations, "tables/labs.yaml", f"tests.{test}")
    for wording in (knowledge.messages.stale, knowledge.messages.no_data):
        for text in (wording.clinician, wording.patient):
            try:
                text.format(window_days=1)
            except (KeyError, IndexError, ValueError) as error:
                raise KnowledgeError(
                    "tables/messages.yaml",
                    "stale",
                    f"placeholder {error} is not one ekbom fills in; use {{window_days}} only",
                ) from None
    for conversion in knowledge.units.conversions:
        if conversion.test not in knowledge.labs.tests:
            raise KnowledgeError(
                "tables/units.csv", conversion.test, "is not a test of tables/labs.yaml"
            )
    for entry in knowledge.lab_codes.entries:
        if entry.set not in knowledge.labs.tests:
            raise KnowledgeError(
                "tables/labs.csv",
                entry.code,
                f"names test {entry.set!r}, which labs.yaml does not define",
            )
    factor_ids = {f.id for f in knowledge.factors}
    for rel, table in ingredients:
        cited = {c.id for c in table.citations}
        for index, row in enumerate(table.ingredients):
            where = f"ingredients[{index}] ({row.id})"
            for factor_id in [*row.factors, *row.withdrawal_days]:
                if factor_id not in factor_ids:
                    raise KnowledgeError(
                        rel, where, f"names factor {factor_id!r}, which factors.yaml lacks"
                    )
            _check_cites(row.cite, cited, rel, where)


def _check_factor(knowledge: Knowledge, factor: Factor) -> None:
    item = factor.item
    if item is None:
        return
    rel = (
        f"{factor.category.value}/{factor.id}/item.yaml" if factor.id != "rls" else "rls/item.yaml"
    )
    for index, compiled in enumerate(factor.rules):
        for predicate in walk(compiled.predicate):
            where = f"rules[{index}].match"
            for name in _sets_named(predicate):
                if name not in knowledge.codes.sets:
                    raise KnowledgeError(
                        rel,
                        where,
                        f"names concept set {name!r}, which no codes.csv defines; "
                        "add its codes or fix the name",
                    )
            if isinstance(predicate, Exposure):
                unknown = sorted(predicate.ingredients - knowledge.drugs.rows.keys())
                if unknown:
                    raise KnowledgeError(
                        rel, where, f"names ingredients {unknown}, which no ingredient table lists"
                    )
            if isinstance(predicate, Diagnosis | Procedure):
                if predicate.set not in knowledge.codes.sets:
                    raise KnowledgeError(
                        rel,
                        where,
                        f"names concept set {predicate.set!r}, which no "
                        "codes.csv defines; add its codes or fix the name",
                    )
            elif isinstance(predicate, Lab | NoResult):
                test = knowledge.labs.tests.get(predicate.test)
                if test is None:
                    raise KnowledgeError(
                        rel,
                        where,
                        f"names test {predicate.test!r}, which tables/labs.yaml does not define",
                    )
                if isinstance(predicate, Lab) and predicate.unit != test.unit:
                    raise KnowledgeError(
                        rel,
                        where,
                        f"unit {predicate.unit!r} is not the "
                        f"canonical unit {test.unit!r} of {predicate.test}",
                    )
    workup = [link.test for link in item.workup] + [t for c in factor.rules for t in c.rule.workup]
    for name in workup:
        if name not in knowledge.workup.tests:
            raise KnowledgeError(
                rel, "workup", f"names {name!r}, which tables/workup.yaml does not define"
            )
    for mimic in item.mimics:
        if mimic not in knowledge.mimics.mimics:
            raise KnowledgeError(
                rel, "mimics", f"names {mimic!r}, which tables/mimics.yaml does not define"
            )


def _sets_named(predicate: Predicate) -> list[str]:
    if isinstance(predicate, Observation):
        return [predicate.set, predicate.values]
    if isinstance(predicate, FamilyHistory):
        return [predicate.set, predicate.relationship]
    if isinstance(predicate, OnsetAge | NoObservation):
        return [predicate.set]
    return []


def _check_cites(cites: list[str], known: set[str], rel: str, where: str) -> None:
    missing = sorted(set(cites) - known)
    if missing:
        raise KnowledgeError(rel, f"{where}.cite", f"cites {missing}, which citations lacks")
