"""The steps, their checks and the QuestionnaireResponse, over real HTTP to the running app."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from ekbom.render.as_dict import result_dict
from ekbom.sources.questionnaire import read_questionnaire_response
from ekbom.web.answers import response
from ekbom.web.app import evaluate_answers
from ekbom.web.limits import MAX_TEXT, STEP_QUESTIONS
from ekbom.web.questionnaire import load_form
from tests.web.conftest import Server
from tests.web.flow import ANSWERS

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def post(server: Server, fields: dict[str, Any]) -> tuple[int, str]:
    pairs = [
        (k, v)
        for k, value in fields.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    request = urllib.request.Request(
        server.url + "/check", data=urllib.parse.urlencode(pairs).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def shown_names(html: str) -> set[str]:
    """Names of the visible (not hidden) inputs on a page."""
    import re

    return {
        m.group(2)
        for m in re.finditer(r'<input type="(radio|checkbox|text|date)"[^>]*?name="([^"]+)"', html)
    }


def test_red_flags_come_first_and_steps_are_short() -> None:
    form = load_form()
    assert form.steps[0].red_flag and form.steps[0].group == "red-flags"
    assert not any(step.red_flag for step in form.steps[1:])
    assert all(1 <= len(step.questions) <= STEP_QUESTIONS for step in form.steps)
    asked = [q.link_id for step in form.steps for q in step.questions]
    assert len(asked) == len(set(asked))
    patient_items = [
        i["linkId"] for g in form.resource["item"] if g["linkId"] != "irls" for i in g["item"]
    ]
    assert asked == patient_items, (
        "every patient question is asked once, in the questionnaire's order"
    )


def test_an_unanswered_red_flag_step_is_refused_with_a_message(server: Server) -> None:
    status, html = post(server, {"nav": "next", "step": "1", "red-flags.new-weakness": "no"})
    assert status == 422
    assert html.count('class="error"') == 3
    assert "Please answer this question." in html
    assert (
        'aria-invalid="true"' not in html
        or 'aria-describedby="err-red-flags.one-leg-swollen"' in html
    )


def test_not_sure_about_a_red_flag_also_stops_the_check(server: Server) -> None:
    answers = {k: "no" for k in ANSWERS if k.startswith("red-flags.")}
    status, html = post(
        server, {**answers, "red-flags.one-leg-swollen": "unsure", "nav": "next", "step": "1"}
    )
    assert status == 200
    assert "Please seek care promptly" in html
    assert "<form" not in html and 'type="hidden"' not in html, "answers are not carried on"


def test_no_red_flag_moves_on_to_the_next_step(server: Server) -> None:
    answers = {k: "no" for k in ANSWERS if k.startswith("red-flags.")}
    status, html = post(server, {**answers, "nav": "next", "step": "1"})
    assert status == 200
    assert "about.birth-year" in shown_names(html)
    assert 'type="hidden" name="red-flags.new-weakness" value="no"' in html


def test_a_number_out_of_range_is_refused(server: Server) -> None:
    step = next(
        s for s in load_form().steps if any(q.link_id == "rls.severity" for q in s.questions)
    )
    status, html = post(
        server, {**ANSWERS, "rls.severity": "11", "nav": "next", "step": str(step.number)}
    )
    assert status == 422
    assert "Please type a whole number from 0 to 10." in html


def test_a_typed_answer_that_is_too_long_is_refused(server: Server) -> None:
    step = next(
        s for s in load_form().steps if any(q.link_id == "medicines.current" for q in s.questions)
    )
    status, html = post(
        server,
        {
            **ANSWERS,
            "medicines.current": "x" * (MAX_TEXT + 5),
            "nav": "next",
            "step": str(step.number),
        },
    )
    assert status == 422
    assert "Please keep this shorter." in html


def test_follow_ups_on_a_later_step_are_skipped_when_they_do_not_apply(server: Server) -> None:
    step = next(
        s for s in load_form().steps if [q.link_id for q in s.questions] == ["medicines.any"]
    )
    _, html = post(
        server, {**ANSWERS, "medicines.any": "no", "nav": "next", "step": str(step.number)}
    )
    assert "medicines.stopped-any" in shown_names(html)
    assert "medicines.current" not in shown_names(html)
    _, html = post(
        server, {**ANSWERS, "medicines.any": "yes", "nav": "next", "step": str(step.number)}
    )
    assert "medicines.current" in shown_names(html)


def test_back_keeps_the_answers(server: Server) -> None:
    step = next(s for s in load_form().steps if s.group == "irlssg")
    _, html = post(server, {**ANSWERS, "nav": "back", "step": str(step.number + 1)})
    assert 'value="yes" checked' in html
    assert "irlssg.urge" in shown_names(html)


def test_adding_a_row_without_javascript(server: Server) -> None:
    step = next(
        s for s in load_form().steps if any(q.link_id == "medicines.current" for q in s.questions)
    )
    three = {"medicines.any": "yes", "medicines.current": ["a", "b", "c"]}
    _, before = post(server, {**three, "nav": "back", "step": str(step.number + 1)})
    _, after = post(server, {**three, "nav": "add:medicines.current", "step": str(step.number)})
    assert before.count('name="medicines.current"') == 4, "the filled rows and one empty row"
    assert after.count('name="medicines.current"') == before.count('name="medicines.current"') + 1


def test_answers_to_questions_switched_off_are_left_out_of_the_response() -> None:
    form = load_form()
    answers = {
        "family.rls": ("no",),
        "family.relatives": ("MTH",),
        "irlssg.urge": ("yes",),
        "unknown.item": ("x",),
    }
    resource = response(form, answers, NOW)
    links = [i["linkId"] for g in resource["item"] for i in g["item"]]
    assert links == ["irlssg.urge", "family.rls"]


def test_the_response_is_read_like_any_questionnaire_response() -> None:
    form = load_form()
    answers = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in ANSWERS.items()}
    facts = read_questionnaire_response(response(form, answers, NOW), "self-check")
    assert {a.item for a in facts.answers} >= {"irlssg.urge", "family.relatives", "rls.onset-age"}
    assert len(facts.medications) == 3


def test_the_page_judges_exactly_as_ekbom_check_judges_the_downloaded_file(tmp_path: Path) -> None:
    form = load_form()
    answers = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in ANSWERS.items()}
    path = tmp_path / "answers.json"
    path.write_bytes(orjson.dumps(response(form, answers, datetime.now().astimezone())))
    checked = subprocess.run(
        [sys.executable, "-m", "ekbom", "check", str(path), "--format", "json"],
        capture_output=True, check=True,
    )  # fmt: skip
    by_cli = orjson.loads(checked.stdout)
    by_page = result_dict(evaluate_answers(form, answers))
    pairs = lambda r: [(f["factor"], f["status"], f["basis"]) for f in r["findings"]]  # noqa: E731
    assert pairs(by_cli) == pairs(by_page)
    assert by_cli["rls"]["status"] == by_page["rls"]["status"] == "possible"
    assert any(status != "unknown" for _, status, _ in pairs(by_page))


def test_year_of_birth_and_sex_are_asked_right_after_the_red_flags(server: Server) -> None:
    answers = {k: "no" for k in ANSWERS if k.startswith("red-flags.")}
    status, html = post(server, {**answers, "nav": "next", "step": "1"})
    assert status == 200
    assert {"about.birth-year", "about.sex"} <= shown_names(html)
    assert 'inputmode="numeric"' in html and 'maxlength="4"' in html
    assert "I would rather not say" in html


def test_a_year_of_birth_in_the_future_is_refused(server: Server) -> None:
    step = next(s for s in load_form().steps if s.group == "about")
    fields = {"about.birth-year": str(datetime.now().year + 1), "nav": "next"}
    status, html = post(server, {**fields, "step": str(step.number)})
    assert status == 422
    assert "Please type a year with four digits that is not in the future." in html


def test_the_year_of_birth_and_sex_reach_the_result() -> None:
    form = load_form()
    answers = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in ANSWERS.items()}
    resource = response(form, answers, NOW)
    about = next(g for g in resource["item"] if g["linkId"] == "about")
    assert about["item"][0]["answer"] == [{"valueDate": "1975"}]
    result = evaluate_answers(form, answers)
    assert "missing-birth-date" not in {w.code for w in result.warnings}
    unaged = {k: v for k, v in answers.items() if k != "about.birth-year"}
    assert "missing-birth-date" in {w.code for w in evaluate_answers(form, unaged).warnings}
