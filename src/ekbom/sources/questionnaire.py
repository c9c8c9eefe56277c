"""ekbom's own QuestionnaireResponse as facts: answers, named medicines, a "no medicines" list.

Every answered item becomes an `AnswerFact` (source `QuestionnaireResponse/ID#linkId`). The
medicine items also become medication facts, so the ingredient table judges them like any
record: medicines taken now run from the day of the response; a medicine stopped runs from its
stop day to its stop day (how long it was taken is not asked); "no medicines" is an empty
medication list. The year of birth and the sex become the patient's birth date (a partial
date: the year) and sex, used only where no Patient resource gives them (`fill_patient`). Answer
types and ranges are checked against the questionnaire itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ekbom.errors import InputError
from ekbom.facts import AnswerFact, Code, Facts, MedicationFact, MedicationListFact, PatientFact
from ekbom.kb.load import default_path
from ekbom.sources.fields import Fields, JSONObject, json_kind, shown

QUESTIONNAIRE_URL = "https://ekbom.org/fhir/Questionnaire/ekbom-rls"
CURRENT = "medicines.current"
ANY_MEDICINE = "medicines.any"
STOPPED = "medicines.stopped"
STOPPED_NAME = "medicines.stopped.name"
STOPPED_DATE = "medicines.stopped.date"
BIRTH_YEAR = "about.birth-year"
SEX = "about.sex"
SEXES = frozenset({"female", "male", "other"})
"""Answers to `about.sex` that name a sex (FHIR administrative-gender codes); "I would rather
not say" (data-absent-reason `asked-declined`) leaves the sex unknown."""
CLINICIAN_TYPES = frozenset({"Practitioner", "PractitionerRole"})
VALUE_KEYS = {
    "valueCoding": "choice",
    "valueString": "string",
    "valueBoolean": "boolean",
    "valueInteger": "integer",
    "valueDecimal": "decimal",
    "valueDate": "date",
    "valueDateTime": "dateTime",
}
ACCEPTS = {
    "choice": {"valueCoding"},
    "open-choice": {"valueCoding", "valueString"},
    "string": {"valueString"},
    "text": {"valueString"},
    "boolean": {"valueBoolean"},
    "integer": {"valueInteger"},
    "decimal": {"valueDecimal", "valueInteger"},
    "date": {"valueDate", "valueDateTime"},
}


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """What the questionnaire says about one item: its type and allowed number range."""

    type: str
    low: float | None
    high: float | None


@cache
def questionnaire() -> JSONObject:
    """ekbom's Questionnaire resource (FHIR R4 JSON), as shipped in the knowledge."""
    path = default_path() / "questionnaire" / "ekbom-rls.json"
    loaded: JSONObject = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def item_specs() -> dict[str, ItemSpec]:
    """Every linkId of the questionnaire with its type and range."""
    specs: dict[str, ItemSpec] = {}

    def walk(items: list[JSONObject]) -> None:
        for item in items:
            bounds = {
                e["url"].rsplit("/", 1)[-1]: e.get("valueInteger", e.get("valueDecimal"))
                for e in item.get("extension", [])
            }
            specs[item["linkId"]] = ItemSpec(
                item["type"], bounds.get("minValue"), bounds.get("maxValue")
            )
            walk(item.get("item", []))

    walk(questionnaire()["item"])
    return specs


def answers_ekbom(res: JSONObject) -> bool:
    """Whether a QuestionnaireResponse answers ekbom's questionnaire (any version)."""
    canonical = res.get("questionnaire")
    return isinstance(canonical, str) and canonical.split("|", 1)[0] == QUESTIONNAIRE_URL


def read_questionnaire_response(
    obj: JSONObject, file: str, where: str = "$", source: str | None = None
) -> Facts:
    """One QuestionnaireResponse answering ekbom's questionnaire as facts.

    Raises:
        InputError: it answers another questionnaire, or an answer has the wrong type or lies
            outside the item's range.
    """
    f = Fields(file, where)
    if not answers_ekbom(obj):
        got = obj.get("questionnaire")
        found = shown(got) if isinstance(got, str) else json_kind(got)
        raise InputError(
            file,
            f"expected a response to {QUESTIONNAIRE_URL}, got {found}; ekbom reads only its "
            "own questionnaire",
            f"{where}.questionnaire",
        )
    ident = f.text(obj, "id")
    source = source or (f"QuestionnaireResponse/{ident}" if ident else f"{file}#{where}")
    facts = Facts()
    if f.text(obj, "status") == "entered-in-error":
        facts.skipped["QuestionnaireResponse (entered in error)"] += 1
        return facts
    reader = _Reader(f, source, f.day(obj, "authored"), _author(f, obj))
    reader.items(f.objects(obj, "item"), "item")
    facts.answers = reader.answers
    facts.medications = reader.medications
    facts.medication_lists = reader.lists
    facts.patient = _patient(f, obj, source, reader.answers)
    facts.origins = dict.fromkeys(
        {source, *(a.source for a in reader.answers), *(m.source for m in reader.medications)},
        file,
    )
    return facts


def fill_patient(
    patient: PatientFact | None, answered: list[PatientFact | None]
) -> PatientFact | None:
    """The Patient resource's details, with a birth date or sex it lacks taken from answers.

    A Patient resource always wins for what it gives; among responses, the first one read that
    gives a birth year (or a sex) decides it.

    >>> told = PatientFact("QuestionnaireResponse/q", "", date(1970, 1, 1), "female")
    >>> filled = fill_patient(PatientFact("Patient/p", "p", sex="male"), [told])
    >>> filled.source, filled.birth_date, filled.sex
    ('Patient/p', datetime.date(1970, 1, 1), 'male')
    """
    given = [a for a in answered if a is not None]
    if not given:
        return patient
    birth = next((a.birth_date for a in given if a.birth_date is not None), None)
    sex = next((a.sex for a in given if a.sex is not None), None)
    if patient is None:
        return PatientFact(given[0].source, given[0].id, birth_date=birth, sex=sex)
    return PatientFact(
        patient.source,
        patient.id,
        birth_date=patient.birth_date or birth,
        sex=patient.sex or sex,
        deceased_date=patient.deceased_date,
    )


def _patient(
    f: Fields, obj: JSONObject, source: str, answers: list[AnswerFact]
) -> PatientFact | None:
    """The person's year of birth and sex as they answered them, or None when unanswered.

    Raises:
        InputError: the year of birth is after the day of the response.
    """
    by_item = {a.item: a for a in answers}
    birth = by_item.get(BIRTH_YEAR)
    born = date.fromisoformat(birth.values[0]) if birth and birth.values else None
    authored = f.day(obj, "authored")
    if born is not None and authored is not None and born > authored:
        raise InputError(
            f.file, f"item {shown(BIRTH_YEAR)}: the year of birth is after the response's date"
        )
    told = by_item.get(SEX)
    sex = next((v for v in told.values if v in SEXES), None) if told else None
    if born is None and sex is None:
        return None
    subject = f.object(obj, "subject")
    reference = (f.text(subject, "reference", "subject.reference") if subject else None) or ""
    return PatientFact(source, reference.rsplit("/", 1)[-1], birth_date=born, sex=sex)


def _author(f: Fields, obj: JSONObject) -> str:
    """'clinician' when the author or the source is a Practitioner or PractitionerRole."""
    for key in ("author", "source"):
        ref = f.object(obj, key)
        if ref is None:
            continue
        kind = f.text(ref, "type", f"{key}.type")
        reference = f.text(ref, "reference", f"{key}.reference") or ""
        if kind in CLINICIAN_TYPES or reference.split("/", 1)[0] in CLINICIAN_TYPES:
            return "clinician"
    return "patient"


class _Reader:
    """Walks the items of one response, collecting answers and medicines."""

    def __init__(self, f: Fields, source: str, day: date | None, author: str) -> None:
        self.f = f
        self.source = source
        self.day = day
        self.author = author
        self.answers: list[AnswerFact] = []
        self.medications: list[MedicationFact] = []
        self.lists: list[MedicationListFact] = []

    def items(self, items: list[JSONObject], path: str) -> None:
        for index, item in enumerate(items):
            here = f"{path}[{index}]"
            link = self.f.text(item, "linkId", f"{here}.linkId")
            if not link:
                raise InputError(self.f.file, "expected a linkId", f"{self.f.where}.{here}")
            answers = self.f.objects(item, "answer", f"{here}.answer")
            if answers:
                self.answered(link, item, answers, here)
            self.items(self.f.objects(item, "item", f"{here}.item"), f"{here}.item")
            if link == STOPPED:
                self.stopped(item, here)

    def answered(self, link: str, item: JSONObject, answers: list[JSONObject], here: str) -> None:
        values: list[str] = []
        codes: list[Code] = []
        number: float | None = None
        for index, answer in enumerate(answers):
            place = f"{here}.answer[{index}]"
            value, code, count = self.value(link, answer, place)
            if value is not None:
                values.append(value)
            if code is not None:
                codes.append(code)
            if count is not None:
                number = count
            self.items(self.f.objects(answer, "item", f"{place}.item"), f"{place}.item")
        text = self.f.text(item, "text", f"{here}.text")
        self.answers.append(
            AnswerFact(
                source=f"{self.source}#{link}",
                item=link,
                values=tuple(values),
                number=number,
                date=self.day,
                author=self.author,
                text=text,
                codes=tuple(codes),
            )
        )
        if link == CURRENT:
            for value, code in _named(values, codes):
                self.medicine(link, value, code, self.day, None)
        if link == ANY_MEDICINE and "no" in values:
            self.lists.append(MedicationListFact(f"{self.source}#{link}", self.day, 0))

    def value(
        self, link: str, answer: JSONObject, place: str
    ) -> tuple[str | None, Code | None, float | None]:
        """One answer's text or code, its coding and its number, checked against the item."""
        keys = [k for k in answer if k.startswith("value")]
        if len(keys) != 1 or keys[0] not in VALUE_KEYS:
            raise InputError(
                self.f.file, "expected exactly one value[x] in an answer", f"{self.f.where}.{place}"
            )
        key = keys[0]
        spec = item_specs().get(link)
        if spec is not None and spec.type in ACCEPTS and key not in ACCEPTS[spec.type]:
            wanted = " or ".join(sorted(ACCEPTS[spec.type]))
            raise InputError(
                self.f.file,
                f"item {shown(link)} takes {wanted}, got {key}",
                f"{self.f.where}.{place}",
            )
        return self.parse(key, answer, place, spec)

    def parse(
        self, key: str, answer: JSONObject, place: str, spec: ItemSpec | None
    ) -> tuple[str | None, Code | None, float | None]:
        field = f"{place}.{key}"
        raw: Any = answer[key]
        if key == "valueCoding":
            if type(raw) is not dict:
                raise self.f.fail(field, "an object", raw)
            found = self.f.codings({"coding": [raw]}, field)
            if not found:
                raise InputError(
                    self.f.file, "expected a system and a code", self.f.where + "." + field
                )
            return found[0].code, found[0], None
        if key == "valueString":
            text = self.f.text(answer, key, field)
            return (text.strip() or None) if text else None, None, None
        if key == "valueBoolean":
            if type(raw) is not bool:
                raise self.f.fail(field, "true or false", raw)
            return ("yes" if raw else "no"), None, None
        if key in ("valueDate", "valueDateTime"):
            day = self.f.day(answer, key, field)
            return (day.isoformat() if day else None), None, None
        number = self.f.number(answer, key, field)
        if key == "valueInteger" and number is not None and not number.is_integer():
            raise self.f.fail(field, "a whole number", raw)
        if number is not None and spec is not None and not _within(number, spec):
            raise InputError(
                self.f.file,
                f"expected a number from {spec.low:g} to {spec.high:g}"
                if spec.low is not None and spec.high is not None
                else "expected a number in the item's range",
                self.f.where + "." + field,
            )
        return None, None, number

    def stopped(self, group: JSONObject, here: str) -> None:
        """A stopped medicine: its name and the day it was stopped (an ended exposure)."""
        names: list[tuple[str, Code | None]] = []
        day: date | None = None
        for index, child in enumerate(self.f.objects(group, "item", f"{here}.item")):
            link = self.f.text(child, "linkId", f"{here}.item[{index}].linkId") or ""
            for a, answer in enumerate(self.f.objects(child, "answer")):
                value, code, _ = self.value(link, answer, f"{here}.item[{index}].answer[{a}]")
                if link == STOPPED_NAME and value:
                    names.append((value, code))
                elif link == STOPPED_DATE and value:
                    day = date.fromisoformat(value)
        for value, code in names:
            self.medicine(STOPPED, value, code, day, day)

    def medicine(
        self, link: str, text: str, code: Code | None, start: date | None, end: date | None
    ) -> None:
        self.medications.append(
            MedicationFact(
                source=f"{self.source}#{link}",
                kind="MedicationStatement",
                codes=(code,) if code else (),
                text=code.display if code and code.display else text,
                start=start,
                end=end,
                status="completed" if end else "active",
            )
        )


def _named(values: list[str], codes: list[Code]) -> list[tuple[str, Code | None]]:
    """Each medicine answer once: a coded one with its coding, a typed one as text."""
    by_code = {c.code: c for c in codes}
    return [(v, by_code.get(v)) for v in values]


def _within(number: float, spec: ItemSpec) -> bool:
    return (spec.low is None or number >= spec.low) and (spec.high is None or number <= spec.high)
