"""Which inputs can express each factor: codes by system, tests, ingredients, phrases, items."""

from __future__ import annotations

from ekbom.kb.knowledge import Factor, Knowledge
from ekbom.kb.predicates import Lab, NoResult, Observation
from ekbom.kb.references import walk
from ekbom.kb.schema import InputKind
from ekbom.vocab import SHORT_SYSTEMS

SYSTEM_KIND = {
    SHORT_SYSTEMS[kind.value].value: kind
    for kind in (InputKind.ICD10CM, InputKind.SNOMED, InputKind.LOINC)
}


def coverage_of(knowledge: Knowledge, factor: Factor) -> dict[InputKind, list[str]]:
    """The entries through which each input kind can express the factor."""
    found: dict[InputKind, list[str]] = {kind: [] for kind in InputKind}
    prefix = f"{factor.id}:"
    for entry in knowledge.codes.entries:
        kind = SYSTEM_KIND.get(entry.system)
        if kind is not None and entry.set.startswith(prefix) and entry.match != "exclude":
            found[kind].append(entry.code)
    for compiled in factor.rules:
        for predicate in walk(compiled.predicate):
            if isinstance(predicate, Lab | NoResult):
                found[InputKind.LOINC] += [
                    e.code for e in knowledge.lab_codes.entries if e.set == predicate.test
                ]
            elif isinstance(predicate, Observation):
                found[InputKind.LOINC] += [
                    e.code
                    for e in knowledge.codes.entries
                    if e.set == predicate.set and e.system == SHORT_SYSTEMS["LOINC"].value
                ]
    for row in knowledge.drugs.rows.values():
        if factor.id in row.factors or factor.id in row.withdrawal_days:
            if row.rxcui:
                found[InputKind.RXNORM].append(row.rxcui)
            found[InputKind.ATC] += row.atc
    if factor.item is not None:
        found[InputKind.NOTE_PHRASE] += factor.item.coverage.phrases
        found[InputKind.QUESTIONNAIRE] += factor.item.coverage.questionnaire
    return {kind: sorted(set(values)) for kind, values in found.items()}
