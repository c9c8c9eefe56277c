"""The shape the design depends on: a factor-blind engine, a light core, a small public API."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import ekbom
from ekbom.kb.load import load_knowledge

PACKAGE = Path(ekbom.__file__).parent
HEAVY = (
    "pandas",
    "pyarrow",
    "duckdb",
    "spacy",
    "medspacy",
    "fastapi",
    "starlette",
    "uvicorn",
    "ibis",
    "polars",
    "pyspark",
    "numpy",
    "weasyprint",
    "sqlglot",
    "fhir",
)
ALLOWED_NUMBERS = {0, 1}


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PACKAGE / folder).rglob("*.py"))


def _literals(path: Path) -> list[ast.Constant]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in docstrings]


def test_engine_and_sources_name_no_factor() -> None:
    ids = [f.id for f in load_knowledge().factors]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}"
        for path in _python_files("engine", "sources")
        for node in _literals(path)
        if isinstance(node.value, str) and pattern.search(node.value)
    ]
    assert not offenders, "factor ids belong in the knowledge files:\n" + "\n".join(offenders)


def test_engine_and_sources_hold_no_numbers() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}"
        for path in _python_files("engine", "sources")
        for node in _literals(path)
        if isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value not in ALLOWED_NUMBERS
    ]
    assert not offenders, "numbers belong in the knowledge (or ekbom.limits):\n" + "\n".join(
        offenders
    )


def test_check_imports_no_heavy_library(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_text(
        json.dumps(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1970-01-01"}},
                    {
                        "resource": {
                            "resourceType": "Observation",
                            "id": "o",
                            "status": "final",
                            "subject": {"reference": "Patient/p"},
                            "code": {"coding": [{"system": "http://loinc.org", "code": "2276-4"}]},
                            "effectiveDateTime": "2026-10-01",
                            "valueQuantity": {"value": 40, "unit": "ng/mL"},
                        }
                    },
                ],
            }
        )
    )
    out = tmp_path / "out.json"
    script = (
        "import sys\n"
        "from ekbom.cli import app\n"
        f"sys.argv = ['ekbom', 'check', {str(record)!r}, '--format', 'json', "
        f"'--output', {str(out)!r}, '--as-of', '2026-11-24']\n"
        "try:\n    app()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.split()
    assert json.loads(out.read_text())["findings"][0]["status"] == "present"
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert not heavy, f"ekbom check imported {heavy}"


def test_public_api_is_small_and_explicit() -> None:
    assert sorted(ekbom.__all__) == sorted(
        ["Facts", "Result", "__version__", "evaluate", "load_knowledge", "read_fhir"]
    )
    for name in ekbom.__all__:
        assert getattr(ekbom, name) is not None
