"""`ekbom check`: read inputs, evaluate, render, write."""

from __future__ import annotations

import gc
import sys
from datetime import date
from pathlib import Path

from ekbom.errors import InputError

NOT_YET = {
    ".txt": "plain-text clinical notes are not supported yet",
}


def run_check(
    paths: list[Path],
    as_of: str | None,
    patient: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Evaluate one person's record and write it in the chosen format.

    Raises:
        InputError: bad input or an option the installed extras cannot serve (exit 2).
    """
    from ekbom.cli import UserError

    day = _as_of(as_of)
    for path in paths:
        reason = NOT_YET.get(path.suffix.lower())
        if reason:
            raise InputError(str(path), reason)
    if output_format == "pdf":
        raise UserError("--format pdf is not supported yet; use --format html and print it")
    from ekbom.engine.evaluate import evaluate
    from ekbom.kb.load import load_knowledge
    from ekbom.sources.fhir import read_fhir

    knowledge = load_knowledge()
    # A one-shot command keeps every object until it exits, so cyclic garbage collection would
    # only walk an ever larger heap (it made 20,000-entry inputs scale worse than linearly).
    gc.disable()
    facts = read_fhir(paths, patient)
    result = evaluate(knowledge, facts, day)
    write(render(result, output_format, sys.stdout.isatty() and output is None), output)


def render(result: object, output_format: str, colour: bool) -> bytes:
    """The result in one of the formats."""
    from ekbom.result import Result

    assert isinstance(result, Result)
    if output_format == "json":
        from ekbom.render.json import render_json

        return render_json(result)
    if output_format == "html":
        from ekbom.render.html import render_html

        return render_html(result).encode("utf-8")
    from ekbom.render.text import render_text

    return render_text(result, colour=colour).encode("utf-8")


def write(data: bytes, output: Path | None) -> None:
    """Write to the file asked for, or to standard output."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise InputError(str(output), f"cannot be written ({error.strerror or error})") from None


def _as_of(text: str | None) -> date:
    from ekbom.cli import UserError
    from ekbom.dates import parse_iso_day

    if text is None:
        return date.today()
    try:
        return parse_iso_day(text)
    except ValueError as error:
        raise UserError(f"--as-of: {error}") from None
