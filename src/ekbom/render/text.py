"""The text renderer: Rich tables grouped by category, readable without colour."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ekbom.result import Evidence, Finding, Result
from ekbom.vocab import CATEGORY_TITLE, Category, Status

STATUS_STYLE = {
    Status.PRESENT: "bold red",
    Status.POSSIBLE: "yellow",
    Status.ABSENT: "green",
    Status.UNKNOWN: "dim",
}


def render_text(result: Result, colour: bool = False, width: int = 110) -> str:
    """The result as a terminal report (plain text unless `colour`)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=colour, no_color=not colour, width=width, highlight=False
    )
    rls = result.rls
    console.print(
        f"ekbom {result.ekbom_version} · knowledge {result.knowledge_version} · "
        f"as of {result.as_of.isoformat()}"
        + (f" · {escape(result.patient)}" if result.patient else "")
    )
    console.print(
        f"RLS: [{STATUS_STYLE[rls.status]}]{rls.status.value}[/] ({rls.basis.value})"
        + (f", onset at {rls.onset_age} years" if rls.onset_age is not None else "")
        + (
            f", IRLS total {rls.irls.total} ({escape(rls.irls.title.lower())})"
            if rls.irls is not None
            else ""
        )
    )
    for mimic in rls.mimics:
        console.print(f"  mimic on record: {escape(mimic.title)}")
    for category in Category:
        shown = [f for f in result.findings if f.category is category and not _silent(f)]
        if shown:
            console.print(_table(CATEGORY_TITLE[category], shown))
    silent = [f.factor for f in result.findings if _silent(f)]
    if silent:
        console.print(f"\nNo data on: {', '.join(silent)}.")
    if result.workup:
        console.print("\nWork-up")
        for item in result.workup:
            console.print(escape(f"  - [{item.kind}] {item.title}: {item.reason.clinician}"))
    if result.warnings:
        console.print("\nWarnings")
        for warning in result.warnings:
            console.print(escape(f"  - {warning.code}: {warning.message}"))
    console.print()
    for notice in result.notices:
        console.print(escape(notice.clinician))
    return buffer.getvalue()


def _silent(finding: Finding) -> bool:
    """Unknown for lack of any data, with nothing to show: listed on one line, not in a table."""
    return finding.basis.value == "no-data" and not finding.evidence


def _table(title: str, findings: list[Finding]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=True)
    table.add_column("factor", ratio=2)
    table.add_column("status", ratio=1)
    table.add_column("basis", ratio=2)
    table.add_column("evidence and next step", ratio=6)
    for finding in findings:
        detail = "; ".join(_evidence(e) for e in finding.evidence[:3])
        detail = (
            f"{detail}. {finding.explanation.clinician}"
            if detail
            else (finding.explanation.clinician)
        )
        if finding.recommendation and finding.status in (Status.PRESENT, Status.POSSIBLE):
            detail += f" Next: {finding.recommendation.clinician}"
        style = STATUS_STYLE[finding.status]
        table.add_row(
            finding.factor,
            f"[{style}]{finding.status.value}[/]",
            finding.basis.value,
            escape(detail),
        )
    return table


def _evidence(evidence: Evidence) -> str:
    parts = [evidence.display or evidence.source]
    if evidence.value is not None:
        parts.append(f"{evidence.comparator or ''}{evidence.value:g} {evidence.unit or ''}".strip())
    if evidence.date is not None:
        parts.append(evidence.date.isoformat())
    if not evidence.counted:
        parts.append("(not counted)")
    return " ".join(parts)
