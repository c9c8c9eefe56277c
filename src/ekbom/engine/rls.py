"""The rls block: is RLS itself on record, since when, and which mimics are recorded."""

from __future__ import annotations

from datetime import date
from functools import cache

from ekbom.engine.answers import answer_evidence, latest_answer
from ekbom.engine.findings import judge
from ekbom.engine.mentions import mention_evidence
from ekbom.engine.onset import onset_age
from ekbom.engine.predicates import evaluate
from ekbom.engine.record import Record
from ekbom.engine.scope import Scope
from ekbom.facts import AnswerFact, InputWarning
from ekbom.kb.irls import band_of, irls_table
from ekbom.kb.predicates import Diagnosis
from ekbom.result import Evidence, IrlsScore, Mimic, RlsBlock
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
    warnings += red_flags(record, as_of)
    diagnoses = {e.source for e in finding.evidence}
    used = [c for c in record.facts.conditions if c.source in diagnoses]
    block = RlsBlock(
        status=finding.status,
        basis=finding.basis,
        evidence=finding.evidence,
        onset_age=_onset(record, as_of, onset_age(used, record.facts.patient))
        if finding.status is not Status.ABSENT
        else None,
        mimics=_mimics(record, as_of),
        explanation=finding.explanation,
        irls=irls_score(record.facts.answers, as_of),
    )
    return block, warnings


def _onset(record: Record, as_of: date, derived: int | None) -> int | None:
    """An age at onset given as an answer beats one derived from dates."""
    item = record.knowledge.rls.item
    if item is None or item.onset_answer is None:
        return derived
    answer = latest_answer(record.facts.answers, item.onset_answer, as_of)
    if answer is None or answer.number is None:
        return derived
    return int(answer.number)


def irls_score(answers: list[AnswerFact], as_of: date) -> IrlsScore | None:
    """The IRLS total and band of the latest response holding all ten item scores."""
    table = irls_table()
    wanted = set(table.items)
    by_response: dict[str, dict[str, AnswerFact]] = {}
    for answer in answers:
        dated_ok = answer.date is None or answer.date <= as_of
        if answer.item in wanted and answer.number is not None and dated_ok:
            response = answer.source.rsplit("#", 1)[0]
            by_response.setdefault(response, {})[answer.item] = answer
    complete = [(r, scores) for r, scores in by_response.items() if set(scores) == wanted]
    if not complete:
        return None
    response, scores = max(complete, key=lambda c: min(a.date or date.min for a in c[1].values()))
    numbers = [scores[i].number for i in table.items]
    if any(n is None or not table.item_min <= n <= table.item_max for n in numbers):
        return None
    total = int(sum(n for n in numbers if n is not None))
    band = band_of(table, total)
    if band is None:
        return None
    first = scores[table.items[0]]
    return IrlsScore(total, band.band, band.title, response, first.date)


YES = "yes"
"""The answer code of a yes in ekbom's questionnaire."""
MIMIC_SYSTEM = "https://ekbom.org/fhir/CodeSystem/mimics"
RED_FLAG = "red-flag"
"""The questionnaire-flags code on the group of red-flag questions."""


@cache
def _questionnaire_codes() -> tuple[frozenset[str], dict[str, str]]:
    """From ekbom's Questionnaire: the red-flag item links, and each mimic item's mimic id."""
    from ekbom.sources.questionnaire import questionnaire

    flags: set[str] = set()
    mimics: dict[str, str] = {}

    def walk(items: list[dict[str, object]], flagged: bool) -> None:
        for item in items:
            codes = item.get("code", [])
            assert isinstance(codes, list)
            here = flagged or any(c.get("code") == RED_FLAG for c in codes)
            link = str(item["linkId"])
            if here and item.get("type") != "group":
                flags.add(link)
            for code in codes:
                if code.get("system") == MIMIC_SYSTEM:
                    mimics[link] = str(code["code"])
            children = item.get("item", [])
            assert isinstance(children, list)
            walk(children, here)

    walk(questionnaire()["item"], False)
    return frozenset(flags), mimics


def red_flags(record: Record, as_of: date) -> list[InputWarning]:
    """One `red-flag` warning for each red-flag question answered yes (latest answer)."""
    flags, _ = _questionnaire_codes()
    out = []
    for link in sorted(flags):
        answer = latest_answer(record.facts.answers, link, as_of)
        if answer is not None and YES in answer.values:
            out.append(
                InputWarning(
                    code="red-flag",
                    message=f"A warning sign was reported ({link}): it needs prompt medical "
                    "care before anything else in this report.",
                    source=answer.source,
                )
            )
    return out


def _mimics(record: Record, as_of: date) -> tuple[Mimic, ...]:
    """Mimics from diagnoses, affirmed note mentions and yes answers, in the item's order."""
    knowledge = record.knowledge
    item = knowledge.rls.item
    assert item is not None
    scope = Scope(record, knowledge.rls.id, as_of, item.window_days)
    _, asked = _questionnaire_codes()
    found = []
    for mimic_id in item.mimics:
        evidence: list[Evidence] = []
        name = f"{knowledge.rls.id}:{mimic_id}"
        if name in knowledge.codes.sets:
            evidence += evaluate(Diagnosis(set=name), scope).evidence
        labels = {name, mimic_id}
        evidence += [
            mention_evidence(m)
            for m in record.facts.mentions
            if m.label in labels
            and not (m.negated or m.hypothetical or m.family or m.uncertain)
            and (m.date is None or scope.in_window(m.date))
        ]
        for link, mimic in asked.items():
            answer = latest_answer(record.facts.answers, link, as_of)
            if mimic == mimic_id and answer is not None and YES in answer.values:
                evidence.append(answer_evidence(answer))
        if evidence:
            title = knowledge.mimics.mimics[mimic_id].title
            found.append(Mimic(mimic=mimic_id, title=title, evidence=tuple(evidence)))
    return tuple(found)
