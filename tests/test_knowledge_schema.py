"""One broken knowledge file per validation error, each with the words its message must say.

Each case copies the packaged knowledge, breaks one file in one way, and checks that loading
fails with a message naming the file, the key and the fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekbom.errors import KnowledgeError
from ekbom.kb.load import default_path, load_knowledge

IRON = "condition/iron-deficiency/item.yaml"
KIDNEY_CODES = "condition/kidney-disease/codes.csv"

BROKEN = [
    (
        "unknown key in a rule",
        IRON,
        "    basis: coded-diagnosis\n",
        "    basis: coded-diagnosis\n    bogus: 1\n",
        [IRON, "rules[0].bogus", "unknown key", "allowed: basis, cite"],
    ),
    (
        "unknown status",
        IRON,
        "  - status: possible\n",
        "  - status: maybe\n",
        [IRON, "rules[6].status", "'maybe'", "expected one of"],
    ),
    (
        "basis of another status",
        IRON,
        "    basis: borderline-result\n",
        "    basis: normal-result\n",
        [IRON, "basis 'normal-result' belongs to status 'absent'"],
    ),
    (
        "rules out of order",
        IRON,
        "  - status: absent\n    basis: normal-result\n    match:\n      all:\n        - {age: {at_least: 18}}",
        "  - status: present\n    basis: abnormal-result\n    match:\n      all:\n        - {age: {at_least: 18}}",
        [IRON, "ordered present, then possible, then absent"],
    ),
    (
        "missing citation list",
        IRON,
        "window_cite: [aasm-2024]\n",
        "",
        [IRON, "window_cite", "missing; add it"],
    ),
    (
        "citing an unknown source",
        IRON,
        "window_cite: [aasm-2024]",
        "window_cite: [nobody-2020]",
        [IRON, "nobody-2020"],
    ),
    (
        "a citation that is not a DOI or URL",
        IRON,
        "    ref: doi:10.5664/jcsm.11390",
        "    ref: somewhere",
        [IRON, "citations[0].ref"],
    ),
    (
        "unknown rule condition",
        IRON,
        "match: {diagnosis: iron-deficiency}",
        "match: {diagnoses: iron-deficiency}",
        [IRON, "rules[0].match", "unknown condition 'diagnoses'"],
    ),
    (
        "lab bound in the wrong unit",
        IRON,
        "{lab: {test: ferritin, below: 50, unit: ng/mL}}",
        "{lab: {test: ferritin, below: 50, unit: ug/L}}",
        [IRON, "not the canonical unit 'ng/mL'"],
    ),
    (
        "lab with no bound",
        IRON,
        "{lab: {test: ferritin, below: 50, unit: ng/mL}}",
        "{lab: {test: ferritin, unit: ng/mL}}",
        [IRON, "expected a bound"],
    ),
    (
        "unknown test",
        IRON,
        "{lab: {test: ferritin, below: 50, unit: ng/mL}}",
        "{lab: {test: ferritn, below: 50, unit: ng/mL}}",
        [IRON, "names test 'ferritn'"],
    ),
    (
        "unknown concept set",
        IRON,
        "match: {diagnosis: iron-deficiency}",
        "match: {diagnosis: iron-deficit}",
        [IRON, "concept set 'iron-deficiency:iron-deficit'"],
    ),
    (
        "unknown work-up test",
        IRON,
        "workup: [iron-deficiency-cause]",
        "workup: [iron-scan]",
        [IRON, "workup", "'iron-scan'"],
    ),
    ("negative window", IRON, "window_days: 365", "window_days: -1", [IRON, "window_days"]),
    (
        "id that differs from the folder",
        IRON,
        "id: iron-deficiency\n",
        "id: iron-low\n",
        [IRON, "id", "make them equal"],
    ),
    ("invalid YAML", IRON, "title: Iron deficiency", "title: [unclosed", [IRON, "not valid YAML"]),
    (
        "unknown code system",
        KIDNEY_CODES,
        "esrd,ICD10CM,N18.6",
        "esrd,ICD10,N18.6",
        [KIDNEY_CODES, ".system", "'ICD10'", "expected one of"],
    ),
    (
        "unknown match kind",
        KIDNEY_CODES,
        "N18.6,End stage renal disease,exact",
        "N18.6,End stage renal disease,fuzzy",
        [KIDNEY_CODES, ".match", "'fuzzy'"],
    ),
    (
        "a code without its display",
        KIDNEY_CODES,
        "N18.6,End stage renal disease,exact",
        "N18.6,,exact",
        [KIDNEY_CODES, ".display", "give the code's display"],
    ),
    (
        "half a verification",
        KIDNEY_CODES,
        "Dependence on renal dialysis,exact,simple-icd-10-cm 1.5.0 (ICD-10-CM April 2026),2026-11-01",
        "Dependence on renal dialysis,exact,simple-icd-10-cm 1.5.0 (ICD-10-CM April 2026),",
        [KIDNEY_CODES, "fill both or neither"],
    ),
    (
        "a wrong header",
        KIDNEY_CODES,
        "set,system,code",
        "set,system,kode",
        [KIDNEY_CODES, "header", "expected the columns"],
    ),
    (
        "an ingredient naming an unknown factor",
        "tables/ingredients/antihistamines.yaml",
        "factors: {antihistamine: high}\n    cite: [hoque-2010, mayo-2021, ninds-fact-sheet]",
        "factors: {antihistamines: high}\n    cite: [hoque-2010, mayo-2021, ninds-fact-sheet]",
        ["tables/ingredients/antihistamines.yaml", "diphenhydramine", "'antihistamines'"],
    ),
    (
        "an unknown implication grade",
        "tables/ingredients/antihistamines.yaml",
        "factors: {antihistamine: low}",
        "factors: {antihistamine: mild}",
        ["tables/ingredients/antihistamines.yaml", "'mild'"],
    ),
    (
        "a unit conversion that is not a number",
        "tables/units.csv",
        "iron,umol/L,5.5845",
        "iron,umol/L,five",
        ["tables/units.csv", "multiply", "expected a number"],
    ),
    (
        "a factor folder missing from the registry",
        "factors.yaml",
        '  - {id: kidney-disease, category: condition, extension: false, seed_wording: "severe kidney disease and uremia"}\n',
        "",
        ["condition/kidney-disease", "not in factors.yaml"],
    ),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_knowledge_is_rejected_with_a_helpful_message(
    tmp_path: Path, name: str, rel: str, old: str, new: str, words: list[str]
) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(default_path(), root)
    target = root / rel
    text = target.read_text(encoding="utf-8")
    assert old in text, f"fixture for {name!r} no longer matches {rel}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_the_packaged_knowledge_loads() -> None:
    knowledge = load_knowledge()
    assert [f.id for f in knowledge.factors][:2] == ["iron-deficiency", "peripheral-neuropathy"]
    assert knowledge.rls.item is not None


def test_an_ingredient_defined_in_two_files_is_rejected(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(default_path(), root)
    source = root / "tables/ingredients/antihistamines.yaml"
    copy = root / "tables/ingredients/zz-copy.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert "zz-copy.yaml" in str(caught.value)
    assert "already defined in tables/ingredients/antihistamines.yaml" in str(caught.value)


def test_one_rxcui_names_one_ingredient(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(default_path(), root)
    target = root / "tables/ingredients/opioids.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace('rxcui: "7804"', 'rxcui: "10689"', 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert "RxCUI 10689 is already given to tramadol" in str(caught.value)
