"""language.yaml itself: every cue is one the pipeline uses, and none is given twice."""

from __future__ import annotations

from collections import defaultdict

from ekbom.notes.language import categories_of, cues, is_modifier, language


def test_every_category_of_language_yaml_is_used() -> None:
    """A misspelt category ("NEGATD+FAMILY") would be dropped silently by the matcher."""
    for category in language()["context"]:
        assert is_modifier(category) or category in {"TERMINATE", "PSEUDO"}, category


def test_a_joined_category_stands_for_each_of_its_parts() -> None:
    assert categories_of("NEGATED+FAMILY") == ("NEGATED", "FAMILY")
    assert categories_of("FAMILY") == ("FAMILY",)
    assert is_modifier("NEGATED+FAMILY")
    assert not is_modifier("NEGATED+TERMINATE")


def test_no_cue_is_written_twice_in_one_category() -> None:
    """Two rules on the same words in one category (once FORWARD, once BACKWARD) match the same
    span, and medspaCy keeps one of them by an order that changes whenever a rule is added: such
    a cue must be written once, BIDIRECTIONAL."""
    seen: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for cue in cues():
        seen[cue.literal.lower(), cue.category].append(cue.direction)
    twice = {key: dirs for key, dirs in seen.items() if len(set(dirs)) > 1}
    assert twice == {}


def test_every_max_scope_names_a_cue() -> None:
    """A reach written for a pattern that is not among the cues would be ignored."""
    patterns = {
        pattern
        for directions in language()["context"].values()
        for patterns in directions.values()
        for pattern in patterns
    }
    assert set(language()["max_scope"]) <= patterns
