"""The PDF summary: at most two pages even for the longest result the knowledge can produce,
sections in the fixed order, no text under 10 pt, the safety sentence beside any medicine."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ekbom.engine.evaluate import evaluate
from ekbom.facts import Facts
from ekbom.kb.load import load_knowledge
from ekbom.render.pdf import MAX_PAGES, layout, to_pdf
from ekbom.result import Evidence, Result, Said, WorkupItem
from ekbom.sources.fhir import read_fhir
from ekbom.vocab import Category, Status
from ekbom.web.summary import summarise

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "ekbom" / "examples"
SECTIONS = (
    "Summary",
    "Medicines to discuss",
    "Tests to ask about",
    "Not a diagnosis",
    "Date and versions",
)
SAFETY = "Do not stop or change a prescribed medicine on your own"
POINT = 96 / 72
"""CSS pixels per point: WeasyPrint lays out in CSS pixels."""


def _longest(texts: list[str]) -> str:
    return max(texts, key=len) if texts else ""


def longest_result() -> Result:
    """Every factor present with its longest patient wording, several medicines each, and every
    work-up item: more than any real record can produce."""
    knowledge = load_knowledge()
    base = evaluate(knowledge, Facts(), date(2026, 11, 24))
    findings = []
    for finding, factor in zip(base.findings, knowledge.factors, strict=True):
        rules = factor.item.rules if factor.item else []
        explain = _longest([r.explain.patient for r in rules if r.explain])
        recommend = _longest([r.recommend.patient for r in rules if r.recommend])
        ingredients = sorted(knowledge.drugs.by_factor.get(factor.id, {}))[:4]
        evidence = (
            tuple(
                Evidence(source=f"MedicationStatement/{i}", code=None, display=i, ingredient=i)
                for i in ingredients
            )
            if factor.category in (Category.MEDICATION, Category.WITHDRAWAL)
            else ()
        )
        findings.append(
            replace(
                finding,
                status=Status.PRESENT,
                evidence=evidence,
                explanation=Said(explain, explain or "x"),
                recommendation=Said(recommend, recommend) if recommend else None,
            )
        )
    workup = tuple(
        WorkupItem(
            test=key,
            kind=t.kind,
            title=t.title,
            reason=Said(t.reason.clinician, t.reason.patient),
            codes=(),
            factors=(),
        )
        for key, t in knowledge.workup.tests.items()
    )
    return replace(base, findings=tuple(findings), workup=workup)


def example_result(name: str = "01-rls-low-ferritin-pm-product.json") -> Result:
    return evaluate(load_knowledge(), read_fhir([EXAMPLES / name]), date(2026, 11, 24))


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= MAX_PAGES, f"{pages} pages"
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("make", [example_result, longest_result], ids=["example", "longest"])
def test_the_summary_fits_on_two_pages_with_sections_in_order(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = pdf_text(to_pdf(make()), tmp_path)
    order = [text.find(heading) for heading in SECTIONS]
    assert -1 not in order, text
    assert order == sorted(order)


def test_the_longest_result_is_compacted_rather_than_cut(tmp_path: Path) -> None:
    result = longest_result()
    text = " ".join(pdf_text(to_pdf(result), tmp_path).split())
    for finding in result.findings:
        assert finding.title in text or "more (see the full report)" in text


def _font_sizes(document) -> set[float]:  # type: ignore[no-untyped-def]
    from weasyprint.formatting_structure.boxes import TextBox

    sizes: set[float] = set()

    def walk(box) -> None:  # type: ignore[no-untyped-def]
        if isinstance(box, TextBox) and box.text.strip():
            sizes.add(box.style["font_size"] / POINT)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return sizes


@pytest.mark.parametrize("make", [example_result, longest_result], ids=["example", "longest"])
def test_no_text_is_smaller_than_10_pt(make) -> None:  # type: ignore[no-untyped-def]
    sizes = _font_sizes(layout(summarise(make())))
    assert sizes, "the layout holds text"
    assert min(sizes) >= 10, sorted(sizes)


def test_the_safety_sentence_stands_beside_the_medicines(tmp_path: Path) -> None:
    text = " ".join(pdf_text(to_pdf(example_result()), tmp_path).split())
    medicines = text[text.index("Medicines to discuss") : text.index("Tests to ask about")]
    assert "diphenhydramine" in medicines
    assert SAFETY in medicines


def test_a_summary_without_medicines_says_so(tmp_path: Path) -> None:
    result = evaluate(load_knowledge(), Facts(), date(2026, 11, 24))
    text = " ".join(pdf_text(to_pdf(result), tmp_path).split())
    assert "Nothing here points to a medicine" in text
    assert "2026-11-24" in text and result.knowledge_version in text
