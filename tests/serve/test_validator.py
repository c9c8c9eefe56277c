"""The card validator: it accepts the spec's own examples and rejects one bad card per rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekbom.serve.validator import validate_card, validate_response
from tests.serve.helpers import DATA

SPEC = sorted((DATA / "spec-examples").glob("*.json"))
BAD = sorted((DATA / "bad-cards").glob("*.json"))


@pytest.mark.parametrize("path", SPEC, ids=lambda p: p.stem)
def test_the_spec_examples_are_valid(path: Path) -> None:
    assert validate_response(json.loads(path.read_text())) == []


def test_the_corpus_has_one_bad_card_per_rule() -> None:
    assert {p.stem for p in BAD} == {
        "summary-140-characters",
        "empty-detail",
        "suggestions-without-selection-behavior",
        "indicator-success",
        "override-reason-without-display",
        "delete-without-resource-id",
        "app-context-on-absolute-link",
    }


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_each_bad_card_is_rejected_for_its_own_rule(path: Path) -> None:
    case = json.loads(path.read_text())
    problems = validate_response(case["response"])
    assert len(problems) == 1, problems
    assert case["rule"] in problems[0]


def test_a_139_character_summary_is_accepted() -> None:
    card = {"summary": "x" * 139, "indicator": "info", "source": {"label": "ekbom"}}
    assert validate_card(card) == []


def test_null_and_unknown_fields_are_rejected() -> None:
    card = {"summary": "s", "indicator": "info", "source": {"label": "e"}, "detail": None, "x": 1}
    assert validate_card(card) == [
        "card.x: not a CDS Hooks 2.0.1 field",
        "card.detail: expected a string",
    ]
