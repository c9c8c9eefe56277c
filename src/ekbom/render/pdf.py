"""The PDF summary: the patient's summary on at most two A4 pages (WeasyPrint, extra `[pdf]`).

Sections come in a fixed order: summary, medicines to discuss, tests to ask about, the
not-a-diagnosis notice, date and versions. Body text is 11 pt and nothing is smaller than 10 pt.
When a long result would need a third page, the summary is laid out again more compactly
(first without the advice sentences, then headings only, then shorter lists with a count of
what was left out), so the page limit always holds. WeasyPrint and Jinja2 are imported here
only, when a PDF is asked for.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from ekbom.errors import InputError
from ekbom.result import Result
from ekbom.web.summary import PatientSummary, summarise, text

if TYPE_CHECKING:
    from jinja2 import Environment
    from weasyprint import Document  # type: ignore[import-untyped]

TEMPLATE = "summary_pdf.html.j2"
MAX_PAGES = 2
"""The issue's page limit."""
LAYOUTS = ((0, 1000), (1, 1000), (2, 1000), (2, 12), (2, 6))
"""(compactness, list length) tried in turn until the summary fits on MAX_PAGES."""


def to_pdf(result: Result) -> bytes:
    """The result's patient summary as PDF bytes (at most two pages).

    Raises:
        InputError: WeasyPrint (the `[pdf]` extra) is not installed.
    """
    document = layout(summarise(result))
    data = document.write_pdf()
    assert isinstance(data, bytes)
    return data


def layout(summary: PatientSummary) -> Document:
    """The laid-out document: the fullest layout that fits on MAX_PAGES pages."""
    for level, limit in LAYOUTS:
        document = _render(summary_html(summary, level, limit))
        if len(document.pages) <= MAX_PAGES:
            return document
    return document


def summary_html(summary: PatientSummary, level: int = 0, limit: int = 1000) -> str:
    """The HTML the PDF is made from (escaped throughout)."""
    template = _environment().get_template(TEMPLATE)
    made_on = date.today().isoformat()
    return template.render(s=summary, t=text(), level=level, limit=limit, made_on=made_on)


def _render(html: str) -> Document:
    try:
        from weasyprint import HTML
    except ImportError:
        raise InputError("--format pdf", "needs the pdf extra: pip install 'ekbom[pdf]'") from None
    return HTML(string=html).render()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from ekbom.render.templates import environment

    return environment()
