"""Engine unit tests on in-memory facts: purity, order, warnings, evidence rules."""

from __future__ import annotations

import copy
from datetime import date

from ekbom.engine.evaluate import evaluate
from ekbom.facts import Code, ConditionFact, Facts, MedicationFact, ObservationFact, PatientFact
from ekbom.kb.load import load_knowledge
from ekbom.vocab import Basis, Status, System

AS_OF = date(2026, 11, 24)
CONTRACT_ORDER = [
    "iron-deficiency",
    "peripheral-neuropathy",
    "diabetes",
    "parkinsons-disease",
    "varicose-veins",
    "cancer",
    "fibromyalgia",
    "hyperthyroidism",
    "hypothyroidism",
    "pregnancy",
    "smoking",
    "magnesium-deficiency",
    "vitamin-b12-deficiency",
    "kidney-disease",
    "amyloidosis",
    "lyme-disease",
    "spinal-nerve-damage",
    "rheumatoid-arthritis",
    "sjogren-syndrome",
    "alcohol",
    "caffeine",
    "anticonvulsant",
    "antidepressant",
    "beta-blocker",
    "antipsychotic",
    "antihistamine",
    "vasodilator-withdrawal",
    "sedative-withdrawal",
    "antidepressant-withdrawal",
    "family-history",
    "early-onset",
    # extensions, by id
    "dopamine-antagonist-antiemetic",
    "dopaminergic-augmentation",
    "opioid-withdrawal",
]


def _ferritin(value: float, day: date) -> ObservationFact:
    return ObservationFact(
        source="Observation/f",
        codes=(Code(System.LOINC, "2276-4", "Ferritin"),),
        date=day,
        value=value,
        unit="ng/mL",
    )


def _facts() -> Facts:
    return Facts(
        patient=PatientFact(source="Patient/p", id="p", birth_date=date(1970, 1, 1)),
        conditions=[
            ConditionFact(
                source="Condition/c",
                codes=(Code(System.ICD10CM, "G25.81"),),
                onset=date(2015, 1, 1),
            )
        ],
        observations=[_ferritin(30, date(2026, 9, 1))],
        medications=[
            MedicationFact(
                source="MedicationRequest/m",
                kind="MedicationRequest",
                codes=(Code(System.RXNORM, "3498"),),
                text=None,
                start=date(2026, 11, 1),
                end=None,
                status="active",
            )
        ],
    )


def test_findings_list_every_contract_factor_once_in_contract_order() -> None:
    result = evaluate(load_knowledge(), Facts(), AS_OF)
    assert [f.factor for f in result.findings] == CONTRACT_ORDER


def test_evaluate_is_pure_and_repeatable() -> None:
    facts = _facts()
    before = copy.deepcopy(facts)
    first = evaluate(load_knowledge(), facts, AS_OF)
    second = evaluate(load_knowledge(), facts, AS_OF)
    assert first == second
    assert facts == before


def test_an_empty_record_is_all_unknown_with_a_warning() -> None:
    result = evaluate(load_knowledge(), Facts(), AS_OF)
    assert {f.status for f in result.findings} == {Status.UNKNOWN}
    assert result.rls.status is Status.UNKNOWN
    assert "no-usable-data" in {w.code for w in result.warnings}


def test_results_say_the_knowledge_is_not_yet_clinically_validated() -> None:
    result = evaluate(load_knowledge(), _facts(), AS_OF)
    assert "knowledge-not-reviewed" in {w.code for w in result.warnings}
    assert any("not a diagnosis" in n.clinician for n in result.notices)


def test_facts_after_the_as_of_date_are_ignored() -> None:
    facts = _facts()
    facts.observations = [_ferritin(30, date(2026, 12, 1))]
    finding = evaluate(load_knowledge(), facts, AS_OF).findings[0]
    assert (finding.status, finding.basis) == (Status.UNKNOWN, Basis.NO_DATA)


def test_an_undated_result_is_ignored_with_a_warning() -> None:
    facts = _facts()
    facts.observations = [
        ObservationFact(
            source="Observation/u",
            codes=(Code(System.LOINC, "2276-4"),),
            date=None,
            value=20,
            unit="ng/mL",
        )
    ]
    result = evaluate(load_knowledge(), facts, AS_OF)
    assert result.findings[0].status is Status.UNKNOWN
    assert any(w.code == "undated-fact" and w.source == "Observation/u" for w in result.warnings)


def test_the_same_code_under_another_system_does_not_match() -> None:
    facts = _facts()
    facts.observations = [
        ObservationFact(
            source="Observation/race",
            codes=(Code("urn:oid:2.16.840.1.113883.6.238", "2276-4"),),
            date=date(2026, 9, 1),
            value=30,
            unit="ng/mL",
        )
    ]
    assert evaluate(load_knowledge(), facts, AS_OF).findings[0].status is Status.UNKNOWN


def test_evidence_carries_provenance_and_normalised_values() -> None:
    finding = evaluate(load_knowledge(), _facts(), AS_OF).findings[0]
    (evidence,) = finding.evidence
    assert evidence.source == "Observation/f"
    assert (evidence.value_normalized, evidence.unit_normalized) == (30, "ng/mL")
    assert evidence.date == date(2026, 9, 1)


def test_an_exposure_and_its_withdrawal_are_never_both_raised() -> None:
    facts = _facts()
    facts.medications = [
        MedicationFact(
            source="MedicationRequest/t1",
            kind="MedicationRequest",
            codes=(Code(System.RXNORM, "10689"),),
            text=None,
            start=date(2026, 10, 1),
            end=date(2026, 11, 20),
            status="stopped",
        ),
        MedicationFact(
            source="MedicationRequest/t2",
            kind="MedicationRequest",
            codes=(Code(System.RXNORM, "10689"),),
            text=None,
            start=date(2026, 11, 22),
            end=None,
            status="active",
        ),
    ]
    finding = next(
        f
        for f in evaluate(load_knowledge(), facts, AS_OF).findings
        if f.factor == "opioid-withdrawal"
    )
    assert finding.status is Status.ABSENT


def test_the_ends_of_the_calendar_do_not_crash_the_engine() -> None:
    facts = _facts()
    facts.medications.append(
        MedicationFact(
            source="MedicationRequest/depot",
            kind="MedicationRequest",
            codes=(),
            text="haloperidol decanoate 100 MG/ML Injectable Solution",
            start=date(2020, 1, 1),
            end=date(9999, 12, 31),
            status="active",
        )
    )
    late = evaluate(load_knowledge(), facts, AS_OF)
    antipsychotic = next(f for f in late.findings if f.factor == "antipsychotic")
    assert antipsychotic.status is Status.PRESENT
    early = evaluate(load_knowledge(), facts, date(1, 1, 2))
    assert early.findings[0].status is Status.UNKNOWN


def test_warnings_name_the_file_their_source_came_from(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ekbom.sources.fhir import read_fhir

    record = tmp_path / "meds.json"
    record.write_text(
        '{"resourceType": "MedicationRequest", "id": "m1", "status": "active", '
        '"intent": "order", "authoredOn": "2026-11-01", "medicationCodeableConcept": '
        '{"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", '
        '"code": "99999999"}]}}'
    )
    result = evaluate(load_knowledge(), read_fhir([record]), AS_OF)
    unresolved = [w for w in result.warnings if w.code == "unresolved-medication"]
    assert unresolved
    assert unresolved[0].file == str(record)
    assert unresolved[0].source == "MedicationRequest/m1"
