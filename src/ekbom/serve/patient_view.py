"""ekbom-rls-patient-view: one summary card of contributing factors, one work-up card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ekbom.kb.knowledge import Knowledge
from ekbom.result import Evidence, Finding, Result
from ekbom.serve.cards import card_id, escape, fit, override_reasons, source
from ekbom.serve.config import Orderable
from ekbom.serve.wording import Wording
from ekbom.vocab import SHORT_SYSTEMS, Status


@dataclass(frozen=True, slots=True)
class Chart:
    """What the cards need besides the result: who, what the site orders by, what is pending."""

    patient: str
    orderables: list[Orderable] | None
    pending: set[tuple[str, str]]


def patient_view_cards(
    result: Result, knowledge: Knowledge, wording: Wording, chart: Chart
) -> list[dict[str, Any]]:
    """At most one summary card and one work-up card."""
    cards = []
    summary = summary_card(result, wording, chart)
    if summary is not None:
        cards.append(summary)
    workup = workup_card(result, knowledge, wording, chart)
    if workup is not None:
        cards.append(workup)
    return cards


def _listed(result: Result, wording: Wording) -> list[Finding]:
    scope = wording.cards.patient_view
    chosen = [
        f for f in result.findings if f.status in scope.statuses and f.category in scope.categories
    ]
    return sorted(chosen, key=lambda f: scope.statuses.index(f.status))


def summary_card(result: Result, wording: Wording, chart: Chart) -> dict[str, Any] | None:
    """The factors on record that may contribute, each with why and which data."""
    findings = _listed(result, wording)
    if not findings:
        return None
    scope = wording.cards.patient_view
    labels = ", ".join(wording.label(f.factor) for f in findings)
    summary = scope.summary.format(
        count=len(findings), s="" if len(findings) == 1 else "s", labels=labels
    )
    lines = [scope.intro, ""]
    for finding in findings:
        lines.append(_finding_lines(finding, wording))
    lines += ["", scope.closing]
    key = ",".join(f"{f.factor}:{f.status}" for f in findings)
    return {
        "uuid": card_id("patient-view", chart.patient, key),
        "summary": fit(summary),
        "detail": "\n".join(lines),
        "indicator": "info",
        "source": source(wording, scope.topic),
    }


def _finding_lines(finding: Finding, wording: Wording) -> str:
    scope = wording.cards.patient_view
    word = scope.status_words.get(finding.status, finding.status.value)
    text = f"- **{escape(finding.title)}** ({word}): {finding.explanation.clinician}"
    data = [_evidence(e) for e in finding.evidence if e.counted]
    if data:
        text += f"\n  {scope.data_label}: " + "; ".join(data) + "."
    if finding.recommendation is not None:
        text += f"\n  {scope.next_label}: {finding.recommendation.clinician}"
    return text


def _evidence(evidence: Evidence) -> str:
    name = evidence.display or (evidence.code.code if evidence.code else evidence.ingredient)
    parts = [escape(name or evidence.source)]
    if evidence.value is not None:
        shown = f"{evidence.comparator or ''}{evidence.value:g}"
        parts.append(escape(f"{shown} {evidence.unit or ''}".strip()))
    where = [evidence.date.isoformat()] if evidence.date else []
    where.append(escape(evidence.source))
    return " ".join(parts) + f" ({', '.join(where)})"


def workup_card(
    result: Result, knowledge: Knowledge, wording: Wording, chart: Chart
) -> dict[str, Any] | None:
    """A suggestion creating the work-up orders, unless such an order is already pending."""
    scope = wording.cards.workup
    item = next((w for w in result.workup if w.test == scope.test), None)
    if item is None:
        return None
    codes = orderables(knowledge, scope.test, chart.orderables)
    known = {(c.system, c.code) for c in codes} | {(c.system, c.code) for c in item.codes}
    if known & chart.pending:
        return None
    uid = card_id("workup", chart.patient, scope.test)
    factors = ", ".join(wording.label(f) for f in item.factors)
    detail = [
        scope.intro,
        "",
        item.reason.clinician,
        "",
        f"{scope.factors_label}: {factors}.",
        "",
        scope.cite_note,
    ]
    actions = [
        {
            "type": "create",
            "description": scope.action.format(display=code.display or code.code),
            "resource": _service_request(code, chart.patient, item.title),
        }
        for code in codes
    ]
    return {
        "uuid": uid,
        "summary": fit(scope.summary),
        "detail": "\n".join(detail),
        "indicator": "info",
        "source": source(wording, scope.topic),
        "suggestions": [
            {"label": scope.suggestion, "uuid": card_id(uid, "order"), "actions": actions}
        ],
        "selectionBehavior": "at-most-one",
        "overrideReasons": override_reasons(wording, "workup"),
    }


def orderables(knowledge: Knowledge, test: str, site: list[Orderable] | None) -> list[Orderable]:
    """The codes to order a work-up test by: the site's, else the knowledge's with lab names."""
    if site:
        return site
    names = {(e.system, e.code): e.display for e in knowledge.lab_codes.entries}
    out = []
    for short in knowledge.workup.tests[test].codes:
        system, code = short.split("#", 1)
        uri = SHORT_SYSTEMS[system].value
        out.append(Orderable(system=uri, code=code, display=names.get((uri, code))))
    return out


def _service_request(code: Orderable, patient: str, title: str) -> dict[str, Any]:
    coding = {"system": code.system, "code": code.code}
    if code.display:
        coding["display"] = code.display
    return {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "order",
        "code": {"coding": [coding], "text": code.display or title},
        "subject": {"reference": f"Patient/{patient}"},
    }


def speaks_for(result: Result, quiet: bool) -> bool:
    """Whether patient-view gives cards: RLS present, or also possible when not quiet."""
    wanted = {Status.PRESENT} if quiet else {Status.PRESENT, Status.POSSIBLE}
    return result.rls.status in wanted
