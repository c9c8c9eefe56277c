"""Note analysis end to end: offsets, batching, the rules generated from the knowledge, no note
text on stderr or in logs, and the light import of `ekbom.notes.mention`."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from ekbom.errors import KnowledgeError
from ekbom.kb.load import load_knowledge
from ekbom.notes.language import cue_words
from ekbom.notes.mention import NoteMention
from ekbom.notes.pipeline import Analyzer, analyze, analyze_many
from ekbom.notes.terms import NoteTerms, build_terms, load_note_terms
from tests.notes.suite import load

NOTE = """CHIEF COMPLAINT:
Restless legs at night.

HISTORY OF PRESENT ILLNESS:
She stopped paroxetine three weeks ago. Ferritin 22 ng/mL last month. Denies alcohol.

FAMILY HISTORY:
Mother with RLS.

ASSESSMENT AND PLAN:
Consider starting pramipexole.
"""


def _labels(mentions: list[NoteMention]) -> list[str]:
    return [m.label for m in mentions]


def test_a_note_gives_its_mentions_with_modifiers_sections_and_offsets() -> None:
    found = {m.label: m for m in analyze(NOTE)}
    assert set(found) == {"rls", "drug:paroxetine", "lab:ferritin", "alcohol", "drug:pramipexole"}
    assert found["drug:paroxetine"].drug_event == "stop"
    assert found["drug:paroxetine"].days_ago == 21
    assert (found["lab:ferritin"].value, found["lab:ferritin"].unit) == (22, "ng/mL")
    assert found["alcohol"].negated
    assert found["drug:pramipexole"].hypothetical
    assert found["drug:pramipexole"].section == "observation_and_plan"
    for mention in analyze(NOTE):
        assert NOTE[mention.start : mention.end] == mention.text


def test_two_rls_mentions_one_the_patients_one_the_mothers() -> None:
    rls = [(m.text, m.family, m.section) for m in analyze(NOTE) if m.label == "rls"]
    assert rls == [
        ("Restless legs", False, "chief_complaint"),
        ("RLS", True, "family_history"),
    ]


def test_offsets_point_at_the_mention_in_every_suite_sentence(notes_analyzer: Analyzer) -> None:
    for sentence in [*load("heldback.yaml"), *load("regression.yaml")]:
        for mention in notes_analyzer.analyze(sentence.text):
            assert sentence.text[mention.start : mention.end] == mention.text, sentence.id


def test_a_note_without_any_term_is_not_tokenised(notes_analyzer: Analyzer) -> None:
    text = "Blood pressure 120/80. Lungs clear. Follow up in 3 months."
    assert notes_analyzer.prefilter.sentences(text) == []
    assert analyze(text) == []
    assert analyze("") == []


@pytest.mark.parametrize("processes", [1, 2])
def test_analyze_many_gives_each_notes_mentions_in_order(processes: int) -> None:
    texts = [NOTE, "No RLS.", "", "Started sertraline 2 weeks ago.", NOTE] * 3
    assert list(analyze_many(texts, processes=processes)) == [analyze(t) for t in texts]


def test_every_generated_term_is_found_alone(notes_analyzer: Analyzer) -> None:
    """Each phrase of the knowledge (coverage phrases, ingredient names, note_terms.yaml) that
    became a term is found by the matcher and passes the pre-filter."""
    missed = []
    for term in notes_analyzer.terms:
        text = f"{term.phrase} 5" if term.before_value else term.phrase
        labels = {m.label for m in notes_analyzer.analyze(text)}
        if "ignore" not in term.labels and not set(term.labels) <= labels:
            missed.append((term.phrase, term.labels, sorted(labels)))
    assert missed == []


def test_context_phrases_of_the_knowledge_become_modifiers(notes_analyzer: Analyzer) -> None:
    """Coverage phrases made of a cue and a medicine or RLS word are read as modifiers."""
    phrases = {t.phrase.lower() for t in notes_analyzer.terms}
    assert "stopped hydralazine" not in phrases
    assert "family history of rls" not in phrases
    [stop] = analyze("stopped hydralazine")
    assert (stop.label, stop.drug_event) == ("drug:hydralazine", "stop")
    [family] = analyze("family history of RLS")
    assert (family.label, family.family) == ("rls", True)


def test_lifestyle_words_win_over_ingredient_rows_of_the_same_name() -> None:
    assert _labels(analyze("Drinks caffeine.")) == ["caffeine"]
    assert _labels(analyze("Excedrin PM at night.")) == ["drug:diphenhydramine"]


def test_medspacy_default_rules_miss_issue_232_and_ours_do_not() -> None:
    """medspaCy issue #232: its default ConText rules do not negate "the patient is negative
    for neuropathy"."""
    import medspacy
    from medspacy.target_matcher import TargetRule

    nlp = medspacy.load(medspacy_enable=["medspacy_target_matcher", "medspacy_context"])
    nlp.add_pipe("sentencizer", first=True)
    nlp.get_pipe("medspacy_target_matcher").add([TargetRule("neuropathy", "PROBLEM")])
    [ent] = nlp("The patient is negative for neuropathy.").ents
    assert not ent._.is_negated
    [ours] = analyze("The patient is negative for neuropathy.")
    assert ours.negated


def test_note_terms_with_an_unknown_lab_id_is_a_knowledge_error() -> None:
    data = load_note_terms().model_dump()
    data["labs"]["ferritn"] = {"cite": ["loinc"], "phrases": ["ferritn"]}
    with pytest.raises(KnowledgeError, match=r"note_terms.yaml: labs.ferritn: unknown id"):
        build_terms(load_knowledge(), NoteTerms.model_validate(data), cue_words())


def test_note_terms_citing_an_unknown_source_is_a_knowledge_error() -> None:
    data = load_note_terms().model_dump()
    data["rls"]["cite"] = ["nowhere"]
    with pytest.raises(KnowledgeError, match=r"rls.cite: 'nowhere' is not in citations"):
        build_terms(load_knowledge(), NoteTerms.model_validate(data), cue_words())


def test_no_note_text_reaches_stderr_or_the_logs() -> None:
    """A canary word in a note appears neither on stderr nor in any log record, with Python
    logging at DEBUG and loguru (PyRuSH's logger) writing everything to stderr."""
    script = textwrap.dedent(
        """
        import logging, sys
        from loguru import logger
        records = []
        class Keep(logging.Handler):
            def emit(self, record):
                records.append(self.format(record))
        logging.basicConfig(level=logging.DEBUG, handlers=[Keep(), logging.StreamHandler()])
        logger.remove()
        logger.add(sys.stderr, level="TRACE")
        from ekbom.notes.pipeline import analyze, analyze_many
        note = "Zqxcanary has restless legs. Zqxcanary stopped paroxetine 3 days ago."
        assert analyze(note)
        list(analyze_many([note, note], processes=2))
        print("records:", len(records))
        assert not any("Zqxcanary" in r for r in records)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Zqxcanary" not in run.stderr
    assert "Zqxcanary" not in run.stdout


def test_importing_the_mention_type_loads_no_spacy() -> None:
    script = (
        "import sys, ekbom.notes.mention, ekbom.notes.language; "
        "bad = [m for m in ('spacy', 'medspacy') if m in sys.modules]; "
        "assert not bad, bad"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


def test_the_canary_check_would_see_pyrush_logging_note_text() -> None:
    """Control for the canary test: medspaCy's default pipeline (PyRuSH) with its loguru logger
    left on does write the note text to stderr, so the canary test can fail."""
    script = textwrap.dedent(
        """
        import sys
        from loguru import logger
        logger.remove()
        logger.add(sys.stderr, level="TRACE")
        import medspacy
        medspacy.load()("Zqxcanary has restless legs.")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Zqxcanary" in run.stderr
