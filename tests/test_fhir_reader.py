"""The FHIR reader, one behaviour per test: small FHIR JSON in, `Facts` out.

Each test writes the JSON it needs to a temporary file, so a failing test shows the whole input.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from ekbom.engine.evaluate import evaluate
from ekbom.errors import InputError
from ekbom.facts import Code, Facts
from ekbom.kb.load import load_knowledge
from ekbom.sources.fhir import read_fhir, read_fhir_bytes
from ekbom.sources.fhir.files import read_bytes
from ekbom.vocab import Status

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

PATIENT = {"resourceType": "Patient", "id": "p1", "birthDate": "1970-05-02", "gender": "female"}
SUBJECT = {"reference": "Patient/p1"}
DIPHENHYDRAMINE = {
    "coding": [
        {
            "system": RXNORM,
            "code": "1049630",
            "display": "diphenhydramine hydrochloride 25 MG Oral Tablet",
        }
    ],
    "text": "diphenhydramine hydrochloride 25 MG Oral Tablet",
}
FERRITIN = {"coding": [{"system": LOINC, "code": "2276-4", "display": "Ferritin"}]}


def contained_trazodone() -> dict[str, Any]:
    """A contained Medication resource (trazodone) that medication resources point to."""
    return {
        "resourceType": "Medication",
        "id": "med",
        "code": concept(RXNORM, "10737", "trazodone"),
    }


def concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    """A CodeableConcept with one coding."""
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def bundle(*resources: dict[str, Any], kind: str = "collection") -> dict[str, Any]:
    """A Bundle of the given type holding the resources as entries."""
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [{"resource": resource} for resource in resources],
    }


def read(
    tmp_path: Path,
    document: dict[str, Any] | bytes,
    name: str = "record.json",
    patient: str | None = None,
) -> Facts:
    """Write the document to a file and read it as FHIR."""
    path = tmp_path / name
    path.write_bytes(document if isinstance(document, bytes) else orjson.dumps(document))
    return read_fhir([path], patient)


def with_patient(tmp_path: Path, *resources: dict[str, Any]) -> Facts:
    """Read the resources in a collection Bundle beside the usual patient."""
    return read(tmp_path, bundle(PATIENT, *resources))


def condition(**fields: Any) -> dict[str, Any]:
    """A Condition of the usual patient; fields override the defaults."""
    return {
        "resourceType": "Condition",
        "id": "c1",
        "subject": SUBJECT,
        "code": concept(SNOMED, "32914008", "Restless legs syndrome"),
        **fields,
    }


def medication(kind: str = "MedicationRequest", **fields: Any) -> dict[str, Any]:
    """A medication resource of the usual patient; fields override the defaults."""
    return {"resourceType": kind, "id": "m1", "subject": SUBJECT, "status": "active", **fields}


def observation(**fields: Any) -> dict[str, Any]:
    """An Observation of the usual patient; fields override the defaults."""
    return {
        "resourceType": "Observation",
        "id": "o1",
        "subject": SUBJECT,
        "status": "final",
        "code": FERRITIN,
        "effectiveDateTime": "2026-10-01",
        **fields,
    }


# Bundles and files


def test_a_collection_bundle_gives_the_patient_and_its_condition(tmp_path: Path) -> None:
    facts = with_patient(tmp_path, condition(onsetDateTime="2019-03-04"))
    assert facts.patient is not None
    assert (facts.patient.id, facts.patient.birth_date, facts.patient.sex) == (
        "p1",
        date(1970, 5, 2),
        "female",
    )
    assert facts.patient.source == "Patient/p1"
    [found] = facts.conditions
    assert found.source == "Condition/c1"
    assert found.codes == (Code(SNOMED, "32914008", "Restless legs syndrome"),)
    assert found.onset == date(2019, 3, 4)


def test_a_transaction_bundle_follows_urn_uuid_references(tmp_path: Path) -> None:
    document = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": "urn:uuid:aaa",
                "resource": {"resourceType": "Patient", "birthDate": "1980"},
                "request": {"method": "POST", "url": "Patient"},
            },
            {
                "fullUrl": "urn:uuid:med",
                "resource": {
                    "resourceType": "Medication",
                    "code": concept(RXNORM, "41493", "mirtazapine"),
                },
                "request": {"method": "POST", "url": "Medication"},
            },
            {
                "fullUrl": "urn:uuid:ccc",
                "resource": {
                    "resourceType": "MedicationRequest",
                    "status": "active",
                    "authoredOn": "2026-01-02",
                    "subject": {"reference": "urn:uuid:aaa"},
                    "medicationReference": {"reference": "urn:uuid:med"},
                },
                "request": {"method": "POST", "url": "MedicationRequest"},
            },
            {"request": {"method": "DELETE", "url": "Condition/old"}},
        ],
    }
    facts = read(tmp_path, document)
    assert facts.patient is not None
    assert facts.patient.birth_date == date(1980, 1, 1)
    [found] = facts.medications
    assert found.source == "urn:uuid:ccc"
    assert found.codes == (Code(RXNORM, "41493", "mirtazapine"),)
    assert read(tmp_path, document, patient="aaa").medications == [found]


def test_a_searchset_bundle_reads_matches_and_skips_the_outcome(tmp_path: Path) -> None:
    document = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": 1,
        "entry": [
            {
                "fullUrl": "http://example.org/fhir/Condition/c1",
                "resource": condition(),
                "search": {"mode": "match"},
            },
            {
                "resource": {"resourceType": "OperationOutcome", "issue": []},
                "search": {"mode": "outcome"},
            },
        ],
    }
    facts = read(tmp_path, document)
    assert [c.source for c in facts.conditions] == ["Condition/c1"]
    assert facts.skipped == {"OperationOutcome": 1}


def test_a_batch_response_bundle_reads_the_returned_resources(tmp_path: Path) -> None:
    document = {
        "resourceType": "Bundle",
        "type": "batch-response",
        "entry": [
            {"resource": PATIENT, "response": {"status": "200 OK"}},
            {"resource": observation(), "response": {"status": "200 OK"}},
            {"response": {"status": "404 Not Found"}},
        ],
    }
    facts = read(tmp_path, document)
    assert facts.patient is not None
    assert [o.source for o in facts.observations] == ["Observation/o1"]


def test_a_bundle_inside_a_bundle_is_entered(tmp_path: Path) -> None:
    inner = bundle(condition(), kind="searchset")
    facts = read(tmp_path, bundle(PATIENT, inner, kind="batch-response"))
    assert [c.source for c in facts.conditions] == ["Condition/c1"]
    assert not facts.skipped


def test_a_file_holding_one_resource_is_read(tmp_path: Path) -> None:
    facts = read(tmp_path, condition(onsetDateTime="2020-02-02"))
    assert [c.onset for c in facts.conditions] == [date(2020, 2, 2)]
    assert facts.patient is None


def test_ndjson_with_blank_lines_reads_every_line(tmp_path: Path) -> None:
    lines = [PATIENT, condition(), observation()]
    data = b"\n\n".join(orjson.dumps(line) for line in lines) + b"\n\n  \n"
    facts = read(tmp_path, data, name="export.ndjson")
    assert facts.patient is not None
    assert len(facts.conditions) == 1
    assert len(facts.observations) == 1


def test_a_byte_order_mark_before_the_json_is_tolerated(tmp_path: Path) -> None:
    facts = read(tmp_path, b"\xef\xbb\xbf" + orjson.dumps(PATIENT))
    assert facts.patient is not None


def test_several_files_are_one_persons_record(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(orjson.dumps(PATIENT))
    (tmp_path / "b.json").write_bytes(orjson.dumps(condition()))
    facts = read_fhir([tmp_path / "a.json", tmp_path / "b.json"])
    assert facts.patient is not None
    assert len(facts.conditions) == 1


def test_read_fhir_bytes_reads_inputs_held_in_memory() -> None:
    facts = read_fhir_bytes([("memory.json", orjson.dumps(bundle(PATIENT, condition())))])
    assert [c.source for c in facts.conditions] == ["Condition/c1"]


def test_a_line_of_ndjson_that_is_not_json_is_named_by_its_number(tmp_path: Path) -> None:
    data = orjson.dumps(PATIENT) + b"\n{not json\n"
    with pytest.raises(InputError) as error:
        read(tmp_path, data, name="export.ndjson")
    assert "export.ndjson" in str(error.value)
    assert error.value.field == "line 2"


def test_other_resource_types_are_skipped_and_counted(tmp_path: Path) -> None:
    others = [
        {"resourceType": "Encounter", "id": "e1", "subject": SUBJECT},
        {"resourceType": "Encounter", "id": "e2", "subject": SUBJECT},
        {"resourceType": "AllergyIntolerance", "id": "a1", "patient": SUBJECT},
        {
            "resourceType": "List",
            "id": "l1",
            "subject": SUBJECT,
            "code": concept(
                "http://terminology.hl7.org/CodeSystem/list-example-use-codes", "problems"
            ),
        },
    ]
    facts = with_patient(tmp_path, *others)
    assert facts.skipped == {"Encounter": 2, "AllergyIntolerance": 1, "List": 1}


# Patients


def test_several_patients_without_a_choice_are_an_error(tmp_path: Path) -> None:
    other = {"resourceType": "Patient", "id": "p2"}
    with pytest.raises(InputError, match=r"record\.json: holds 2 patients; choose one"):
        read(tmp_path, bundle(PATIENT, other, condition()))


def test_the_chosen_patient_keeps_only_their_own_resources(tmp_path: Path) -> None:
    other = {"resourceType": "Patient", "id": "p2"}
    theirs = condition(id="c2", subject={"reference": "Patient/p2"})
    facts = read(tmp_path, bundle(PATIENT, other, condition(), theirs), patient="p2")
    assert facts.patient is not None
    assert facts.patient.id == "p2"
    assert [c.source for c in facts.conditions] == ["Condition/c2"]


def test_a_chosen_patient_missing_from_the_input_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no patient with the id given to --patient") as e:
        read(tmp_path, bundle(PATIENT, condition()), patient="p9")
    assert "p9" not in str(e.value)


def test_a_patient_without_id_or_full_url_is_a_patient_of_its_own(tmp_path: Path) -> None:
    nameless = {"resourceType": "Patient", "birthDate": "2020-01-01"}
    with pytest.raises(InputError, match="holds 2 patients"):
        read(tmp_path, bundle(PATIENT, observation(), nameless))
    facts = read(tmp_path, bundle(PATIENT, observation(), nameless), patient="p1")
    assert facts.patient is not None
    assert (facts.patient.id, facts.patient.birth_date) == ("p1", date(1970, 5, 2))
    later = read(tmp_path, bundle(nameless, observation(), PATIENT), patient="p1")
    assert later.patient is not None
    assert later.patient.id == "p1"


def test_a_lone_patient_without_id_or_full_url_is_the_record(tmp_path: Path) -> None:
    nameless = {"resourceType": "Patient", "birthDate": "2020-01-01"}
    unowned = condition()
    del unowned["subject"]
    facts = read(tmp_path, bundle(nameless, unowned))
    assert facts.patient is not None
    assert facts.patient.birth_date == date(2020, 1, 1)
    assert [c.source for c in facts.conditions] == ["Condition/c1"]


UNATTRIBUTED_SUBJECTS = {
    "an identifier only": {"identifier": {"system": "urn:mrn", "value": "B-1"}, "display": "B"},
    "a device": {"reference": "Device/d1"},
    "a group": {"reference": "Group/g1"},
    "a contained resource": {"reference": "#p"},
    "no subject at all": None,
}


@pytest.mark.parametrize("subject", UNATTRIBUTED_SUBJECTS.values(), ids=list(UNATTRIBUTED_SUBJECTS))
def test_a_resource_naming_none_of_several_patients_is_left_out_and_counted(
    tmp_path: Path, subject: dict[str, Any] | None
) -> None:
    other = {"resourceType": "Patient", "id": "p2"}
    unowned = observation(id="o2", subject=subject)
    if subject is None:
        del unowned["subject"]
    meds = medication("MedicationStatement", effectiveDateTime="2026-11-01", subject=subject)
    if subject is None:
        del meds["subject"]
    facts = read(tmp_path, bundle(PATIENT, other, observation(), unowned, meds), patient="p1")
    assert [o.source for o in facts.observations] == ["Observation/o1"]
    assert facts.medications == []
    assert facts.skipped == {"unattributed (no patient reference)": 2}


def test_a_resource_without_a_subject_belongs_to_the_only_patient(tmp_path: Path) -> None:
    unowned = observation(id="o2")
    del unowned["subject"]
    identified = observation(id="o3", subject={"identifier": {"value": "B-1"}})
    facts = read(tmp_path, bundle(PATIENT, unowned, identified), patient="p1")
    assert [o.source for o in facts.observations] == ["Observation/o2", "Observation/o3"]
    assert not facts.skipped


def test_a_subject_that_is_a_group_or_device_is_not_another_patient(tmp_path: Path) -> None:
    device = observation(id="o2", subject={"reference": "Device/d1"})
    facts = with_patient(tmp_path, observation(), device)
    assert len(facts.observations) == 2


def test_absolute_references_to_the_patient_belong_to_the_patient(tmp_path: Path) -> None:
    absolute = condition(subject={"reference": "https://example.org/fhir/Patient/p1/_history/3"})
    facts = read(
        tmp_path, bundle(PATIENT, absolute, {"resourceType": "Patient", "id": "p2"}), patient="p1"
    )
    assert len(facts.conditions) == 1


# Conditions


def test_condition_statuses_are_read_from_their_codings(tmp_path: Path) -> None:
    found = with_patient(
        tmp_path,
        condition(
            clinicalStatus=concept(CLINICAL, "active"),
            verificationStatus=concept(VERIFICATION, "provisional"),
            recordedDate="2021-06-07T10:00:00Z",
        ),
    ).conditions[0]
    assert (found.clinical_status, found.verification) == ("active", "provisional")
    assert found.recorded == date(2021, 6, 7)


def test_a_status_coding_without_a_system_still_counts(tmp_path: Path) -> None:
    found = with_patient(
        tmp_path, condition(verificationStatus={"coding": [{"code": "entered-in-error"}]})
    ).conditions[0]
    assert found.verification == "entered-in-error"


def test_a_date_time_keeps_its_own_local_date(tmp_path: Path) -> None:
    found = with_patient(
        tmp_path,
        condition(
            onsetDateTime="2018-07-13T23:30:00-04:00", abatementDateTime="2018-07-14T00:30:00+14:00"
        ),
    )
    assert found.conditions[0].onset == date(2018, 7, 13)
    assert found.conditions[0].abatement == date(2018, 7, 14)


def test_a_partial_onset_starts_on_the_first_day_and_abatement_ends_on_the_last(
    tmp_path: Path,
) -> None:
    found = with_patient(
        tmp_path, condition(onsetDateTime="2019", abatementDateTime="2019")
    ).conditions[0]
    assert (found.onset, found.abatement) == (date(2019, 1, 1), date(2019, 12, 31))
    month = with_patient(tmp_path, condition(onsetDateTime="2024-02")).conditions[0]
    assert month.onset == date(2024, 2, 1)


def test_onset_and_abatement_periods_give_their_start_and_end(tmp_path: Path) -> None:
    found = with_patient(
        tmp_path,
        condition(
            onsetPeriod={"start": "2015-05", "end": "2015-06"},
            abatementPeriod={"start": "2016-01-01", "end": "2016-03"},
        ),
    ).conditions[0]
    assert (found.onset, found.abatement) == (date(2015, 5, 1), date(2016, 3, 31))


def test_abatement_as_words_or_true_marks_the_condition_abated(tmp_path: Path) -> None:
    words = with_patient(tmp_path, condition(abatementString="in remission")).conditions[0]
    flag = with_patient(tmp_path, condition(abatementBoolean=True)).conditions[0]
    no = with_patient(tmp_path, condition(abatementBoolean=False)).conditions[0]
    assert (words.abated, words.abatement) == (True, None)
    assert (flag.abated, no.abated) == (True, False)


def test_an_onset_age_in_years_is_kept_in_whole_years(tmp_path: Path) -> None:
    age = {"value": 38.7, "unit": "years", "system": UCUM, "code": "a"}
    found = with_patient(tmp_path, condition(onsetAge=age)).conditions[0]
    assert found.onset_age == 38


def test_an_onset_age_in_months_is_not_taken_for_years(tmp_path: Path) -> None:
    age = {"value": 14, "unit": "months", "system": UCUM, "code": "mo"}
    assert with_patient(tmp_path, condition(onsetAge=age)).conditions[0].onset_age is None


@pytest.mark.parametrize("years", [-3, 1e20])
def test_an_impossible_onset_age_is_an_error_naming_the_field(tmp_path: Path, years: float) -> None:
    with pytest.raises(InputError, match="expected an age from 0 to 9999 years") as error:
        with_patient(tmp_path, condition(onsetAge={"value": years, "code": "a"}))
    assert error.value.field == "$.entry[1].resource.onsetAge.value"


# Medications: where the drug is named


def test_a_medication_codeable_concept_gives_its_codes_and_text(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path, medication(medicationCodeableConcept=DIPHENHYDRAMINE, authoredOn="2026-11-01")
    ).medications
    assert found.kind == "MedicationRequest"
    assert found.codes[0].code == "1049630"
    assert found.text == "diphenhydramine hydrochloride 25 MG Oral Tablet"


def test_a_contained_medication_is_found_by_its_hash_reference(tmp_path: Path) -> None:
    contained = contained_trazodone()
    [found] = with_patient(
        tmp_path,
        medication(
            contained=[contained],
            medicationReference={"reference": "#med"},
            authoredOn="2026-11-01",
        ),
    ).medications
    assert found.codes == (Code(RXNORM, "10737", "trazodone"),)


def test_a_separate_medication_is_found_by_type_and_id(tmp_path: Path) -> None:
    med = {"resourceType": "Medication", "id": "x9", "code": concept(RXNORM, "32937", "paroxetine")}
    [found] = with_patient(
        tmp_path,
        med,
        medication(medicationReference={"reference": "Medication/x9"}, authoredOn="2026-11-01"),
    ).medications
    assert found.codes == (Code(RXNORM, "32937", "paroxetine"),)


def test_a_medication_resource_is_neither_a_fact_nor_skipped(tmp_path: Path) -> None:
    med = {"resourceType": "Medication", "id": "x9", "code": concept(RXNORM, "32937")}
    facts = with_patient(tmp_path, med)
    assert (facts.medications, dict(facts.skipped)) == ([], {})


def test_a_separate_medication_is_found_by_its_full_url(tmp_path: Path) -> None:
    document = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": PATIENT},
            {
                "fullUrl": "https://example.org/fhir/Medication/m77",
                "resource": {
                    "resourceType": "Medication",
                    "code": concept(RXNORM, "704", "amitriptyline"),
                },
            },
            {
                "resource": medication(
                    authoredOn="2026-11-01",
                    medicationReference={"reference": "https://example.org/fhir/Medication/m77"},
                )
            },
        ],
    }
    [found] = read(tmp_path, document).medications
    assert found.codes == (Code(RXNORM, "704", "amitriptyline"),)


def test_an_r5_medication_concept_is_tolerated(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path, medication(medication={"concept": DIPHENHYDRAMINE}, authoredOn="2026-11-01")
    ).medications
    assert found.codes[0].code == "1049630"


def test_an_r5_medication_reference_is_tolerated(tmp_path: Path) -> None:
    contained = contained_trazodone()
    [found] = with_patient(
        tmp_path,
        medication(
            contained=[contained],
            medication={"reference": {"reference": "#med"}},
            authoredOn="2026-11-01",
        ),
    ).medications
    assert found.codes == (Code(RXNORM, "10737", "trazodone"),)


def test_the_ingredients_of_a_medication_are_kept_as_extra_codes(tmp_path: Path) -> None:
    med = {
        "resourceType": "Medication",
        "id": "combo",
        "code": {"text": "Night-time cold remedy"},
        "ingredient": [
            {"itemCodeableConcept": concept(RXNORM, "3498", "diphenhydramine")},
            {"itemCodeableConcept": {"text": "acetaminophen"}},
        ],
    }
    [found] = with_patient(
        tmp_path,
        med,
        medication(medicationReference={"reference": "Medication/combo"}, authoredOn="2026-11-01"),
    ).medications
    assert Code(RXNORM, "3498", "diphenhydramine") in found.codes
    assert any(code.display == "acetaminophen" for code in found.codes)
    assert found.text == "Night-time cold remedy"


def test_an_r5_ingredient_item_concept_is_kept_as_an_extra_code(tmp_path: Path) -> None:
    med = {
        "resourceType": "Medication",
        "id": "r5",
        "ingredient": [{"item": {"concept": concept(RXNORM, "3498", "diphenhydramine")}}],
    }
    [found] = with_patient(
        tmp_path,
        med,
        medication(medicationReference={"reference": "Medication/r5"}, authoredOn="2026-11-01"),
    ).medications
    assert found.codes == (Code(RXNORM, "3498", "diphenhydramine"),)


def test_the_dose_form_of_a_referenced_medication_joins_the_routes(tmp_path: Path) -> None:
    eye_drops = {
        "resourceType": "Medication",
        "id": "drops",
        "code": concept(RXNORM, "3498", "diphenhydramine"),
        "form": {"coding": [{"system": SNOMED, "code": "385124005", "display": "Eye drops"}]},
    }
    [found] = with_patient(
        tmp_path,
        eye_drops,
        medication(
            medicationReference={"reference": "Medication/drops"},
            authoredOn="2026-11-01",
            dosageInstruction=[{"text": "one drop twice a day"}],
        ),
    ).medications
    assert found.routes == ("385124005", "Eye drops")


def test_an_error_in_a_separate_medication_names_that_medication(tmp_path: Path) -> None:
    med = {"resourceType": "Medication", "id": "x9", "code": {"coding": "paroxetine"}}
    with pytest.raises(InputError) as error:
        with_patient(
            tmp_path,
            med,
            medication(medicationReference={"reference": "Medication/x9"}, authoredOn="2026-11-01"),
        )
    assert error.value.field == "$.entry[1].resource.code.coding"


def test_a_reference_that_cannot_be_followed_keeps_its_display(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication(
            medicationReference={
                "reference": "Medication/elsewhere",
                "display": "sertraline 50 mg",
            },
            authoredOn="2026-11-01",
        ),
    ).medications
    assert (found.codes, found.text) == ((), "sertraline 50 mg")


# Medications: dates


def test_a_request_starts_on_its_authored_date_and_stays_open(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication(
            medicationCodeableConcept=DIPHENHYDRAMINE, authoredOn="2018-07-13T13:30:43-04:00"
        ),
    ).medications
    assert (found.start, found.end) == (date(2018, 7, 13), None)


def test_a_request_takes_its_dates_from_the_dosage_bounds_period(tmp_path: Path) -> None:
    dosage = [
        {"timing": {"repeat": {"boundsPeriod": {"start": "2026-03-01", "end": "2026-03-10"}}}}
    ]
    [found] = with_patient(
        tmp_path,
        medication(
            medicationCodeableConcept=DIPHENHYDRAMINE,
            authoredOn="2026-02-27",
            dosageInstruction=dosage,
        ),
    ).medications
    assert (found.start, found.end) == (date(2026, 3, 1), date(2026, 3, 10))


def test_a_stopped_request_without_an_end_ends_on_its_start(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication(
            status="stopped",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            authoredOn="2018-07-13T13:30:43-04:00",
        ),
    ).medications
    assert (found.start, found.end, found.status) == (
        date(2018, 7, 13),
        date(2018, 7, 13),
        "stopped",
    )


def test_a_statement_uses_its_effective_period(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication(
            "MedicationStatement",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            effectivePeriod={"start": "2025-01", "end": "2025-02"},
        ),
    ).medications
    assert (found.kind, found.start, found.end) == (
        "MedicationStatement",
        date(2025, 1, 1),
        date(2025, 2, 28),
    )


def test_an_administration_lasts_the_day_it_was_given(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication(
            "MedicationAdministration",
            status="completed",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            effectiveDateTime="2026-11-20T22:15:00+01:00",
        ),
    ).medications
    assert (found.start, found.end) == (date(2026, 11, 20), date(2026, 11, 20))
    assert found.duration_known is False


def test_an_administration_over_a_period_keeps_it_and_never_knows_the_duration(
    tmp_path: Path,
) -> None:
    def given(status: str, period: dict[str, str]) -> tuple[Any, ...]:
        [found] = with_patient(
            tmp_path,
            medication(
                "MedicationAdministration",
                status=status,
                medicationCodeableConcept=DIPHENHYDRAMINE,
                effectivePeriod=period,
            ),
        ).medications
        return found.start, found.end, found.duration_known

    both = {"start": "2026-11-20T22:00:00Z", "end": "2026-11-21T02:00:00Z"}
    assert given("completed", both) == (date(2026, 11, 20), date(2026, 11, 21), False)
    assert given("completed", {"start": "2026-11-20"}) == (
        date(2026, 11, 20),
        date(2026, 11, 20),
        False,
    )
    assert given("in-progress", {"start": "2026-11-20"}) == (date(2026, 11, 20), None, False)


@pytest.mark.parametrize("status", ["completed", "stopped", "active"])
def test_an_order_or_statement_that_ended_ends_on_its_start_and_knows_it(
    tmp_path: Path, status: str
) -> None:
    facts = with_patient(
        tmp_path,
        medication(
            status=status, medicationCodeableConcept=DIPHENHYDRAMINE, authoredOn="2026-01-02"
        ),
        medication(
            "MedicationStatement",
            id="s1",
            status=status,
            medicationCodeableConcept=DIPHENHYDRAMINE,
            effectiveDateTime="2026-01-02",
        ),
    )
    ended = date(2026, 1, 2) if status != "active" else None
    assert [(m.kind, m.end, m.duration_known) for m in facts.medications] == [
        ("MedicationRequest", ended, True),
        ("MedicationStatement", ended, True),
    ]


SUPPLIES: dict[str, dict[str, Any] | None] = {
    "no days supply": None,
    "a supply in weeks": {"value": 4, "unit": "weeks", "code": "wk"},
    "a supply of no days": {"value": 0, "code": "d"},
    "a supply without a value": {"unit": "days", "code": "d"},
}


@pytest.mark.parametrize("supply", SUPPLIES.values(), ids=list(SUPPLIES))
def test_a_completed_dispense_without_a_usable_supply_is_not_a_stop(
    tmp_path: Path, supply: dict[str, Any] | None
) -> None:
    extra = {} if supply is None else {"daysSupply": supply}
    [found] = with_patient(
        tmp_path,
        medication(
            "MedicationDispense",
            status="completed",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            whenHandedOver="2026-11-01T09:00:00Z",
            **extra,
        ),
    ).medications
    assert (found.start, found.end, found.duration_known) == (
        date(2026, 11, 1),
        date(2026, 11, 1),
        False,
    )


def test_an_undated_dispense_stays_undated(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication("MedicationDispense", status="completed", daysSupply={"value": 30, "code": "d"}),
    ).medications
    assert (found.start, found.end, found.duration_known) == (None, None, False)


def test_a_dispense_lasts_its_days_supply(tmp_path: Path) -> None:
    supply = {"value": 30, "unit": "days", "system": UCUM, "code": "d"}
    [found] = with_patient(
        tmp_path,
        medication(
            "MedicationDispense",
            status="completed",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            whenHandedOver="2026-11-01T09:00:00Z",
            daysSupply=supply,
        ),
    ).medications
    assert (found.start, found.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert found.duration_known is True


def test_a_days_supply_past_the_calendar_is_an_error(tmp_path: Path) -> None:
    supply = {"value": 1e12, "code": "d"}
    with pytest.raises(
        InputError, match=r"expected a supply in days that ends by 9999-12-31$"
    ) as error:
        with_patient(
            tmp_path,
            medication("MedicationDispense", daysSupply=supply, whenHandedOver="2026-11-01"),
        )
    assert error.value.field == "$.entry[1].resource.daysSupply.value"


# Medications: routes


def test_a_topical_route_is_captured(tmp_path: Path) -> None:
    dosage = [
        {
            "route": {
                "coding": [{"system": SNOMED, "code": "6064005", "display": "Topical route"}],
                "text": "topical",
            }
        }
    ]
    [found] = with_patient(
        tmp_path,
        medication(
            medicationCodeableConcept=DIPHENHYDRAMINE,
            authoredOn="2026-11-01",
            dosageInstruction=dosage,
        ),
    ).medications
    assert found.routes == ("6064005", "Topical route", "topical")


def test_an_administration_dosage_object_gives_its_route(tmp_path: Path) -> None:
    [found] = with_patient(
        tmp_path,
        medication(
            "MedicationAdministration",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            effectiveDateTime="2026-11-20",
            dosage={"route": concept(SNOMED, "54485002")},
        ),
    ).medications
    assert found.routes == ("54485002",)


def antihistamine(facts: Facts) -> Status:
    """The antihistamine factor's status on 2026-11-24."""
    result = evaluate(load_knowledge(), facts, date(2026, 11, 24))
    return next(f.status for f in result.findings if f.factor == "antihistamine")


def test_an_oral_antihistamine_taken_now_is_systemic_exposure(tmp_path: Path) -> None:
    oral = with_patient(
        tmp_path,
        medication(
            "MedicationStatement",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            effectivePeriod={"start": "2026-11-01"},
        ),
    )
    assert antihistamine(oral) is Status.PRESENT


def test_a_topical_route_is_not_systemic_exposure(tmp_path: Path) -> None:
    cream = with_patient(
        tmp_path,
        medication(
            "MedicationStatement",
            medicationCodeableConcept=DIPHENHYDRAMINE,
            effectivePeriod={"start": "2026-11-01"},
            dosage=[{"route": concept(SNOMED, "6064005", "Topical route")}],
        ),
    )
    assert antihistamine(cream) is not Status.PRESENT


def test_an_eye_drop_form_is_not_systemic_exposure(tmp_path: Path) -> None:
    drops = {
        "resourceType": "Medication",
        "id": "drops",
        "code": concept(RXNORM, "3498", "diphenhydramine"),
        "form": concept(SNOMED, "385124005", "Eye drops"),
    }
    facts = with_patient(
        tmp_path,
        drops,
        medication(
            "MedicationStatement",
            medicationReference={"reference": "Medication/drops"},
            effectivePeriod={"start": "2026-11-01"},
        ),
    )
    assert antihistamine(facts) is not Status.PRESENT


# Observations


def test_a_comparator_is_kept_with_its_value(tmp_path: Path) -> None:
    quantity = {"value": 5, "comparator": "<", "unit": "ng/mL", "system": UCUM, "code": "ng/mL"}
    [found] = with_patient(tmp_path, observation(valueQuantity=quantity)).observations
    assert (found.value, found.comparator, found.unit) == (5.0, "<", "ng/mL")
    assert found.date == date(2026, 10, 1)


def test_the_ucum_code_is_preferred_over_the_unit_text(tmp_path: Path) -> None:
    quantity = {"value": 42, "unit": "nanogram per millilitre", "system": UCUM, "code": "ng/mL"}
    [found] = with_patient(tmp_path, observation(valueQuantity=quantity)).observations
    assert found.unit == "ng/mL"


def test_a_code_of_another_unit_system_gives_way_to_the_unit_text(tmp_path: Path) -> None:
    quantity = {"value": 42, "unit": "ng/mL", "system": "http://example.org/units", "code": "X1"}
    [found] = with_patient(tmp_path, observation(valueQuantity=quantity)).observations
    assert found.unit == "ng/mL"


def test_an_unknown_comparator_is_an_error_naming_the_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"expected one of <, <=, >=, >$") as error:
        with_patient(tmp_path, observation(valueQuantity={"value": 5, "comparator": "<~"}))
    assert error.value.field == "$.entry[1].resource.valueQuantity.comparator"
    assert "<~" not in str(error.value)


def test_an_integer_value_is_read_without_a_unit(tmp_path: Path) -> None:
    audit_c = observation(code=concept(LOINC, "75626-2", "AUDIT-C"), valueInteger=7)
    [found] = with_patient(tmp_path, audit_c).observations
    assert (found.value, found.unit, found.comparator) == (7.0, None, None)
    zero = with_patient(tmp_path, observation(valueInteger=0)).observations[0]
    assert zero.value == 0.0


@pytest.mark.parametrize("written", [True, 7.5, "7"])
def test_an_integer_value_that_is_not_an_integer_is_an_error(tmp_path: Path, written: Any) -> None:
    with pytest.raises(InputError, match="expected an integer") as error:
        with_patient(tmp_path, observation(valueInteger=written))
    assert error.value.field == "$.entry[1].resource.valueInteger"


def test_a_quantity_value_is_read_before_an_integer_one(tmp_path: Path) -> None:
    both = observation(valueQuantity={"value": 42, "code": "ng/mL"}, valueInteger=7)
    [found] = with_patient(tmp_path, both).observations
    assert (found.value, found.unit) == (42.0, "ng/mL")


def test_components_are_separate_facts_named_by_their_place(tmp_path: Path) -> None:
    components = [
        {
            "code": concept(LOINC, "8480-6", "Systolic"),
            "valueQuantity": {"value": 120, "system": UCUM, "code": "mm[Hg]"},
        },
        {
            "code": concept(LOINC, "8462-4", "Diastolic"),
            "valueQuantity": {"value": 80, "system": UCUM, "code": "mm[Hg]"},
        },
    ]
    facts = with_patient(
        tmp_path,
        observation(
            code=concept(LOINC, "85354-9"), component=components, status="entered-in-error"
        ),
    )
    assert [o.source for o in facts.observations] == [
        "Observation/o1",
        "Observation/o1#component[0]",
        "Observation/o1#component[1]",
    ]
    assert [o.value for o in facts.observations] == [None, 120.0, 80.0]
    assert {o.status for o in facts.observations} == {"entered-in-error"}
    assert {o.date for o in facts.observations} == {date(2026, 10, 1)}


def test_a_coded_value_is_read(tmp_path: Path) -> None:
    hcg = observation(
        code=concept(LOINC, "2106-3", "hCG Ql"),
        valueCodeableConcept=concept(SNOMED, "10828004", "Positive"),
    )
    [found] = with_patient(tmp_path, hcg).observations
    assert found.value_codes == (Code(SNOMED, "10828004", "Positive"),)
    assert found.value is None


def test_an_observation_without_an_effective_date_uses_its_issued_date(tmp_path: Path) -> None:
    undated = observation(issued="2026-09-30T23:59:59.123-07:00")
    del undated["effectiveDateTime"]
    [found] = with_patient(tmp_path, undated).observations
    assert found.date == date(2026, 9, 30)


# Family history, procedures, lists


def test_a_family_member_history_gives_relationship_and_conditions(tmp_path: Path) -> None:
    history = {
        "resourceType": "FamilyMemberHistory",
        "id": "f1",
        "patient": SUBJECT,
        "status": "completed",
        "relationship": concept(
            "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother"
        ),
        "condition": [{"code": concept(SNOMED, "32914008", "Restless legs syndrome")}],
    }
    [found] = with_patient(tmp_path, history).family_history
    assert found.source == "FamilyMemberHistory/f1"
    assert found.date is None
    assert [c.code for c in found.relationship] == ["MTH"]
    assert found.conditions == ((Code(SNOMED, "32914008", "Restless legs syndrome"),),)


@pytest.mark.parametrize(
    ("written", "day"),
    [("2025-03-04T10:00:00+01:00", date(2025, 3, 4)), ("2019", date(2019, 1, 1)), (None, None)],
)
def test_a_family_member_history_is_dated_by_its_date(
    tmp_path: Path, written: str | None, day: date | None
) -> None:
    history = {"resourceType": "FamilyMemberHistory", "id": "f1", "patient": SUBJECT}
    if written is not None:
        history["date"] = written
    [found] = with_patient(tmp_path, history).family_history
    assert found.date == day


def test_a_malformed_family_member_history_date_is_an_error(tmp_path: Path) -> None:
    history = {"resourceType": "FamilyMemberHistory", "id": "f1", "patient": SUBJECT, "date": "x"}
    with pytest.raises(InputError, match="expected a FHIR date") as error:
        with_patient(tmp_path, history)
    assert error.value.field == "$.entry[1].resource.date"


def test_a_procedure_is_dated_by_the_start_of_its_period(tmp_path: Path) -> None:
    dialysis = {
        "resourceType": "Procedure",
        "id": "d1",
        "subject": SUBJECT,
        "status": "completed",
        "code": concept(SNOMED, "265764009", "Renal dialysis"),
        "performedPeriod": {
            "start": "1990-09-29T06:37:16-04:00",
            "end": "1990-09-29T08:56:16-04:00",
        },
    }
    [found] = with_patient(tmp_path, dialysis).procedures
    assert (found.date, found.status) == (date(1990, 9, 29), "completed")
    assert found.codes[0].code == "265764009"


def test_an_empty_medication_list_is_counted_as_medication_evidence(tmp_path: Path) -> None:
    empty = {
        "resourceType": "List",
        "id": "l1",
        "subject": SUBJECT,
        "status": "current",
        "mode": "snapshot",
        "date": "2026-11-20",
        "code": concept(
            "http://terminology.hl7.org/CodeSystem/list-example-use-codes", "medications"
        ),
        "emptyReason": concept(
            "http://terminology.hl7.org/CodeSystem/list-empty-reason", "nilknown"
        ),
    }
    facts = with_patient(tmp_path, empty)
    [found] = facts.medication_lists
    assert (found.source, found.date, found.entries) == ("List/l1", date(2026, 11, 20), 0)
    assert not facts.skipped


def test_a_list_of_medication_statements_is_a_medication_list(tmp_path: Path) -> None:
    listed = {
        "resourceType": "List",
        "id": "l2",
        "subject": SUBJECT,
        "status": "current",
        "mode": "working",
        "entry": [{"item": {"reference": "MedicationStatement/m1"}}],
    }
    [found] = with_patient(tmp_path, listed).medication_lists
    assert found.entries == 1


def test_a_medication_list_entered_in_error_is_not_evidence(tmp_path: Path) -> None:
    wrong = {
        "resourceType": "List",
        "id": "l1",
        "subject": SUBJECT,
        "status": "entered-in-error",
        "mode": "snapshot",
        "code": {"coding": [{"code": "medications"}]},
    }
    facts = with_patient(tmp_path, wrong)
    assert facts.medication_lists == []
    assert facts.skipped == {"List": 1}


# Bad input the reader refuses


def test_an_unknown_resource_type_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown resourceType 'Conditoin'") as error:
        read(tmp_path, bundle(PATIENT, {"resourceType": "Conditoin"}))
    assert error.value.field == "$.entry[1].resource.resourceType"


def test_a_malformed_date_names_the_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(
        InputError,
        match=r"record\.json: \$\.entry\[1\]\.resource\.onsetDateTime: "
        r"expected a FHIR date",
    ):
        with_patient(tmp_path, condition(onsetDateTime="2019-13-45"))


@pytest.mark.parametrize("written", ["2019-13-45", "13/07/2018", "", "١٩٩٩-٠١-٠١", "2021-02-29"])
def test_every_malformed_date_is_refused(tmp_path: Path, written: str) -> None:
    with pytest.raises(InputError, match="expected a FHIR date or dateTime"):
        with_patient(tmp_path, condition(onsetDateTime=written))


def test_a_value_of_the_wrong_type_names_the_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"valueQuantity\.value: expected a number, got string"):
        with_patient(tmp_path, observation(valueQuantity={"value": "42", "unit": "ng/mL"}))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(orjson.dumps(PATIENT))
    with pytest.raises(InputError, match=r"big\.json: is \d+ bytes; the limit is 10 bytes"):
        read_bytes(path, max_bytes=10)


def test_a_response_to_another_questionnaire_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=re.escape("expected a response to https://ekbom.org/fhir/Q")
    ):
        read(tmp_path, {"resourceType": "QuestionnaireResponse", "status": "completed"})


QUESTIONNAIRE_RESPONSE = {
    "resourceType": "QuestionnaireResponse",
    "id": "q1",
    "subject": SUBJECT,
    "status": "completed",
    "questionnaire": "http://loinc.org/q/44249-1",
}


def test_a_questionnaire_response_in_a_bundle_is_skipped_and_counted(tmp_path: Path) -> None:
    facts = with_patient(tmp_path, observation(), QUESTIONNAIRE_RESPONSE)
    assert [o.source for o in facts.observations] == ["Observation/o1"]
    assert facts.skipped == {"QuestionnaireResponse (not ekbom's questionnaire)": 1}


def test_a_questionnaire_response_in_ndjson_is_skipped_and_counted(tmp_path: Path) -> None:
    lines = [PATIENT, QUESTIONNAIRE_RESPONSE, observation()]
    facts = read(tmp_path, b"\n".join(map(orjson.dumps, lines)), name="export.ndjson")
    assert len(facts.observations) == 1
    assert facts.skipped == {"QuestionnaireResponse (not ekbom's questionnaire)": 1}
