"""A deterministic, Synthea-like FHIR R4 Bundle of one patient, for benchmarks.

The record is built visit by visit over about ten years, the way Synthea writes one: each
Encounter brings vital signs, sometimes lab panels (blood count, metabolic panel, lipids, iron
studies, thyroid, kidney function), diagnoses (SNOMED CT and ICD-10-CM), prescriptions written as
RxNorm clinical-drug names (antihistamines, opioids and many unrelated drugs), procedures and
immunizations. The same entry count and seed always give the same bytes. Every resource is valid
FHIR R4 (and R4B, which `fhir.resources` validates in the baseline).

    python benchmarks/generate.py --entries 2000 --output /tmp/bundle-2000.json
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

JSON = dict[str, Any]
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
CVX = "http://hl7.org/fhir/sid/cvx"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
COND_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
COND_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
COND_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

END = date(2026, 11, 1)
"""The last visit; benchmarks judge the record as of a few weeks later."""
YEARS = 10
BIRTH = date(1968, 3, 14)

# (LOINC, display, UCUM unit, low, high, decimals)
Lab = tuple[str, str, str, float, float, int]
VITALS: list[Lab] = [
    ("8302-2", "Body Height", "cm", 160.0, 163.0, 1),
    ("29463-7", "Body Weight", "kg", 64.0, 92.0, 1),
    ("39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", 24.0, 34.0, 1),
    ("8867-4", "Heart rate", "/min", 58.0, 98.0, 0),
    ("9279-1", "Respiratory rate", "/min", 12.0, 18.0, 0),
    ("8310-5", "Body temperature", "Cel", 36.3, 37.6, 1),
    (
        "72514-3",
        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        "{score}",
        0.0,
        6.0,
        0,
    ),
]
PANELS: dict[str, list[Lab]] = {
    "cbc": [
        ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 10.5, 15.5, 1),
        ("4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count", "%", 32.0, 46.0, 1),
        ("787-2", "MCV [Entitic volume] by Automated count", "fL", 74.0, 98.0, 1),
        ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 3.8, 11.0, 1),
        ("777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", 150.0, 420.0, 0),
    ],
    "metabolic": [
        ("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", 72.0, 160.0, 0),
        ("6299-2", "Urea nitrogen [Mass/volume] in Blood", "mg/dL", 7.0, 28.0, 0),
        ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 0.6, 1.6, 2),
        ("17861-6", "Calcium [Mass/volume] in Serum or Plasma", "mg/dL", 8.6, 10.3, 1),
        ("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", 135.0, 145.0, 0),
        ("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", 3.5, 5.1, 1),
        ("2075-0", "Chloride [Moles/volume] in Serum or Plasma", "mmol/L", 98.0, 107.0, 0),
        (
            "2028-9",
            "Carbon dioxide, total [Moles/volume] in Serum or Plasma",
            "mmol/L",
            22.0,
            29.0,
            0,
        ),
        (
            "98979-8",
            "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, "
            "Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
            "mL/min/{1.73_m2}",
            38.0,
            105.0,
            0,
        ),
    ],
    "lipids": [
        ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 150.0, 260.0, 0),
        ("2571-8", "Triglycerides", "mg/dL", 70.0, 240.0, 0),
        (
            "18262-6",
            "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay",
            "mg/dL",
            70.0,
            170.0,
            0,
        ),
        ("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "mg/dL", 35.0, 75.0, 0),
    ],
    "iron": [
        ("2276-4", "Ferritin [Mass/volume] in Serum or Plasma", "ng/mL", 9.0, 140.0, 0),
        ("2498-4", "Iron [Mass/volume] in Serum or Plasma", "ug/dL", 35.0, 160.0, 0),
        (
            "2500-7",
            "Iron binding capacity [Mass/volume] in Serum or Plasma",
            "ug/dL",
            250.0,
            450.0,
            0,
        ),
        ("2502-3", "Iron saturation [Mass Fraction] in Serum or Plasma", "%", 10.0, 45.0, 0),
    ],
    "thyroid": [
        ("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "m[IU]/L", 0.4, 6.5, 2),
        (
            "2132-9",
            "Cobalamin (Vitamin B12) [Mass/volume] in Serum or Plasma",
            "pg/mL",
            180.0,
            900.0,
            0,
        ),
        ("19123-9", "Magnesium [Mass/volume] in Serum or Plasma", "mg/dL", 1.6, 2.6, 1),
        ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 5.0, 7.8, 1),
    ],
}
# (LOINC, display, [(SNOMED, display)])
CODED_OBSERVATIONS = [
    (
        "72166-2",
        "Tobacco smoking status",
        "social-history",
        [("8517006", "Ex-smoker (finding)"), ("266919005", "Never smoked tobacco (finding)")],
    ),
    (
        "5804-0",
        "Protein [Mass/volume] in Urine by Test strip",
        "laboratory",
        [("260385009", "Negative (qualifier value)"), ("167275009", "Trace urine protein")],
    ),
    (
        "5802-4",
        "Nitrite [Presence] in Urine by Test strip",
        "laboratory",
        [("260385009", "Negative (qualifier value)")],
    ),
]
# (SNOMED or None, ICD-10-CM or None, display, chronic)
Diagnosis = tuple[str | None, str | None, str, bool]
CHRONIC: list[Diagnosis] = [
    ("32914008", "G25.81", "Restless legs syndrome (disorder)", True),
    ("59621000", "I10", "Essential hypertension (disorder)", True),
    ("55822004", None, "Hyperlipidemia (disorder)", True),
    (None, "R73.03", "Prediabetes", True),
    ("87522002", "D50.9", "Iron deficiency anemia (disorder)", True),
    ("40930008", None, "Hypothyroidism (disorder)", True),
    ("239873007", "M17.9", "Osteoarthritis of knee (disorder)", True),
    (None, "F41.9", "Anxiety disorder, unspecified", True),
    ("235595009", "K21.9", "Gastroesophageal reflux disease (disorder)", True),
]
ACUTE: list[Diagnosis] = [
    ("444814009", "J02.9", "Viral sinusitis (disorder)", False),
    ("195662009", None, "Acute viral pharyngitis (disorder)", False),
    ("10509002", "J20.9", "Acute bronchitis (disorder)", False),
    (None, "S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter", False),
    ("43878008", "J02.0", "Streptococcal sore throat (disorder)", False),
    ("68566005", "N39.0", "Urinary tract infectious disease (disorder)", False),
    ("37796009", None, "Migraine (disorder)", False),
    ("65363002", "H66.90", "Otitis media (disorder)", False),
]
# (RxCUI, RxNorm clinical-drug name, chronic, days supplied)
Drug = tuple[str, str, bool, int]
CHRONIC_DRUGS: list[Drug] = [
    ("314076", "lisinopril 10 MG Oral Tablet", True, 90),
    ("197361", "amlodipine 5 MG Oral Tablet", True, 90),
    ("259255", "atorvastatin 80 MG Oral Tablet", True, 90),
    ("966222", "levothyroxine sodium 0.075 MG Oral Tablet", True, 90),
    ("310325", "ferrous sulfate 325 MG Oral Tablet", True, 60),
    ("860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet", True, 90),
    ("198211", "simvastatin 40 MG Oral Tablet", True, 90),
    ("310798", "hydrochlorothiazide 25 MG Oral Tablet", True, 90),
]
ACUTE_DRUGS: list[Drug] = [
    ("1049630", "diphenhydramine hydrochloride 25 MG Oral Tablet", False, 10),
    ("1014676", "cetirizine hydrochloride 10 MG Oral Tablet", False, 14),
    ("308182", "amoxicillin 250 MG Oral Capsule", False, 10),
    ("562251", "amoxicillin 250 MG / clavulanate 125 MG Oral Tablet", False, 10),
    ("834060", "penicillin V potassium 250 MG Oral Tablet", False, 10),
    ("313782", "acetaminophen 325 MG Oral Tablet", False, 7),
    ("849574", "naproxen sodium 220 MG Oral Tablet", False, 7),
    ("310965", "ibuprofen 200 MG Oral Tablet", False, 7),
    ("1049221", "acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet", False, 5),
    ("856987", "acetaminophen 300 MG / hydrocodone bitartrate 5 MG Oral Tablet", False, 5),
    ("197696", "tramadol hydrochloride 50 MG Oral Tablet", False, 5),
    ("1190795", "promethazine hydrochloride 25 MG Oral Tablet", False, 3),
    ("995281", "hydroxyzine hydrochloride 25 MG Oral Tablet", False, 14),
    ("197591", "diazepam 5 MG Oral Tablet", False, 7),
]
# (SNOMED, display)
PROCEDURES = [
    ("430193006", "Medication Reconciliation (procedure)"),
    ("710824005", "Assessment of health and social care needs (procedure)"),
    ("171207006", "Depression screening (procedure)"),
    ("428191000124101", "Documentation of current medications (procedure)"),
    ("117015009", "Throat culture (procedure)"),
    ("73761001", "Colonoscopy (procedure)"),
    ("76601001", "Intramuscular injection (procedure)"),
    ("274804006", "Evaluation of uterine fundal height (procedure)"),
]
VACCINES = [
    ("140", "Influenza, seasonal, injectable, preservative free"),
    ("115", "Tdap"),
    ("133", "Pneumococcal conjugate PCV 13"),
    (
        "208",
        "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, "
        "30 mcg/0.3mL dose",
    ),
]
ENCOUNTER_TYPES = [
    ("AMB", "ambulatory", "162673000", "General examination of patient (procedure)"),
    ("AMB", "ambulatory", "185345009", "Encounter for symptom (procedure)"),
    ("AMB", "ambulatory", "185349003", "Encounter for check up (procedure)"),
    ("EMER", "emergency", "50849002", "Emergency room admission (procedure)"),
]

Builder = Callable[[datetime], JSON]


class _Record:
    """Draws the resources of one patient from a seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.patient_url = self.urn()
        self.chronic_left = list(CHRONIC)

    def urn(self) -> str:
        return f"urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"

    def visit(self) -> list[tuple[str, Builder]]:
        """The resources of one visit, as (fullUrl, build(when)) pairs; the Encounter first."""
        rng = self.rng
        enc_url = self.urn()
        out: list[tuple[str, Builder]] = [(enc_url, self._encounter(enc_url))]
        wellness = rng.random() < 0.45
        for lab in VITALS if wellness else rng.sample(VITALS, 3):
            out.append((self.urn(), self._quantity(enc_url, lab, "vital-signs")))
        out.append((self.urn(), self._blood_pressure(enc_url)))
        if wellness or rng.random() < 0.15:
            panels = ["metabolic"] + [
                p
                for p, chance in (("cbc", 0.6), ("lipids", 0.4), ("iron", 0.35), ("thyroid", 0.35))
                if rng.random() < chance
            ]
            for panel in panels:
                for lab in PANELS[panel]:
                    out.append((self.urn(), self._quantity(enc_url, lab, "laboratory")))
        if rng.random() < 0.4:
            out.append((self.urn(), self._coded(enc_url, rng.choice(CODED_OBSERVATIONS))))
        if self.chronic_left and (wellness or rng.random() < 0.3):
            out.append((self.urn(), self._condition(enc_url, self.chronic_left.pop(0))))
        if not wellness and rng.random() < 0.6:
            out.append((self.urn(), self._condition(enc_url, rng.choice(ACUTE))))
        for drug in self._prescriptions(wellness):
            out.append((self.urn(), self._medication(enc_url, drug)))
        for _ in range(rng.randint(1, 3) if wellness else rng.randint(0, 1)):
            out.append((self.urn(), self._procedure(enc_url, rng.choice(PROCEDURES))))
        if wellness and rng.random() < 0.6:
            out.append((self.urn(), self._immunization(enc_url, rng.choice(VACCINES))))
        return out

    def _prescriptions(self, wellness: bool) -> list[Drug]:
        rng = self.rng
        drugs: list[Drug] = []
        if wellness:  # renew some long-term drugs; the mix stays the same at every size
            drugs.extend(rng.sample(CHRONIC_DRUGS, rng.randint(2, 4)))
        if not wellness and rng.random() < 0.7:
            drugs.append(rng.choice(ACUTE_DRUGS))
        return drugs

    def _encounter(self, url: str) -> Builder:
        act, act_display, code, display = self.rng.choice(ENCOUNTER_TYPES)
        minutes = self.rng.choice((15, 30, 45, 60))

        def build(when: datetime) -> JSON:
            return {
                "resourceType": "Encounter",
                "id": _id(url),
                "status": "finished",
                "class": {"system": ACT_CODE, "code": act, "display": act_display},
                "type": [_concept(SNOMED, code, display)],
                "subject": {"reference": self.patient_url, "display": "Ms. Ada Ekbom"},
                "period": {"start": _stamp(when), "end": _stamp(when + timedelta(minutes=minutes))},
            }

        return build

    def _observation(self, url: str, enc: str, category: str, code: str, display: str) -> JSON:
        return {
            "resourceType": "Observation",
            "id": _id(url),
            "status": "final",
            "category": [_concept(OBS_CATEGORY, category, category.replace("-", " ").title())],
            "code": _concept(LOINC, code, display),
            "subject": {"reference": self.patient_url},
            "encounter": {"reference": enc},
        }

    def _quantity(self, enc: str, lab: Lab, category: str) -> Builder:
        code, display, unit, low, high, decimals = lab
        value = round(self.rng.uniform(low, high), decimals)
        value = int(value) if decimals == 0 else value
        url = self.urn()

        def build(when: datetime) -> JSON:
            obs = self._observation(url, enc, category, code, display)
            obs["effectiveDateTime"] = _stamp(when)
            obs["issued"] = _stamp(when + timedelta(hours=2), fraction=True)
            obs["valueQuantity"] = {"value": value, "unit": unit, "system": UCUM, "code": unit}
            return obs

        return build

    def _blood_pressure(self, enc: str) -> Builder:
        systolic = self.rng.randint(104, 158)
        diastolic = self.rng.randint(62, 98)
        url = self.urn()

        def build(when: datetime) -> JSON:
            obs = self._observation(
                url,
                enc,
                "vital-signs",
                "85354-9",
                "Blood pressure panel with all children optional",
            )
            obs["effectiveDateTime"] = _stamp(when)
            obs["issued"] = _stamp(when, fraction=True)
            obs["component"] = [
                {
                    "code": _concept(LOINC, "8480-6", "Systolic blood pressure"),
                    "valueQuantity": {
                        "value": systolic,
                        "unit": "mm[Hg]",
                        "system": UCUM,
                        "code": "mm[Hg]",
                    },
                },
                {
                    "code": _concept(LOINC, "8462-4", "Diastolic blood pressure"),
                    "valueQuantity": {
                        "value": diastolic,
                        "unit": "mm[Hg]",
                        "system": UCUM,
                        "code": "mm[Hg]",
                    },
                },
            ]
            return obs

        return build

    def _coded(self, enc: str, spec: tuple[str, str, str, list[tuple[str, str]]]) -> Builder:
        code, display, category, answers = spec
        answer = self.rng.choice(answers)
        url = self.urn()

        def build(when: datetime) -> JSON:
            obs = self._observation(url, enc, category, code, display)
            obs["effectiveDateTime"] = _stamp(when)
            obs["issued"] = _stamp(when, fraction=True)
            obs["valueCodeableConcept"] = _concept(SNOMED, *answer)
            return obs

        return build

    def _condition(self, enc: str, dx: Diagnosis) -> Builder:
        snomed, icd, display, chronic = dx
        heal_days = self.rng.randint(7, 30)
        url = self.urn()

        def build(when: datetime) -> JSON:
            codings = []
            if snomed:
                codings.append({"system": SNOMED, "code": snomed, "display": display})
            if icd:
                codings.append({"system": ICD10CM, "code": icd, "display": display})
            resolved = not chronic and when.date() + timedelta(days=heal_days) < END
            res: JSON = {
                "resourceType": "Condition",
                "id": _id(url),
                "clinicalStatus": _concept(COND_CLINICAL, "resolved" if resolved else "active"),
                "verificationStatus": _concept(COND_VERIFICATION, "confirmed"),
                "category": [
                    _concept(
                        COND_CATEGORY, "problem-list-item" if chronic else "encounter-diagnosis"
                    )
                ],
                "code": {"coding": codings, "text": display},
                "subject": {"reference": self.patient_url},
                "encounter": {"reference": enc},
                "onsetDateTime": _stamp(when),
                "recordedDate": _stamp(when),
            }
            if resolved:
                res["abatementDateTime"] = _stamp(when + timedelta(days=heal_days))
            return res

        return build

    def _medication(self, enc: str, drug: Drug) -> Builder:
        rxcui, name, chronic, days = drug
        url = self.urn()

        def build(when: datetime) -> JSON:
            end = when + timedelta(days=days)
            return {
                "resourceType": "MedicationRequest",
                "id": _id(url),
                "status": "active" if end.date() >= END else "completed",
                "intent": "order",
                "medicationCodeableConcept": {
                    "coding": [{"system": RXNORM, "code": rxcui, "display": name}],
                    "text": name,
                },
                "subject": {"reference": self.patient_url},
                "encounter": {"reference": enc},
                "authoredOn": _stamp(when),
                "requester": {
                    "reference": "urn:uuid:0f6c2c5e-3a1d-4a4e-9d35-6a1b7c2d9e01",
                    "display": "Dr. Karl-Axel Ekbom",
                },
                "dosageInstruction": [
                    {
                        "sequence": 1,
                        "text": "1 tablet by mouth daily"
                        if chronic
                        else "1 tablet by mouth as needed",
                        "asNeededBoolean": not chronic,
                        "timing": {
                            "repeat": {
                                "boundsPeriod": {"start": _stamp(when), "end": _stamp(end)},
                                "frequency": 1,
                                "period": 1,
                                "periodUnit": "d",
                            }
                        },
                        "route": _concept(SNOMED, "26643006", "Oral route"),
                    }
                ],
            }

        return build

    def _procedure(self, enc: str, spec: tuple[str, str]) -> Builder:
        url = self.urn()

        def build(when: datetime) -> JSON:
            return {
                "resourceType": "Procedure",
                "id": _id(url),
                "status": "completed",
                "code": _concept(SNOMED, *spec),
                "subject": {"reference": self.patient_url},
                "encounter": {"reference": enc},
                "performedPeriod": {
                    "start": _stamp(when),
                    "end": _stamp(when + timedelta(minutes=15)),
                },
            }

        return build

    def _immunization(self, enc: str, spec: tuple[str, str]) -> Builder:
        url = self.urn()

        def build(when: datetime) -> JSON:
            return {
                "resourceType": "Immunization",
                "id": _id(url),
                "status": "completed",
                "vaccineCode": _concept(CVX, *spec),
                "patient": {"reference": self.patient_url},
                "encounter": {"reference": enc},
                "occurrenceDateTime": _stamp(when),
                "primarySource": True,
            }

        return build


def generate_bundle(entries: int, seed: int = 2026) -> JSON:
    """A Bundle (type collection) of exactly `entries` entries: one Patient and its record."""
    if entries < 1:
        raise ValueError("entries must be at least 1 (the Patient)")
    record = _Record(seed)
    planned: list[list[tuple[str, Builder]]] = []
    count = 1
    while count < entries:
        visit = record.visit()[: entries - count]
        planned.append(visit)
        count += len(visit)
    start = datetime(END.year - YEARS, END.month, END.day, 9, 0, tzinfo=timezone(timedelta(0)))
    span = (END - start.date()).days
    bundle_entries: list[JSON] = [
        {"fullUrl": record.patient_url, "resource": _patient(record.patient_url)}
    ]
    for index, visit in enumerate(planned):
        offset = span * (index + 1) // len(planned)
        when = start + timedelta(days=offset, minutes=15 * record.rng.randint(0, 28))
        for url, build in visit:
            bundle_entries.append({"fullUrl": url, "resource": build(when)})
    return {
        "resourceType": "Bundle",
        "id": f"ekbom-bench-{entries}-{seed}",
        "type": "collection",
        "timestamp": _stamp(start + timedelta(days=span + 1)),
        "entry": bundle_entries,
    }


def generate_bytes(entries: int, seed: int = 2026) -> bytes:
    """The Bundle as compact JSON bytes, as a FHIR server or Synthea export would send it."""
    return orjson.dumps(generate_bundle(entries, seed))


def _patient(url: str) -> JSON:
    return {
        "resourceType": "Patient",
        "id": _id(url),
        "identifier": [{"system": "https://github.com/synthetichealth/synthea", "value": _id(url)}],
        "name": [{"use": "official", "family": "Ekbom", "given": ["Ada"], "prefix": ["Ms."]}],
        "telecom": [{"system": "phone", "value": "555-0142", "use": "home"}],
        "gender": "female",
        "birthDate": BIRTH.isoformat(),
        "address": [
            {"line": ["12 Linden Lane"], "city": "Uppsala", "postalCode": "75236", "country": "SE"}
        ],
        "maritalStatus": _concept(
            "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M", "Married"
        ),
        "communication": [{"language": _concept("urn:ietf:bcp:47", "en-US", "English")}],
    }


def _concept(system: str, code: str, display: str | None = None) -> JSON:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
        return {"coding": [coding], "text": display}
    return {"coding": [coding]}


def _id(url: str) -> str:
    return url.removeprefix("urn:uuid:")


def _stamp(when: datetime, fraction: bool = False) -> str:
    text = when.isoformat(timespec="milliseconds" if fraction else "seconds")
    return text.replace("+00:00", "Z") if fraction else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000, help="entries in the Bundle")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--output", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    data = generate_bytes(args.entries, args.seed)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data + b"\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
