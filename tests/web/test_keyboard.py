"""The whole check by keyboard alone (Tab, arrow keys, Space, typing, Enter), with a visible
focus indicator on every control that takes the focus."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.web.conftest import Server
from tests.web.flow import ANSWERS, run_keyboard_flow


def test_the_check_can_be_completed_by_keyboard_alone(desktop: Page, server: Server) -> None:
    answers = {
        **ANSWERS,
        "medicines.current": ["Benadryl", "sertraline", "loratadine", "ropinirole"],
    }
    seen, unseen_focus = run_keyboard_flow(desktop, server.url, answers)
    assert seen[-1] == "result"
    assert len(seen) > 15
    text = desktop.locator("main").inner_text()
    assert "diphenhydramine" in text and "sertraline" in text
    assert not unseen_focus, f"focus not visible on: {unseen_focus}"
