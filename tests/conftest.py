"""Shared test set-up: where ../shared/data lives, and the rule that no test may be skipped
except for a missing ../shared/data (CI fails on any other skip)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_SKIP_PREFIX = "../shared/data is absent"
_bad_skips: list[str] = []


def shared_data() -> Path:
    """The ../shared/data folder beside the checkout (or $EKBOM_SHARED_DATA)."""
    configured = os.environ.get("EKBOM_SHARED_DATA")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def require_shared(name: str) -> Path:
    """The named dataset of ../shared/data, or a skip that says clearly why."""
    folder = shared_data() / name
    if not folder.is_dir():
        pytest.skip(f"{SHARED_SKIP_PREFIX}: {folder} not found")
    return folder


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if SHARED_SKIP_PREFIX not in reason:
            _bad_skips.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _bad_skips and os.environ.get("EKBOM_ALLOW_SKIPS") != "1":
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "Skipped tests are not allowed (only a missing ../shared/data):", red=True
            )
            for line in _bad_skips:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
