"""The rls block: is RLS itself on record, since when, and which mimics are recorded."""

from __future__ import annotations

from datetime import date

from ekbom.engine.findings import judge
from ekbom.engine.onset import onset_age
from ekbom.engine.predicates import evaluate
from ekbom.engine.record import Record
from ekbom.engine.scope import Scope
from ekbom.facts import InputWarning
from ekbom.kb.predicates import Diagnosis
from ekbom.result import Mimic, RlsBlock
from ekbom.vocab import Status


def rls_block(record: Record, as_of: date) -> tuple[RlsBlock, list[InputWarning]]:
    """Judge RLS with the rls knowledge item, then add onset age and mimics."""
    factor = record.knowledge.rls
    item = factor.item
    assert item is not None
    judgement = judge(factor, record, as_of)
    finding = judgement.finding
    warnings = []
    scope = Scope(record, factor.id, as_of, item.window_days)
    fired = {c.rule.status for c in factor.rules if evaluate(c.predicate, scope).truth}
    if Status.PRESENT in fired and Status.ABSENT in fired:
        warnings.append(
            InputWarning(
                code="disagreeing-sources",
                message="Sources disagree about RLS: one says present, another absent; "
                "present was kept.",
            )
        )
    diagnoses = {e.source for e in finding.evidence}
    used = [c for c in record.facts.conditions if c.source in diagnoses]
    block = RlsBlock(
        status=finding.status,
        basis=finding.basis,
        evidence=finding.evidence,
        onset_age=onset_age(used, record.facts.patient)
        if finding.status is not Status.ABSENT
        else None,
        mimics=_mimics(record, as_of),
        explanation=finding.explanation,
    )
    return block, warnings


def _mimics(record: Record, as_of: date) -> tuple[Mimic, ...]:
    knowledge = record.knowledge
    item = knowledge.rls.item
    assert item is not None
    scope = Scope(record, knowledge.rls.id, as_of, item.window_days)
    found = []
    for mimic_id in item.mimics:
        name = f"{knowledge.rls.id}:{mimic_id}"
        if name not in knowledge.codes.sets:
            continue
        outcome = evaluate(Diagnosis(set=name), scope)
        if outcome.truth:
            title = knowledge.mimics.mimics[mimic_id].title
            found.append(Mimic(mimic=mimic_id, title=title, evidence=outcome.evidence))
    return tuple(found)
