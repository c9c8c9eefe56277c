"""What the sentences of the issue 6 review make of a person's findings, end to end.

Each note runs through the real path (tests/builder.py's DocumentReference -> FHIR reader ->
note analysis -> engine); the regression suite checks the mentions, these check what the rules
then decide: a relative's RLS is never the patient's, a negative family history is denied (never
possible), and a wished-for pregnancy or a watched-for augmentation is not there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest

from ekbom.engine.evaluate import evaluate
from ekbom.kb.load import load_knowledge
from ekbom.render.as_dict import result_dict
from ekbom.sources.fhir import read_fhir_bytes
from tests.builder import bundle

AS_OF = date(2026, 11, 24)
NO_DATA = ("unknown", "no-data")


def _result(note: str) -> dict[str, Any]:
    document = bundle([{"note": note}], None)
    facts = read_fhir_bytes([("note.json", orjson.dumps(document))])
    return result_dict(evaluate(load_knowledge(), facts, AS_OF))


def _outcome(result: dict[str, Any], factor: str) -> tuple[str, str]:
    found = (
        result["rls"]
        if factor == "rls"
        else next(f for f in result["findings"] if f["factor"] == factor)
    )
    return found["status"], found["basis"]


@pytest.mark.parametrize(
    ("note", "family_history"),
    [
        ("Her mother possibly has RLS.", ("possible", "uncertain-mention")),
        ("His father probably has restless legs.", ("possible", "uncertain-mention")),
        ("The mother of the patient possibly has RLS.", ("possible", "uncertain-mention")),
        ("The mother of the patient has no RLS.", ("absent", "denied")),
        ("The patient's mother has no RLS.", ("absent", "denied")),
        ("Negative family history of restless legs.", ("absent", "denied")),
        ("Neg FHx of restless legs syndrome.", ("absent", "denied")),
        ("No family history of RLS.", ("absent", "denied")),
    ],
)
def test_a_relatives_rls_never_decides_the_patients(
    note: str, family_history: tuple[str, str]
) -> None:
    result = _result(note)
    assert _outcome(result, "rls") == NO_DATA
    assert _outcome(result, "family-history") == family_history


def test_the_patients_own_rls_after_a_relatives_denial_is_the_patients() -> None:
    result = _result("The mother of the patient has no RLS but the patient has RLS.")
    assert _outcome(result, "rls") == ("present", "note-mention")


@pytest.mark.parametrize(
    ("note", "factor"),
    [
        ("Plans a pregnancy next year.", "pregnancy"),
        ("She is planning to conceive.", "pregnancy"),
        ("Trying to conceive for a year.", "pregnancy"),
        ("Hoping to become pregnant next year.", "pregnancy"),
        ("Watch for augmentation.", "dopaminergic-augmentation"),
        ("Monitor for signs of augmentation.", "dopaminergic-augmentation"),
    ],
)
def test_a_planned_or_watched_for_state_is_not_present(note: str, factor: str) -> None:
    assert _outcome(_result(note), factor) == NO_DATA


def test_the_same_words_without_the_plan_are_present() -> None:
    """The cues, not the words, make the difference (so the tests above can fail)."""
    assert _outcome(_result("Pregnant, due next year."), "pregnancy") == ("present", "note-mention")
    augmentation = _result("Augmentation on pramipexole.")
    assert _outcome(augmentation, "dopaminergic-augmentation")[0] == "present"
