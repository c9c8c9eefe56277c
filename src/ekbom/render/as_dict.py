"""The result as plain JSON-ready data, in the contract's shape. Shared by every renderer."""

from __future__ import annotations

from typing import Any

from ekbom.facts import Code, InputWarning
from ekbom.result import Evidence, Finding, Mimic, Result, RlsBlock, Said, WorkupItem


def result_dict(result: Result) -> dict[str, Any]:
    """The whole result: versions, as-of date, rls, findings, work-up, warnings, notices."""
    return {
        "ekbom_version": result.ekbom_version,
        "knowledge_version": result.knowledge_version,
        "as_of": result.as_of.isoformat(),
        "patient": result.patient,
        "rls": rls_dict(result.rls),
        "findings": [finding_dict(f) for f in result.findings],
        "workup": [workup_dict(w) for w in result.workup],
        "warnings": [warning_dict(w) for w in result.warnings],
        "notices": [n.clinician for n in result.notices],
    }


def code_dict(code: Code) -> dict[str, str]:
    """A coding as {system, code}."""
    return {"system": code.system, "code": code.code}


def evidence_dict(evidence: Evidence) -> dict[str, Any]:
    """One piece of evidence; optional keys appear only when they have a value."""
    out: dict[str, Any] = {"source": evidence.source}
    if evidence.code is not None:
        out["code"] = code_dict(evidence.code)
    if evidence.display is not None:
        out["display"] = evidence.display
    for key in (
        "value",
        "comparator",
        "unit",
        "value_normalized",
        "unit_normalized",
        "ingredient",
        "note",
    ):
        value = getattr(evidence, key)
        if value is not None:
            out[key] = value
    if evidence.date is not None:
        out["date"] = evidence.date.isoformat()
    out["counted"] = evidence.counted
    return out


def _said(said: Said | None) -> tuple[str | None, str | None]:
    return (said.clinician, said.patient) if said else (None, None)


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One factor's finding."""
    explanation, explanation_patient = _said(finding.explanation)
    recommendation, recommendation_patient = _said(finding.recommendation)
    return {
        "factor": finding.factor,
        "title": finding.title,
        "status": finding.status.value,
        "basis": finding.basis.value,
        "category": finding.category.value,
        "extension": finding.extension,
        "evidence_grade": finding.evidence_grade,
        "review_status": finding.review_status,
        "evidence": [evidence_dict(e) for e in finding.evidence],
        "explanation": explanation,
        "recommendation": recommendation,
        "patient": {"explanation": explanation_patient, "recommendation": recommendation_patient},
    }


def rls_dict(rls: RlsBlock) -> dict[str, Any]:
    """The rls block."""
    return {
        "status": rls.status.value,
        "basis": rls.basis.value,
        "evidence": [evidence_dict(e) for e in rls.evidence],
        "onset_age": rls.onset_age,
        "mimics": [mimic_dict(m) for m in rls.mimics],
        "explanation": rls.explanation.clinician,
        "irls": None
        if rls.irls is None
        else {
            "total": rls.irls.total,
            "band": rls.irls.band,
            "source": rls.irls.source,
            "date": rls.irls.date.isoformat() if rls.irls.date else None,
        },
    }


def mimic_dict(mimic: Mimic) -> dict[str, Any]:
    """One recorded mimic."""
    return {
        "mimic": mimic.mimic,
        "title": mimic.title,
        "evidence": [evidence_dict(e) for e in mimic.evidence],
    }


def workup_dict(item: WorkupItem) -> dict[str, Any]:
    """One work-up item."""
    out: dict[str, Any] = {
        "test": item.test,
        "kind": item.kind,
        "title": item.title,
        "reason": item.reason.clinician,
        "factors": list(item.factors),
    }
    if item.codes:
        out["codes"] = [code_dict(c) for c in item.codes]
    return out


def warning_dict(warning: InputWarning) -> dict[str, Any]:
    """One warning."""
    out: dict[str, Any] = {"code": warning.code, "message": warning.message}
    if warning.file is not None:
        out["file"] = warning.file
    if warning.source is not None:
        out["source"] = warning.source
    return out
