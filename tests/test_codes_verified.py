"""Codes you can trust: every ICD-10-CM code exists with its official display, SNOMED CT ids
pass the Verhoeff check, LOINC codes pass the mod-10 check, and codes the OMOP vocabulary shard
holds are valid concepts there."""

from __future__ import annotations

import csv
import re

import pytest

from ekbom.kb.codes import CodeEntry
from ekbom.kb.load import load_knowledge
from ekbom.vocab import System
from tests.conftest import require_shared

KNOWLEDGE = load_knowledge()
ENTRIES: list[CodeEntry] = KNOWLEDGE.codes.entries + KNOWLEDGE.lab_codes.entries


def _ids(entries: list[CodeEntry]) -> list[str]:
    return [f"{e.file}:{e.code}" for e in entries]


def verhoeff_valid(number: str) -> bool:
    """The Verhoeff check digit that ends every SNOMED CT identifier.

    >>> verhoeff_valid("32914008"), verhoeff_valid("32914009")
    (True, False)
    """
    d = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    p = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]
    check = 0
    for index, digit in enumerate(reversed(number)):
        check = d[check][p[index % 8][int(digit)]]
    return check == 0


def loinc_valid(code: str) -> bool:
    """LOINC's mod-10 check digit (the digit after the hyphen).

    >>> loinc_valid("2276-4"), loinc_valid("2276-5")
    (True, False)
    """
    match = re.fullmatch(r"(\d+)-(\d)", code)
    if match is None:
        return False
    body, check = match.group(1), int(match.group(2))
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10 == check


SNOMED = [e for e in ENTRIES if e.system == System.SNOMED]
LOINC = [e for e in ENTRIES if e.system == System.LOINC]
ICD = [e for e in ENTRIES if e.system == System.ICD10CM]


@pytest.mark.parametrize("entry", SNOMED, ids=_ids(SNOMED))
def test_snomed_ids_pass_the_verhoeff_check(entry: CodeEntry) -> None:
    assert entry.code.isdigit(), f"{entry.file}: SNOMED CT id {entry.code!r} is not a number"
    assert verhoeff_valid(entry.code), f"{entry.file}: {entry.code} fails the Verhoeff check"


@pytest.mark.parametrize("entry", LOINC, ids=_ids(LOINC))
def test_loinc_codes_pass_the_mod10_check(entry: CodeEntry) -> None:
    if entry.code.startswith("LA"):  # LOINC answer codes: a different numbering, shape only
        assert re.fullmatch(r"LA\d+-\d", entry.code), f"{entry.file}: {entry.code} is malformed"
        return
    assert loinc_valid(entry.code), f"{entry.file}: {entry.code} fails the LOINC check digit"


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@pytest.mark.parametrize("entry", ICD, ids=_ids(ICD))
def test_icd10cm_codes_exist_with_their_official_display(entry: CodeEntry) -> None:
    import simple_icd_10_cm as cm

    if entry.retired_in:
        return  # a code retired from the current release is allowed when it says so
    if entry.match == "exact" or cm.is_valid_item(entry.code):
        assert cm.is_valid_item(entry.code), f"{entry.file}: {entry.code} is not an ICD-10-CM code"
        official = cm.get_description(entry.code)
        assert _normal(entry.display) == _normal(official), (
            f"{entry.file}: {entry.code} display {entry.display!r} differs from {official!r}"
        )
    else:
        stem = entry.code.replace(".", "")
        assert any(code.replace(".", "").startswith(stem) for code in cm.get_all_codes()), (
            f"{entry.file}: no ICD-10-CM code starts with {entry.code}"
        )


def test_the_omop_shard_knows_our_codes_as_valid_concepts() -> None:
    folder = require_shared("omop-synthea27nj")
    vocabulary = {
        System.SNOMED.value: "SNOMED",
        System.LOINC.value: "LOINC",
        System.ICD10CM.value: "ICD10CM",
    }
    with (folder / "CONCEPT.csv").open(newline="", encoding="utf-8") as handle:
        concepts = {(r["vocabulary_id"], r["concept_code"]): r for r in csv.DictReader(handle)}
    found = []
    for entry in ENTRIES:
        row = concepts.get((vocabulary.get(entry.system, ""), entry.code))
        if row is None:
            continue
        found.append(entry.code)
        if row["invalid_reason"]:
            said = f"{entry.note or ''} {entry.retired_in or ''}".lower()
            assert "deprecated" in said or "retired" in said, (
                f"{entry.file}: {entry.code} is invalid in the OMOP vocabulary; "
                "say so in its note (deprecated) or retired_in"
            )
    assert found, "no knowledge code appears in the shard; the comparison tested nothing"
