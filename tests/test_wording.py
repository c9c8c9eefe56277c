"""Wording rules: the product informs, it never tells anyone to stop or change a medicine, and
every warning code it emits is in the knowledge's closed list."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import ekbom
from ekbom.kb.load import default_path, load_knowledge

FORBIDDEN = re.compile(
    r"\b(stop taking|stop the|stop your|stop it|discontinue|discontinuing|switch to|switch from|"
    r"switch the|switching to|replace|replacing|come off|wean off|taper off)\b",
    re.IGNORECASE,
)
ALLOWED_CONTEXT = re.compile(r"\b(do not|don't|never|not)\s+\w*\s*$", re.IGNORECASE)


def _strings(node: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def _wording() -> list[tuple[str, str]]:
    out = []
    for file in sorted(default_path().rglob("*.yaml")):
        if file.name == "cases.yaml":
            continue
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
        rel = file.relative_to(default_path()).as_posix()
        for path, text in _strings(document, rel):
            if any(
                k in path
                for k in (
                    "explain",
                    "recommend",
                    "unknown",
                    "summary",
                    "reason",
                    "messages",
                    "stale",
                    "decision",
                    "not_validated",
                    "no_data",
                    "unresolved",
                    "uninterpretable",
                )
            ):
                out.append((path, text))
    return out


WORDING = _wording()


@pytest.mark.parametrize(("path", "text"), WORDING, ids=[p for p, _ in WORDING])
def test_no_wording_tells_anyone_to_stop_or_change_a_medicine(path: str, text: str) -> None:
    for match in FORBIDDEN.finditer(text):
        before = text[: match.start()]
        assert ALLOWED_CONTEXT.search(before), f"{path}: imperative {match.group(0)!r} in {text!r}"


def test_patient_wording_that_names_a_medicine_warns_against_stopping_it() -> None:
    knowledge = load_knowledge()
    for factor in knowledge.factors:
        item = factor.item
        if item is None or factor.category.value not in ("medication", "withdrawal"):
            continue
        for status, wording in item.recommend.items():
            if status.value in ("present", "possible"):
                assert "on your own" in wording.patient, (
                    f"{factor.id} recommend.{status.value}.patient must say not to stop or "
                    "change a prescribed medicine on your own"
                )


def _emitted_codes() -> set[str]:
    codes = set()
    for file in Path(ekbom.__file__).parent.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "InputWarning":
                    codes |= {
                        k.value.value
                        for k in node.keywords
                        if k.arg == "code" and isinstance(k.value, ast.Constant)
                    }
                elif name == "_warn" and node.args and isinstance(node.args[0], ast.Constant):
                    codes.add(node.args[0].value)
    return codes


def test_every_emitted_warning_code_is_in_the_closed_list() -> None:
    emitted = _emitted_codes()
    listed = set(load_knowledge().warnings.warnings)
    assert emitted, "found no warning codes; the scan is broken"
    assert emitted <= listed, f"not in tables/warnings.yaml: {sorted(emitted - listed)}"
