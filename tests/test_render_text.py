"""The text report: readable without colour, grouped by category, silent factors on one line."""

from __future__ import annotations

from datetime import date

from ekbom.engine.evaluate import evaluate
from ekbom.facts import Code, Facts, ObservationFact, PatientFact
from ekbom.kb.load import load_knowledge
from ekbom.render.text import render_text
from ekbom.vocab import System


def test_text_report_without_colour() -> None:
    facts = Facts(
        patient=PatientFact(source="Patient/p", id="p", birth_date=date(1970, 1, 1)),
        observations=[
            ObservationFact(
                source="Observation/f",
                codes=(Code(System.LOINC, "2276-4", "Ferritin"),),
                date=date(2026, 10, 1),
                value=40,
                unit="ng/mL",
            )
        ],
    )
    text = render_text(evaluate(load_knowledge(), facts, date(2026, 11, 24)), colour=False)
    assert "\x1b[" not in text, "no escape codes without colour"
    assert "Conditions" in text
    assert "iron-deficiency" in text and "present" in text and "Ferritin 40 ng/mL" in text
    assert "No data on:" in text and "caffeine" in text.split("No data on:")[1]
    assert "not a diagnosis" in text


def test_square_brackets_in_record_text_are_shown_not_read_as_markup() -> None:
    from ekbom.facts import MedicationFact

    facts = Facts(
        patient=PatientFact(source="Patient/[/x]", id="p", birth_date=date(1970, 1, 1)),
        medications=[
            MedicationFact(
                source="MedicationRequest/m",
                kind="MedicationRequest",
                codes=(),
                text="paroxetine [/] 20 MG [red]Oral[/red] Tablet",
                start=date(2026, 11, 1),
                end=None,
                status="active",
            )
        ],
    )
    text = render_text(evaluate(load_knowledge(), facts, date(2026, 11, 24)), colour=True)
    assert "[/]" in text
    assert "Patient/[/x]" in text
