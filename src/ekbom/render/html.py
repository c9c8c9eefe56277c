"""The HTML renderer: one self-contained, printable page (inline CSS, no scripts, no assets).

The page is built from `result_dict`, the same data the JSON output carries, so the two cannot
drift. Jinja2 is imported here only, never when the package is imported.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ekbom.render.as_dict import result_dict
from ekbom.result import Result
from ekbom.vocab import CATEGORY_TITLE, SHORT_SYSTEMS, Basis, Category, Status

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE = "report.html.j2"
SYSTEM_NAME = {system.value: name for name, system in SHORT_SYSTEMS.items()}


def render_html(result: Result) -> str:
    """The result as a complete HTML document (UTF-8 text, escaped throughout)."""
    data = result_dict(result)
    shown, undecided = _split(data["findings"])
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            r=data,
            groups=_groups(shown),
            undecided=undecided,
            patient_notices=[notice.patient for notice in result.notices],
        )
    )


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from ekbom.render.templates import environment as shared

    environment = shared()
    environment.filters["number"] = number
    environment.filters["system"] = system_name
    return environment


def _split(findings: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Findings worth a section, and those the record cannot decide at all (no data, no evidence).

    An unknown finding that carries evidence (an exception drug, a cream) or another basis
    (unresolved medication, uninterpretable result) keeps its section: it tells the reader why.
    """
    shown: list[dict[str, Any]] = []
    undecided: list[dict[str, Any]] = []
    for finding in findings:
        empty = (
            finding["status"] == Status.UNKNOWN
            and finding["basis"] == Basis.NO_DATA
            and not finding["evidence"]
        )
        (undecided if empty else shown).append(finding)
    return shown, undecided


def _groups(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings by category, in the order of the closed category list; empty ones left out."""
    groups = []
    for category in Category:
        members = [f for f in findings if f["category"] == category]
        if members:
            groups.append((CATEGORY_TITLE[category], members))
    return groups


def number(value: float | None) -> str:
    """A measured value without float noise.

    >>> number(42.0), number(11.42857), number(0.05), number(None)
    ('42', '11.43', '0.05', '')
    """
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def system_name(uri: str) -> str:
    """A code system's short name, or its URI when ekbom has no short name for it.

    >>> system_name("http://loinc.org"), system_name("urn:oid:1.2.3")
    ('LOINC', 'urn:oid:1.2.3')
    """
    return SYSTEM_NAME.get(uri, uri)
