"""`ekbom check`: read inputs, evaluate, render, write."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.errors import InputError

if TYPE_CHECKING:
    from ekbom.facts import Facts
    from ekbom.result import Result

NOTE_SUFFIXES = frozenset({".txt"})
"""Files read as plain-text clinical notes; every other path is FHIR JSON or NDJSON."""


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
    if output_format == "pdf" and output is None:
        raise UserError(
            "--format pdf writes a binary file: add --output FILE (for example summary.pdf)"
        )
    if output_format == "pdf":
        _pdf_renderer()  # fail before reading when the pdf extra is missing
    from ekbom.engine.evaluate import evaluate
    from ekbom.kb.load import load_knowledge

    knowledge = load_knowledge()
    # A one-shot command keeps every object until it exits, so cyclic garbage collection would
    # only walk an ever larger heap (it made 20,000-entry inputs scale worse than linearly).
    gc.disable()
    facts = read_inputs(paths, patient, day)
    result = evaluate(knowledge, facts, day)
    write(render(result, output_format, sys.stdout.isatty() and output is None), output)


def read_inputs(paths: list[Path], patient: str | None, as_of: date) -> Facts:
    """One person's facts from FHIR files and plain-text notes (`.txt`) together.

    Every input is read before anything is evaluated; a note without a `Date:` first line is
    dated on the as-of date.

    Raises:
        InputError: any input cannot be read (named), or notes need the missing nlp extra.
    """
    from ekbom.facts import Facts
    from ekbom.sources.fhir import read_fhir

    notes = [p for p in paths if p.suffix.lower() in NOTE_SUFFIXES]
    others = [p for p in paths if p.suffix.lower() not in NOTE_SUFFIXES]
    facts = read_fhir(others, patient) if others else Facts()
    if notes:
        from ekbom.sources.note import read_note

        for path in notes:
            facts.extend(read_note(path, as_of))
    return facts


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
    if output_format == "pdf":
        return _pdf_renderer()(result)
    from ekbom.render.text import render_text

    return render_text(result, colour=colour).encode("utf-8")


def _pdf_renderer() -> Callable[[Result], bytes]:
    """`ekbom.render.pdf.to_pdf`, or a clean exit 2 when the pdf extra is not installed."""
    from ekbom.cli import UserError

    try:
        from ekbom.render.pdf import to_pdf
    except ImportError:
        raise UserError(
            "--format pdf needs the pdf extra: pip install 'ekbom[pdf]' (or use --format html)"
        ) from None
    return to_pdf


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
