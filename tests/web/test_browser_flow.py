"""The self-check page completed in Chromium: with JavaScript on (phone), off (desktop), and the
red-flag stop. Every page shown passes axe-core without serious or critical violations, nothing
scrolls sideways at 360 px, and a screenshot of each is kept under tests/web/artifacts/."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from tests.web.conftest import Server, Traffic, axe_violations
from tests.web.flow import ANSWERS, CANARY, RED_FLAG, RESULTS, heading, run_flow

SAFETY = "Do not stop or change a prescribed medicine on your own"


def checker(
    axe_source: str,
    artifacts: Path,
    name: str,
    *,
    narrow: bool,
    snapshot: Callable[[str], Page] | None = None,
) -> tuple[Callable[[Page, str], None], list[str]]:
    """Axe, sideways scroll (on a phone) and a screenshot, for every page shown. With
    JavaScript off, axe inspects a snapshot of the page (see the `snapshot` fixture)."""
    problems: list[str] = []

    def check(page: Page, label: str) -> None:
        inspected = snapshot(page.content()) if snapshot else page
        for violation in axe_violations(inspected, axe_source):
            problems.append(f"{label}: {violation}")
        if narrow:
            wide = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if wide > 0:
                problems.append(f"{label}: scrolls sideways by {wide}px at 360px")
        page.screenshot(path=artifacts / f"{name}-{label}.png", full_page=True)

    return check, problems


def _result_text(page: Page) -> str:
    return page.locator("main").inner_text()


def _assert_result(text: str) -> None:
    assert "This is not a diagnosis" in text
    assert "Medicines to talk about" in text
    assert "diphenhydramine" in text, "Benadryl is named by its ingredient"
    assert "sertraline" in text
    assert SAFETY in text, "the safety sentence stands wherever a medicine is named"
    assert "Tests to ask about" in text
    assert "Blood tests of your iron stores" in text, "a test is named by its plain title"
    assert "Iron studies" not in text
    assert "cancer" not in text.lower(), "cancer is mentioned only when the person reported it"
    assert "take iron" not in text.lower()


def test_with_javascript_on_a_phone(
    phone: Page, server: Server, traffic: Traffic, axe_source: str, artifacts: Path
) -> None:
    check, problems = checker(axe_source, artifacts, "phone-js", narrow=True)
    seen = run_flow(phone, server.url, ANSWERS, check, errors_first=True)
    assert seen[-1] == "result"
    assert "step-1-errors" in seen
    assert not problems, "\n".join(problems)
    _assert_result(_result_text(phone))
    assert {
        m for u, m in zip(traffic.urls, traffic.methods, strict=True) if u.endswith("/check")
    } == {"POST"}
    assert not [u for u in traffic.urls if "?" in u], "answers never travel in URLs"


def test_with_javascript_off_on_a_desktop(
    desktop_no_js: Page,
    server: Server,
    traffic: Traffic,
    axe_source: str,
    artifacts: Path,
    tmp_path: Path,
    snapshot: Callable[[str], Page],
) -> None:
    page = desktop_no_js
    check, problems = checker(
        axe_source, artifacts, "desktop-nojs", narrow=False, snapshot=snapshot
    )
    seen = run_flow(page, server.url, ANSWERS, check, errors_first=True)
    assert seen[-1] == "result"
    assert len(seen) > 15, "one short step at a time"
    assert not problems, "\n".join(problems)
    _assert_result(_result_text(page))
    assert page.locator("[data-print]").is_hidden(), "the print button needs JavaScript"
    assert not [u for u in traffic.urls if "?" in u], "answers never travel in URLs"
    assert {
        m for u, m in zip(traffic.urls, traffic.methods, strict=True) if u.endswith("/check")
    } == {"POST"}

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download a summary (PDF)").click()
    pdf = artifacts / "desktop-nojs-summary.pdf"
    pdf_download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "diphenhydramine" in text
    assert SAFETY in " ".join(text.split())
    order = [
        text.index(h)
        for h in (
            "Summary",
            "Medicines to discuss",
            "Tests to ask about",
            "Not a diagnosis",
            "Date and versions",
        )
    ]
    assert order == sorted(order)

    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download my answers for my clinician (FHIR file)").click()
    answers = tmp_path / "answers.json"
    json_download.value.save_as(answers)
    response = json.loads(answers.read_text())
    assert response["resourceType"] == "QuestionnaireResponse"
    assert response["questionnaire"].startswith("https://ekbom.org/fhir/Questionnaire/ekbom-rls|")
    named = [
        a["valueString"]
        for g in response["item"]
        for i in g["item"]
        if i["linkId"] == "medicines.current"
        for a in i["answer"]
    ]
    assert named == ["Benadryl", "sertraline", CANARY]


def test_a_red_flag_stops_the_check(
    phone: Page, server: Server, axe_source: str, artifacts: Path
) -> None:
    check, problems = checker(axe_source, artifacts, "phone-redflag", narrow=True)
    answers = {**ANSWERS, "red-flags.bladder-bowel": "yes"}
    seen = run_flow(phone, server.url, answers, check)
    assert seen == ["start", "step-1", "red-flag"]
    assert heading(phone) == RED_FLAG
    assert "seek care promptly" in phone.locator("main").inner_text()
    assert phone.locator("form").count() == 0, "no questions after a red flag"
    assert not problems, "\n".join(problems)


def test_the_result_page_and_errors_pass_axe_at_desktop_width(
    desktop: Page, server: Server, axe_source: str, artifacts: Path
) -> None:
    check, problems = checker(axe_source, artifacts, "desktop-js", narrow=False)
    seen = run_flow(desktop, server.url, ANSWERS, check, errors_first=True)
    assert seen[-1] == "result"
    assert heading(desktop) == RESULTS
    assert not problems, "\n".join(problems)


def test_the_axe_harness_reports_a_serious_violation(
    snapshot: Callable[[str], Page], axe_source: str
) -> None:
    page = snapshot(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><main><h1>x</h1><input type="text"></main></body></html>'
    )
    assert "label" in {v["id"] for v in axe_violations(page, axe_source)}
