"""Work-up items in plain words: `patient_title` on the page and in the PDF, `title` as fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from ekbom.kb.load import default_path, load_knowledge
from ekbom.kb.schema import WorkupTable
from ekbom.render.pdf import summary_html
from ekbom.web.summary import patient_titles, summarise
from tests.web.readability import grade
from tests.web.test_pdf import example_result, longest_result, pdf_text

MAX_GRADE = 8


def test_every_work_up_item_has_a_plain_title_at_grade_8_or_lower() -> None:
    tests = load_knowledge().workup.tests
    assert set(patient_titles()) == set(tests)
    # Measured together, as the page shows them: a few words each are too short to grade alone.
    together = ". ".join(patient_titles().values()) + "."
    assert grade(together) <= MAX_GRADE, f"the plain titles read at grade {grade(together):.1f}"
    for test, title in patient_titles().items():
        assert title != tests[test].title, f"{test}: the plain title repeats the clinician's"


def test_the_summary_names_tests_by_their_plain_title() -> None:
    result = example_result()
    summary = summarise(result)
    shown = {p.key: p.title for p in (*summary.tests, *summary.questions)}
    assert shown, "the example suggests some work-up"
    assert shown == {w.test: patient_titles()[w.test] for w in result.workup}


def test_without_a_plain_title_the_clinician_title_is_used() -> None:
    result = example_result()
    summary = summarise(result, titles={})
    assert [p.title for p in summary.tests] == [
        w.title for w in result.workup if w.kind in ("lab", "refer")
    ]


def test_the_pdf_shows_plain_titles_and_not_the_clinician_ones(tmp_path: Path) -> None:
    from ekbom.render.pdf import to_pdf

    result = longest_result()
    html = summary_html(summarise(result))
    text = " ".join(pdf_text(to_pdf(result), tmp_path).split())
    iron = load_knowledge().workup.tests["iron-studies"]
    assert iron.patient_title is not None
    assert iron.patient_title in html and iron.title not in html
    assert iron.patient_title in text


def test_the_schema_checks_a_plain_title() -> None:
    raw = yaml.safe_load((default_path() / "tables" / "workup.yaml").read_text(encoding="utf-8"))
    raw["tests"]["iron-studies"]["patient_title"] = ""
    with pytest.raises(ValidationError, match="patient_title"):
        WorkupTable.model_validate(raw)
    raw["tests"]["iron-studies"]["plain_title"] = "Iron"
    del raw["tests"]["iron-studies"]["patient_title"]
    with pytest.raises(ValidationError, match="plain_title"):
        WorkupTable.model_validate(raw)
