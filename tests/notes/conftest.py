"""Note-analysis tests: one analyzer per session (building the rules takes a few seconds)."""

from __future__ import annotations

import pytest

from ekbom.notes.pipeline import Analyzer, analyzer


@pytest.fixture(scope="session")
def notes_analyzer() -> Analyzer:
    return analyzer()
