"""Drive the self-check page through Playwright: by pointer (JS on or off) or by keyboard alone."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

CANARY = "Zqxcanary Forte 4417"
"""A medicine name nobody takes: it must appear in no server log or file."""

ANSWERS: dict[str, Any] = {
    "red-flags.one-leg-swollen": "no",
    "red-flags.new-weakness": "no",
    "red-flags.bladder-bowel": "no",
    "red-flags.spreading-numbness": "no",
    "about.birth-year": "1975",
    "about.sex": "female",
    "irlssg.urge": "yes",
    "irlssg.rest": "yes",
    "irlssg.movement": "yes",
    "irlssg.evening": "yes",
    "irlssg.not-mimic": "yes",
    "irlssg.course": "chronic-persistent",
    "irlssg.significance": "yes",
    "mimics.cramps": "no",
    "rls.onset-age": "34",
    "rls.severity": "7",
    "family.rls": "yes",
    "family.relatives": ["MTH", "SIS"],
    "conditions.iron-deficiency": "unsure",
    "conditions.kidney": "no",
    "conditions.diabetes": "no",
    "conditions.cancer": "no",
    "conditions.pregnancy": "no",
    "medicines.any": "yes",
    "medicines.current": ["Benadryl", "sertraline", CANARY],
    "medicines.otc-sleep-allergy": "yes",
    "medicines.stopped-any": "no",
    "lifestyle.alcohol": "yes",
    "lifestyle.alcohol-drinks": "6",
    "lifestyle.caffeine": "yes",
    "lifestyle.caffeine-amount": "3",
    "lifestyle.caffeine-latest": "evening",
    "lifestyle.smoking": "no",
}
RESULTS = "Your results"
RED_FLAG = "Please seek care promptly"

Check = Callable[[Page, str], None]


def signature(page: Page) -> str:
    """What identifies the page shown now: its step label and heading."""
    text: str = page.evaluate(
        "() => [document.querySelector('.progress')?.textContent,"
        " document.querySelector('h1')?.textContent,"
        " document.querySelectorAll('.error-summary').length].join('|')"
    )
    return text


def wait_for_change(page: Page, before: str, seconds: float = 15) -> str:
    """Wait until another page (or the same step with errors) is shown; return its signature."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            now = signature(page)
        except Exception:  # the page is navigating (JavaScript off)
            now = before
        if now != before:
            page.wait_for_load_state("load")
            return now
        time.sleep(0.05)
    raise AssertionError(f"the page did not change after {before!r}")


def heading(page: Page) -> str:
    """The page's h1 text."""
    return page.locator("h1").first.inner_text().strip()


def _values(value: Any) -> list[str]:
    return list(value) if isinstance(value, list) else [value]


def fill_visible(page: Page, answers: dict[str, Any]) -> None:
    """Answer every question of `answers` shown on this step, in questionnaire order."""
    for link, value in answers.items():
        inputs = page.locator(f'[name="{link}"]:not([type="hidden"])')
        if inputs.count() == 0 or not inputs.first.is_visible():
            continue
        kind = inputs.first.get_attribute("type")
        for index, one in enumerate(_values(value)):
            if kind in ("radio", "checkbox"):
                page.locator(f'input[name="{link}"][value="{one}"]').check()
                continue
            while inputs.count() <= index:
                page.locator(f'button[value="add:{link}"]').click()
                page.wait_for_load_state("load")
            inputs.nth(index).fill(one)


def press_next(page: Page) -> str:
    """Press the visible Next button and wait for what comes."""
    before = signature(page)
    page.get_by_role("button", name="Next", exact=True).click()
    return wait_for_change(page, before)


def start(page: Page, url: str) -> None:
    """Open the start page and press Start."""
    page.goto(url + "/")
    before = signature(page)
    page.get_by_role("button", name="Start the check").click()
    wait_for_change(page, before)


def run_flow(
    page: Page,
    url: str,
    answers: dict[str, Any],
    check: Check | None = None,
    errors_first: bool = False,
) -> list[str]:
    """Answer every step by pointer until the result or the red-flag stop; `check` runs on
    every page shown (start, each step, error states, the end). Returns the pages' labels."""
    page.goto(url + "/")
    seen = ["start"]
    if check:
        check(page, "start")
    start(page, url)
    if errors_first:
        press_next(page)
        assert page.locator(".error-summary").count() == 1, "an empty red-flag step must be refused"
        seen.append("step-1-errors")
        if check:
            check(page, "step-1-errors")
    for _ in range(60):
        title = heading(page)
        if title in (RESULTS, RED_FLAG):
            break
        label = f"step-{page.locator('input[name=step]').last.get_attribute('value')}"
        seen.append(label)
        if check:
            check(page, label)
        fill_visible(page, answers)
        press_next(page)
        assert page.locator(".error-summary").count() == 0, f"answers refused on {label}"
    end = "result" if heading(page) == RESULTS else "red-flag"
    seen.append(end)
    if check:
        check(page, end)
    return seen


ACTIVE = """() => {
    const a = document.activeElement;
    if (!a || a === document.body) return {tag: 'body'};
    const style = getComputedStyle(a);
    return {tag: a.tagName.toLowerCase(), type: a.type || '', name: a.name || '',
            value: a.value || '', checked: !!a.checked, text: (a.innerText || '').trim(),
            cls: a.className || '', href: a.getAttribute('href') || '',
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            index: a.name ? [...document.querySelectorAll('[name="' + a.name + '"]:not([type=hidden])')].indexOf(a) : -1};
}"""


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus now."""
    info: dict[str, Any] = page.evaluate(ACTIVE)
    return info


def tab(page: Page, unseen_focus: list[str]) -> dict[str, Any]:
    """Press Tab; note any focused control drawn without a visible focus indicator."""
    page.keyboard.press("Tab")
    now = focused(page)
    if now["tag"] in ("input", "button", "a") and not now["outline"]:
        unseen_focus.append(f"{now['tag']} {now['name'] or now['text'] or now['href']}")
    return now


def _choose(page: Page, now: dict[str, Any], targets: list[str]) -> None:
    if now["type"] == "checkbox":
        if now["value"] in targets and not now["checked"]:
            page.keyboard.press("Space")
        return
    for _ in range(12):
        if now["value"] == targets[0]:
            if not now["checked"]:
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
        now = focused(page)
    raise AssertionError(f"could not reach {targets[0]!r} in {now['name']} by arrow keys")


def answer_by_keyboard(page: Page, answers: dict[str, Any], unseen_focus: list[str]) -> None:
    """Tab through one step, answering with Space, arrow keys and typing; Enter on Next."""
    done: set[str] = set()
    typed: dict[str, int] = {}
    for _ in range(200):
        now = tab(page, unseen_focus)
        name = now["name"]
        if now["tag"] == "button" and now["text"] == "Next":
            page.keyboard.press("Enter")
            return
        if now["tag"] == "button" and now["value"].startswith("add:"):
            link = now["value"][4:]
            wanted = _values(answers.get(link, []))
            if typed.get(link, 0) < len(wanted):
                page.keyboard.press("Enter")
                page.keyboard.type(wanted[typed[link]])
                typed[link] += 1
            continue
        if name not in answers:
            continue
        wanted = _values(answers[name])
        if now["type"] in ("radio", "checkbox"):
            if now["type"] == "radio" and name in done:
                continue
            _choose(page, now, wanted)
            done.add(name)
        elif now["tag"] == "input" and now["index"] < len(wanted) and not now["value"]:
            page.keyboard.type(wanted[now["index"]])
            typed[name] = max(typed.get(name, 0), now["index"] + 1)
    raise AssertionError("the Next button was never reached by Tab")


def run_keyboard_flow(page: Page, url: str, answers: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The whole check by keyboard alone. Returns the pages seen and any control that had the
    focus without a visible focus indicator."""
    unseen: list[str] = []
    page.goto(url + "/")
    first = tab(page, unseen)
    assert first["tag"] == "a" and first["href"] == "#main", "the first Tab reaches the skip link"
    seen = ["start"]
    for _ in range(10):
        now = tab(page, unseen)
        if now["text"] == "Start the check":
            break
    before = signature(page)
    page.keyboard.press("Enter")
    wait_for_change(page, before)
    for _ in range(60):
        if heading(page) in (RESULTS, RED_FLAG):
            break
        seen.append(heading(page))
        before = signature(page)
        answer_by_keyboard(page, answers, unseen)
        wait_for_change(page, before)
        assert page.locator(".error-summary").count() == 0, f"answers refused on {seen[-1]}"
    seen.append("result" if heading(page) == RESULTS else "red-flag")
    return seen, unseen
