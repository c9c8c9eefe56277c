"""ekbom's questionnaire: the FHIR resource itself, reading responses, and what answers decide."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire

from ekbom.engine.evaluate import evaluate
from ekbom.errors import InputError
from ekbom.kb.load import default_path, load_knowledge
from ekbom.kb.predicates import Answer
from ekbom.kb.references import walk
from ekbom.render.as_dict import result_dict
from ekbom.sources.fhir import read_fhir_bytes
from ekbom.sources.questionnaire import QUESTIONNAIRE_URL
from tests.builder import bundle, resource_of

FOLDER = default_path() / "questionnaire"
AS_OF = date(2026, 11, 24)
FIVE = {f"irlssg.{c}": "yes" for c in ("urge", "rest", "movement", "evening", "not-mimic")}


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return loaded


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        out += _items(item.get("item", []))
    return out


QUESTIONNAIRE = _load("ekbom-rls.json")
ITEMS = _items(QUESTIONNAIRE["item"])
LINKS = [i["linkId"] for i in ITEMS]


def test_the_questionnaire_and_its_code_system_are_valid_fhir_r4() -> None:
    Questionnaire.model_validate(QUESTIONNAIRE)
    CodeSystem.model_validate(_load("answers.json"))
    assert QUESTIONNAIRE["url"] == QUESTIONNAIRE_URL
    assert QUESTIONNAIRE["version"] == load_knowledge().version


def test_link_ids_are_unique_and_every_answer_code_is_in_the_code_system() -> None:
    assert len(LINKS) == len(set(LINKS))
    system = _load("answers.json")
    codes = {c["code"] for c in system["concept"]}
    used = {
        o["valueCoding"]["code"]
        for i in ITEMS
        for o in i.get("answerOption", [])
        if o["valueCoding"]["system"] == system["url"]
    }
    assert used == codes


def test_every_item_the_knowledge_names_is_in_the_questionnaire() -> None:
    knowledge = load_knowledge()
    named = set()
    for factor in (*knowledge.factors, knowledge.rls):
        if factor.item is None:
            continue
        named |= set(factor.item.coverage.questionnaire)
        if factor.item.onset_answer:
            named.add(factor.item.onset_answer)
        for compiled in factor.rules:
            named |= {p.item for p in walk(compiled.predicate) if isinstance(p, Answer)}
    from ekbom.kb.irls import irls_table

    named |= set(irls_table().items)
    assert named - set(LINKS) == set()


def test_red_flags_come_first_and_irls_items_carry_numbers_only() -> None:
    assert QUESTIONNAIRE["item"][0]["linkId"] == "red-flags"
    assert len(QUESTIONNAIRE["item"][0]["item"]) == 4
    irls = [i for i in ITEMS if i["linkId"].startswith("irls.item-")]
    assert [i["text"] for i in irls] == [f"IRLS item {n}" for n in range(1, 11)]
    assert all(i["type"] == "integer" and "answerOption" not in i for i in irls)


# Distinctive fragments of the IRLS item wording and anchors; none may ship in the package.
IRLS_FRAGMENTS = (
    "rls discomfort",
    "need to move around",
    "relief of your rls",
    "due to your rls",
    "daily affairs",
    "mood disturbance",
    "how severe was",
    "rls symptoms on average",
)


def test_no_irls_item_wording_ships_in_the_package() -> None:
    package = Path(__file__).resolve().parents[1] / "src" / "ekbom"
    for path in package.rglob("*"):
        if path.suffix in (".py", ".json", ".yaml", ".j2", ".html", ".md", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            for fragment in IRLS_FRAGMENTS:
                assert fragment not in text, f"{path}: IRLS wording {fragment!r}"


def _result(*items: dict[str, Any]) -> dict[str, Any]:
    document = bundle(list(items), {"birth": "1980-02-02", "sex": "female"})
    facts = read_fhir_bytes([("case.json", orjson.dumps(document))])
    return result_dict(evaluate(load_knowledge(), facts, AS_OF))


def _status(result: dict[str, Any], factor: str) -> tuple[str, str]:
    (found,) = [f for f in result["findings"] if f["factor"] == factor]
    return found["status"], found["basis"]


def test_clinician_irls_scores_give_the_total_and_band() -> None:
    scores = {f"irls.item-{n}": s for n, s in enumerate([3, 3, 2, 2, 2, 3, 3, 2, 2, 2], 1)}
    result = _result({"answers": {**FIVE, **scores}, "author": "clinician"})
    assert result["rls"]["status"] == "present"
    assert result["rls"]["irls"]["total"] == 24
    assert result["rls"]["irls"]["band"] == "severe"


def test_nine_irls_scores_give_no_total() -> None:
    scores = {f"irls.item-{n}": 1 for n in range(1, 10)}
    assert _result({"answers": scores, "author": "clinician"})["rls"]["irls"] is None


def test_an_irls_score_outside_0_to_4_is_refused() -> None:
    response = resource_of({"answers": {"irls.item-1": 5}, "author": "clinician"}, "q")
    with pytest.raises(InputError, match="expected a number from 0 to 4"):
        read_fhir_bytes([("answers.json", orjson.dumps(response))])


def test_an_answer_of_the_wrong_type_names_the_item() -> None:
    response = resource_of({"answers": {"rls.onset-age": "thirty"}}, "q")
    with pytest.raises(InputError, match=r"item 'rls\.onset-age' takes valueInteger"):
        read_fhir_bytes([("answers.json", orjson.dumps(response))])


def test_no_medicines_lets_medication_factors_be_absent() -> None:
    result = _result({"answers": {"medicines.any": "no"}})
    assert _status(result, "beta-blocker") == ("absent", "denied")
    assert _status(result, "anticonvulsant") == ("absent", "denied")


@pytest.mark.parametrize(
    ("brand", "factor"),
    [
        ("Avanza", "antidepressant"),
        ("Seroxat", "antidepressant"),
        ("Cipralex", "antidepressant"),
        ("Efexor XL", "antidepressant"),
        ("Zispin SolTab", "antidepressant"),
        ("Lustral", "antidepressant"),
        ("Piriton", "antihistamine"),
        ("Nytol One-A-Night", "antihistamine"),
        ("Stemetil", "dopamine-antagonist-antiemetic"),
        ("Maxolon", "dopamine-antagonist-antiemetic"),
        ("Epilim Chrono", "anticonvulsant"),  # valproate: an exception, resolved and not counted
        ("Largactil", "antipsychotic"),
    ],
)
def test_a_brand_name_from_another_country_resolves(brand: str, factor: str) -> None:
    result = _result({"answers": {"medicines.any": "yes", "medicines.current": [brand]}})
    counted = brand != "Epilim Chrono"
    assert (_status(result, factor)[0] in ("present", "possible")) is counted, brand
    assert "unresolved-medication" not in {w["code"] for w in result["warnings"]}


def test_a_response_and_a_record_of_the_same_person_are_read_together(tmp_path: Path) -> None:
    record = bundle([{"condition": "ICD10CM#E11.9 Type 2 diabetes", "onset": "2020-01-01"}])
    answers = resource_of({"answers": {"lifestyle.smoking": "yes"}}, "q")
    del answers["subject"]
    (tmp_path / "record.json").write_bytes(orjson.dumps(record))
    (tmp_path / "answers.json").write_bytes(orjson.dumps(answers))
    done = subprocess.run(
        [
            *(sys.executable, "-m", "ekbom", "check", "--as-of", "2026-11-24", "--format", "json"),
            *(str(tmp_path / "record.json"), str(tmp_path / "answers.json")),
        ],
        capture_output=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert _status(result, "diabetes") == ("present", "coded-diagnosis")
    assert _status(result, "smoking") == ("present", "patient-report")


def test_pdf_needs_an_output_file(tmp_path: Path) -> None:
    answers = resource_of({"answers": FIVE}, "q")
    (tmp_path / "answers.json").write_bytes(orjson.dumps(answers))
    done = subprocess.run(
        [sys.executable, "-m", "ekbom", "check", str(tmp_path / "answers.json"), "--format", "pdf"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "--output FILE" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_questionnaire_reader_imports_before_the_fhir_reader() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import ekbom.sources.questionnaire, ekbom.sources.fhir"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _alone(*items: dict[str, Any]) -> dict[str, Any]:
    """A Bundle of record items with no Patient resource."""
    entries = [{"resource": resource_of(item, f"r{n}")} for n, item in enumerate(items)]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _read(document: dict[str, Any]) -> Any:
    return read_fhir_bytes([("case.json", orjson.dumps(document))])


ABOUT = {"about.birth-year": "1975", "about.sex": "female"}
FERRITIN_60 = {"lab": "LOINC#2276-4 60 ng/mL", "date": "2026-11-01"}


def test_a_year_of_birth_and_a_sex_answered_become_the_patients() -> None:
    facts = _read(_alone({"answers": ABOUT}))
    assert facts.patient is not None
    assert (facts.patient.birth_date, facts.patient.sex) == (date(1975, 1, 1), "female")


def test_a_year_of_birth_lets_the_adult_iron_threshold_apply() -> None:
    aged = _read(_alone({"answers": ABOUT}, FERRITIN_60))
    with_year = result_dict(evaluate(load_knowledge(), aged, AS_OF))
    assert _status(with_year, "iron-deficiency") == ("present", "abnormal-result")
    assert "missing-birth-date" not in {w["code"] for w in with_year["warnings"]}
    without = _alone({"answers": {"about.sex": "female"}}, FERRITIN_60)
    unaged = result_dict(evaluate(load_knowledge(), _read(without), AS_OF))
    assert _status(unaged, "iron-deficiency") != ("present", "abnormal-result")
    assert "missing-birth-date" in {w["code"] for w in unaged["warnings"]}


def test_a_patient_resource_wins_and_answers_fill_only_what_it_lacks() -> None:
    answered = {"answers": {"about.birth-year": "1975", "about.sex": "male"}}
    full = _read(bundle([answered], {"birth": "1980-02-02", "sex": "female"})).patient
    assert (full.birth_date, full.sex) == (date(1980, 2, 2), "female")
    bare = _read(bundle([answered])).patient
    assert (bare.source, bare.birth_date, bare.sex) == ("Patient/p", date(1975, 1, 1), "male")


def test_rather_not_say_leaves_the_sex_unknown() -> None:
    facts = _read(_alone({"answers": {"about.sex": "asked-declined"}}))
    assert facts.patient is None


def test_a_year_of_birth_after_the_response_is_refused() -> None:
    response = resource_of({"answers": {"about.birth-year": "2030"}}, "q")
    with pytest.raises(InputError, match=r"about\.birth-year.*after the response's date"):
        read_fhir_bytes([("answers.json", orjson.dumps(response))])
