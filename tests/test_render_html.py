"""The HTML report: a self-contained, printable, escaped page built from the result."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import ekbom
from ekbom.facts import Code, ConditionFact, Facts, MedicationFact, ObservationFact, PatientFact
from ekbom.render.html import render_html
from ekbom.result import Result
from ekbom.vocab import System

AS_OF = date(2026, 11, 20)
HOSTILE = "Tylenol PM <script>alert('x')</script> & \"friends\""


def _entry(resource: dict[str, object]) -> dict[str, object]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _bundle() -> dict[str, object]:
    """A small adult record: RLS, ferritin 42 ng/mL and a 'PM' product with a hostile name."""
    subject = {"reference": "Patient/p1"}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            _entry({"resourceType": "Patient", "id": "p1", "birthDate": "1978-03-14"}),
            _entry(
                {
                    "resourceType": "Condition",
                    "id": "c1",
                    "subject": subject,
                    "code": {
                        "coding": [
                            {
                                "system": System.SNOMED,
                                "code": "32914008",
                                "display": "Restless legs",
                            }
                        ]
                    },
                    "onsetDateTime": "2016-05-10",
                }
            ),
            _entry(
                {
                    "resourceType": "Observation",
                    "id": "o1",
                    "status": "final",
                    "subject": subject,
                    "effectiveDateTime": "2026-10-01",
                    "code": {
                        "coding": [
                            {"system": System.LOINC, "code": "2276-4", "display": "Ferritin"}
                        ]
                    },
                    "valueQuantity": {
                        "value": 42,
                        "unit": "ng/mL",
                        "system": System.UCUM,
                        "code": "ng/mL",
                    },
                }
            ),
            _entry(
                {
                    "resourceType": "MedicationStatement",
                    "id": "m1",
                    "status": "active",
                    "subject": subject,
                    "medicationCodeableConcept": {"text": HOSTILE},
                    "effectivePeriod": {"start": "2026-10-15"},
                }
            ),
        ],
    }


@pytest.fixture(scope="module")
def bundle_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "record.json"
    path.write_text(json.dumps(_bundle()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(bundle_file: Path) -> Result:
    return ekbom.evaluate(ekbom.load_knowledge(), ekbom.read_fhir([bundle_file]), AS_OF)


@pytest.fixture(scope="module")
def page(result: Result) -> str:
    return render_html(result)


class _Outline(HTMLParser):
    """Collects headings, table header cells and external asset references of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.th_scopes: list[str | None] = []
        self.tables = 0
        self.tags: set[str] = set()
        self.html_lang: str | None = None
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.html_lang = values.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.th_scopes.append(values.get("scope"))
        if tag == "table":
            self.tables += 1
        self.references += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "data")]


def _outline(page: str) -> _Outline:
    parser = _Outline()
    parser.feed(page)
    return parser


def test_the_safety_notice_comes_first_and_says_what_ekbom_is_not(page: str) -> None:
    notice = page.index('class="notice"')
    assert notice < page.index('id="rls-heading"')
    assert "not a diagnosis" in page
    assert "Do not stop or change a prescribed medicine on your own" in page
    assert "has not yet been clinically validated" in page


def test_the_header_names_versions_as_of_date_and_patient(page: str, result: Result) -> None:
    assert f"<dd>{result.ekbom_version}</dd>" in page
    assert f"<dd>{result.knowledge_version}</dd>" in page
    assert "<dd>2026-11-20</dd>" in page
    assert "<dd>Patient/p1</dd>" in page


def test_every_present_finding_shows_its_evidence_sources(page: str, result: Result) -> None:
    present = [f for f in result.findings if f.status.value == "present"]
    assert {f.factor for f in present} >= {"iron-deficiency", "antihistamine"}
    for finding in present:
        article = page[page.index(f'id="factor-{finding.factor}"') :]
        article = article[: article.index("</article>")]
        assert "PRESENT" in article
        for evidence in finding.evidence:
            assert f'<td class="source">{evidence.source}</td>' in article


def test_the_rls_block_shows_status_basis_and_onset_age(page: str) -> None:
    block = page[page.index('id="rls-heading"') : page.index('id="findings-heading"')]
    assert "PRESENT" in block
    assert "(coded-diagnosis)" in block
    assert "onset at 38 years" in block
    assert "Condition/c1" in block


def test_a_lab_result_shows_value_unit_normalized_value_and_date(page: str) -> None:
    article = page[page.index('id="factor-iron-deficiency"') :]
    article = article[: article.index("</article>")]
    assert article.count("42 ng/mL") == 2
    assert "2026-10-01" in article
    assert "LOINC 2276-4" in article


def test_html_in_a_display_text_is_escaped_not_injected(page: str) -> None:
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;friends&#34;" in page


def test_html_in_a_code_display_built_from_facts_is_escaped() -> None:
    hostile = '<img src="https://evil.example/x.png" onerror="alert(1)">'
    facts = Facts(
        patient=PatientFact(source="Patient/f1", id="f1", birth_date=date(1970, 1, 1)),
        conditions=[
            ConditionFact(
                source="Condition/<b>c</b>",
                codes=(Code(System.SNOMED, "32914008", hostile),),
                onset=date(2020, 1, 1),
            )
        ],
        observations=[
            ObservationFact(
                source="Observation/o1",
                codes=(Code(System.LOINC, "2276-4", "Ferritin"),),
                date=date(2026, 9, 1),
                value=30.0,
                unit="ng/mL",
            )
        ],
        medications=[
            MedicationFact(
                source="MedicationRequest/m1",
                kind="MedicationRequest",
                codes=(),
                text="doxylamine succinate 25 MG Oral Tablet",
                start=date(2026, 11, 1),
                end=None,
                status="active",
            )
        ],
    )
    page = render_html(ekbom.evaluate(ekbom.load_knowledge(), facts, AS_OF))
    assert "<img" not in page
    assert "<b>c</b>" not in page
    assert "&lt;img src=&#34;https://evil.example/x.png&#34;" in page
    assert "Condition/&lt;b&gt;c&lt;/b&gt;" in page


def test_the_page_is_self_contained(page: str) -> None:
    outline = _outline(page)
    external = [ref for ref in outline.references if re.match(r"\s*(https?:)?//", ref, re.I)]
    assert external == []
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?://""", page, re.I)
    assert not outline.tags & {"script", "link", "img", "iframe", "object"}
    assert "@import" not in page
    assert "url(" not in page


def test_the_page_is_accessible(page: str) -> None:
    outline = _outline(page)
    assert outline.html_lang == "en"
    assert outline.headings[0] == 1
    assert outline.headings.count(1) == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{after} follows h{before}"
    assert outline.tables >= 2
    assert outline.th_scopes
    assert all(scope == "col" for scope in outline.th_scopes)
    assert page.count("<caption>") == outline.tables


def test_status_is_written_in_words_not_only_colour(page: str, result: Result) -> None:
    for finding in result.findings:
        if f'id="factor-{finding.factor}"' in page:
            article = page[page.index(f'id="factor-{finding.factor}"') :]
            article = article[: article.index("</article>")]
            assert finding.status.value.upper() in article
            assert f"({finding.basis.value})" in article


def test_factors_without_any_data_are_collapsed_into_one_list(page: str, result: Result) -> None:
    undecided = page[page.index('id="undecided-heading"') :]
    undecided = undecided[: undecided.index("</section>")]
    empty = [
        f
        for f in result.findings
        if f.status.value == "unknown" and f.basis.value == "no-data" and not f.evidence
    ]
    assert len(empty) > 10
    for finding in empty:
        assert f"({finding.factor})" in undecided
        assert f'id="factor-{finding.factor}"' not in page
    assert page.count("<article") == len(result.findings) - len(empty)


def test_findings_are_grouped_by_category_in_the_closed_order(page: str) -> None:
    order = [page.find(f"<h3>{title}</h3>") for title in ("Conditions", "Medications")]
    assert -1 not in order
    assert order == sorted(order)


def test_print_css_asks_for_a4_and_keeps_a_finding_on_one_page(page: str) -> None:
    assert "@media print" in page
    assert "size: A4" in page
    assert re.search(r"\.finding[^{]*\{[^}]*break-inside: avoid", page)
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)pt", page)]
    assert sizes
    assert min(sizes) >= 10


def test_rendering_html_does_not_import_jinja_at_package_import() -> None:
    code = (
        "import sys, ekbom, ekbom.render.html, ekbom.commands.check; print('jinja2' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_check_writes_the_html_report_to_a_file(bundle_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ekbom",
            "check",
            str(bundle_file),
            "--as-of",
            "2026-11-20",
            "--format",
            "html",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert "Observation/o1" in page
    assert "not a diagnosis" in page
