"""`ekbom demo`: run `ekbom check` on the bundled example patients.

The examples are synthetic FHIR R4 Bundles shipped inside the package (`ekbom/examples/`), with
an `index.yaml` naming each file, a one-line title and the as-of date to judge it on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from ekbom.errors import EkbomError

INDEX = "index.yaml"


@dataclass(frozen=True, slots=True)
class Example:
    """One bundled example: its file, what it shows and the day to judge it on."""

    file: str
    title: str
    as_of: date


def examples_folder() -> Traversable:
    """The folder of bundled examples inside the installed package."""
    return files("ekbom") / "examples"


def load_index(folder: Traversable) -> list[Example]:
    """The examples listed in the folder's index.yaml, in its order.

    Raises:
        EkbomError: the index is missing or malformed (a packaging fault, exit 1).
    """
    where = f"ekbom/examples/{INDEX}"
    try:
        data: Any = yaml.safe_load((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EkbomError(f"{where}: cannot be read ({error}); reinstall ekbom") from None
    entries = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise EkbomError(f"{where}: expected a mapping with an 'examples' list")
    return [_example(entry, where, i) for i, entry in enumerate(entries)]


def _example(entry: Any, where: str, index: int) -> Example:
    try:
        day = entry["as_of"]
        as_of = day if isinstance(day, date) else date.fromisoformat(str(day))
        return Example(file=str(entry["file"]), title=str(entry["title"]), as_of=as_of)
    except (TypeError, KeyError, ValueError) as error:
        raise EkbomError(
            f"{where}: examples[{index}]: expected file, title and as_of (YYYY-MM-DD) ({error!r})"
        ) from None


def run_demo(output_format: str) -> None:
    """Check every bundled example, as `ekbom check` would, and print each under a heading.

    Raises:
        UserError: --format pdf, which is not supported yet (exit 2).
    """
    from ekbom.cli import UserError
    from ekbom.commands.check import render, write
    from ekbom.engine.evaluate import evaluate
    from ekbom.kb.load import load_knowledge
    from ekbom.sources.fhir import read_fhir

    if output_format == "pdf":
        raise UserError("--format pdf is not supported yet; use --format html and print it")
    folder = examples_folder()
    knowledge = load_knowledge()
    colour = sys.stdout.isatty()
    for example in load_index(folder):
        with as_file(folder / example.file) as path:
            facts = read_fhir([path])
        result = evaluate(knowledge, facts, example.as_of)
        write(_heading(example, output_format), None)
        write(render(result, output_format, colour), None)


def _heading(example: Example, output_format: str) -> bytes:
    """A heading before each example that keeps the format readable by its tools.

    JSON output is a stream of objects (as `jq` reads it): a one-line heading object
    `{"example", "title", "as_of"}`, then that example's result. HTML gets a comment.
    """
    text = f"{example.file}: {example.title} (as of {example.as_of.isoformat()})"
    if output_format == "json":
        import orjson

        heading = {"example": example.file, "title": example.title, "as_of": example.as_of}
        return orjson.dumps(heading) + b"\n"
    if output_format == "html":
        return f"<!-- ekbom demo: {text.replace('--', '-')} -->\n".encode()
    rule = "=" * min(len(text), 100)
    return f"\n{rule}\n{text}\n{rule}\n".encode()
