"""The two sentence suites: the regression suite must pass in full; the held-back suite, frozen
before the rules were written, must stay above floors. Both print precision and recall per label
and per modifier (run with -s to see the tables)."""

from __future__ import annotations

from collections import Counter

import pytest

from ekbom.notes.pipeline import Analyzer
from tests.notes.suite import FLAGS, Score, Sentence, load

HELDBACK = load("heldback.yaml")
REGRESSION = load("regression.yaml")
# The first evaluation of the frozen held-back suite (after the rules were tuned on the
# regression suite only) gave label precision 0.98 and recall 1.00, modifier precision 0.99 and
# recall 1.00. The floors sit a few points below, so that a rule change that loses generality
# fails here, while one more miss in a 180-mention suite does not.
HELDBACK_FLOORS = {
    "label_precision": 0.95,
    "label_recall": 0.95,
    "modifier_precision": 0.95,
    "modifier_recall": 0.95,
}


def _score(analyzer: Analyzer, sentences: list[Sentence]) -> Score:
    score = Score()
    for sentence in sentences:
        score.add(sentence, analyzer.analyze(sentence.text))
    return score


def test_heldback_suite_has_100_sentences_and_5_variants_of_every_trap() -> None:
    assert len(HELDBACK) >= 100
    traps = Counter(s.trap for s in HELDBACK)
    assert min(traps.values()) >= 5, traps
    for needed in (
        "negative-for",
        "denies",
        "family",
        "historical",
        "hypothetical",
        "uncertain",
        "drug-start",
        "drug-stop",
        "value",
    ):
        assert needed in traps


def test_regression_suite_has_300_sentences_with_unique_ids() -> None:
    assert len(REGRESSION) >= 300
    ids = [s.id for s in [*REGRESSION, *HELDBACK]]
    assert len(ids) == len(set(ids))


def test_suites_only_name_known_modifiers() -> None:
    allowed = {"label", "section", *FLAGS, "drug_event", "days_ago", "value", "unit", "comparator"}
    for sentence in [*HELDBACK, *REGRESSION]:
        for expected in sentence.expect:
            assert set(expected) <= allowed, (sentence.id, expected)


def test_regression_suite_passes_in_full(notes_analyzer: Analyzer) -> None:
    score = _score(notes_analyzer, REGRESSION)
    print("\n" + score.table("regression suite"))
    assert score.wrong == []


def test_heldback_suite_stays_above_its_floors(notes_analyzer: Analyzer) -> None:
    score = _score(notes_analyzer, HELDBACK)
    print("\n" + score.table("held-back suite"))
    print("\n".join(score.wrong))
    label_precision, label_recall = score.totals(score.labels)
    modifier_precision, modifier_recall = score.totals(score.modifiers)
    assert label_precision >= HELDBACK_FLOORS["label_precision"]
    assert label_recall >= HELDBACK_FLOORS["label_recall"]
    assert modifier_precision >= HELDBACK_FLOORS["modifier_precision"]
    assert modifier_recall >= HELDBACK_FLOORS["modifier_recall"]


@pytest.mark.parametrize("suite", ["heldback", "regression"])
def test_prefilter_recall_is_100_percent(notes_analyzer: Analyzer, suite: str) -> None:
    """Every sentence with an expected mention passes the pre-filter, and analysing with the
    pre-filter gives exactly what analysing every sentence gives."""
    sentences = HELDBACK if suite == "heldback" else REGRESSION
    missed = [
        s.id for s in sentences if s.expect and not notes_analyzer.prefilter.sentences(s.text)
    ]
    assert missed == []
    for sentence in sentences:
        filtered = notes_analyzer.analyze(sentence.text)
        assert filtered == notes_analyzer.analyze(sentence.text, prefilter=False), sentence.id


def test_scoring_counts_misses_extras_and_wrong_modifiers(notes_analyzer: Analyzer) -> None:
    """The scorer itself: a wrong expectation is reported, not silently passed."""
    wrong = Sentence(
        "x",
        "test",
        "Denies alcohol. Mother has RLS.",
        [{"label": "alcohol"}, {"label": "diabetes"}],
    )
    score = _score(notes_analyzer, [wrong])
    assert score.labels["diabetes", "fn"] == 1
    assert score.labels["rls", "fp"] == 1
    assert score.modifiers["negated", "fp"] == 1
    assert len(score.wrong) == 1
