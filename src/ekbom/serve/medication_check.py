"""ekbom-rls-medication-check: a card for a draft order of a drug linked to worse RLS.

order-select gives an info card for drugs of an `inform` grade; order-sign gives a warning only
for drugs of a `warn` grade, and never for a factor of evidence grade D. Suggestions touch only
the draft order: remove it, or replace it within a same-indication pair of the knowledge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ekbom.facts import MedicationFact
from ekbom.kb.knowledge import Knowledge
from ekbom.serve.cards import capital, card_id, citation_url, fit, override_reasons, source
from ekbom.serve.wording import Pair, Wording
from ekbom.vocab import EvidenceGrade, Implication, System

DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class Hit:
    """One factor a draft order's ingredient raises, with its grade."""

    factor: str
    ingredient: str
    grade: Implication


def hits(knowledge: Knowledge, wording: Wording, order: MedicationFact) -> list[Hit]:
    """Factors with order wording that the order's systemic ingredients raise at an inform grade."""
    resolution = knowledge.drugs.resolve(order)
    if not resolution.systemic:
        return []
    inform = set(wording.cards.medication_check.inform)
    found = []
    for ingredient in resolution.ingredients:
        for factor, grade in knowledge.drugs.rows[ingredient].factors.items():
            entry = wording.cards.factors.get(factor)
            if entry is not None and entry.order is not None and grade in inform:
                found.append(Hit(factor, ingredient, grade))
    return found


def _warns(knowledge: Knowledge, wording: Wording, found: list[Hit]) -> bool:
    warn = set(wording.cards.medication_check.warn)
    return any(hit.grade in warn and _grade(knowledge, hit) != EvidenceGrade.D for hit in found)


def _grade(knowledge: Knowledge, hit: Hit) -> EvidenceGrade | None:
    item = knowledge.factor(hit.factor).item
    return item.evidence_grade if item else None


def order_cards(
    knowledge: Knowledge,
    wording: Wording,
    hook: str,
    patient: str,
    orders: list[MedicationFact],
    overridden: Callable[[str], bool],
) -> list[dict[str, Any]]:
    """One card per draft order that raises a factor, unless that card was overridden before."""
    cards = []
    for order in orders:
        found = hits(knowledge, wording, order)
        if not found:
            continue
        warning = _warns(knowledge, wording, found)
        if hook == "order-sign" and not warning:
            continue
        ingredients = sorted({h.ingredient for h in found})
        uid = card_id("medication", patient, order.source, *ingredients)
        if overridden(uid):
            continue
        shown = warning and hook == "order-sign"
        cards.append(_card(knowledge, wording, order, found, (uid, patient), shown))
    return cards


def _card(
    knowledge: Knowledge,
    wording: Wording,
    order: MedicationFact,
    found: list[Hit],
    ids: tuple[str, str],
    warning: bool,
) -> dict[str, Any]:
    uid = ids[0]
    scope = wording.cards.medication_check
    drug = " and ".join(sorted({h.ingredient for h in found}))
    template = scope.summary_warning if warning else scope.summary_info
    factors = list(dict.fromkeys(h.factor for h in found))
    lines = []
    for factor in factors:
        order_words = wording.cards.factors[factor].order
        assert order_words is not None
        item = knowledge.factor(factor).item
        grade = item.evidence_grade.value if item else "?"
        lines.append(f"**{scope.why_label}:** {order_words.detail} ({scope.grade_label}: {grade}.)")
    card: dict[str, Any] = {
        "uuid": uid,
        "summary": fit(template.format(drug=capital(drug))),
        "indicator": "warning" if warning else "info",
        "source": source(wording, scope.topic),
    }
    suggestions = _suggestions(wording, order, found, ids, drug)
    lines += [_caveat(wording, found), "", scope.closing]
    card["detail"] = "\n\n".join(line for line in lines if line)
    if suggestions:
        card["suggestions"] = suggestions
        card["selectionBehavior"] = "at-most-one"
    card["overrideReasons"] = override_reasons(wording, "medication")
    links = _links(knowledge, factors, wording)
    if links:
        card["links"] = links
    return card


def _may_act(wording: Wording, order: MedicationFact, found: list[Hit]) -> bool:
    """Only a draft order, and only when every factor's wording allows actions."""
    if order.status != DRAFT or not order.source.startswith("MedicationRequest/"):
        return False
    for hit in found:
        words = wording.cards.factors[hit.factor].order
        if words is None or words.actions != "remove-or-replace":
            return False
    return True


def _suggestions(
    wording: Wording,
    order: MedicationFact,
    found: list[Hit],
    ids: tuple[str, str],
    drug: str,
) -> list[dict[str, Any]]:
    uid, patient = ids
    if not _may_act(wording, order, found):
        return []
    scope = wording.cards.medication_check
    remove = {"type": "delete", "description": scope.remove_action, "resourceId": order.source}
    out = [
        {
            "label": scope.remove.format(drug=drug),
            "uuid": card_id(uid, "remove"),
            "actions": [remove],
        }
    ]
    ingredients = {h.ingredient for h in found}
    pair = wording.pairs.get(next(iter(ingredients))) if len(ingredients) == 1 else None
    for alt in pair.alternatives if pair else []:
        assert pair is not None
        create = {
            "type": "create",
            "description": scope.replace_action.format(alternative=alt.display),
            "resource": _replacement(patient, alt.rxcui, alt.display),
        }
        label = scope.replace.format(drug=drug, indication=pair.indication, alternative=alt.display)
        out.append(
            {
                "label": label,
                "uuid": card_id(uid, "replace", alt.ingredient),
                "actions": [remove, create],
            }
        )
    return out


def _replacement(patient: str, rxcui: str, display: str) -> dict[str, Any]:
    """A draft MedicationRequest for the alternative; the dose is left to the prescriber."""
    return {
        "resourceType": "MedicationRequest",
        "status": DRAFT,
        "intent": "order",
        "subject": {"reference": f"Patient/{patient}"},
        "medicationCodeableConcept": {
            "coding": [
                {
                    "system": System.RXNORM.value,
                    "code": rxcui,
                    "display": display,
                }
            ],
            "text": display,
        },
    }


def _caveat(wording: Wording, found: list[Hit]) -> str:
    notes = []
    for hit in found:
        pair: Pair | None = wording.pairs.get(hit.ingredient)
        for alt in pair.alternatives if pair else []:
            if alt.caveat:
                notes.append(alt.caveat)
    return " ".join(dict.fromkeys(notes))


def _links(knowledge: Knowledge, factors: list[str], wording: Wording) -> list[dict[str, str]]:
    links: dict[str, dict[str, str]] = {}
    for factor in factors:
        order_words = wording.cards.factors[factor].order
        item = knowledge.factor(factor).item
        if order_words is None or item is None:
            continue
        cited = {c.id: c for c in item.citations}
        for cite in order_words.cite:
            url = citation_url(cited[cite].ref)
            if url and url not in links:
                links[url] = {"label": cited[cite].title, "url": url, "type": "absolute"}
    return list(links.values())
