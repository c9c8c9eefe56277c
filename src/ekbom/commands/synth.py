"""`ekbom synth`: generate a synthetic population in OMOP CDM and FHIR form."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_AS_OF = date(2025, 1, 1)
"""The generation date when none is given: a fixed day, so a seed always means one population."""


def synth(
    persons: Annotated[int, typer.Option("--persons", help="How many persons to generate.")],
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="The folder to write omop/ and fhir/ into.")
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="omop-parquet, omop-csv, fhir-ndjson or both (Parquet and NDJSON)."
        ),
    ] = "both",
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same persons.")] = 1,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The generation date that facts are placed around (default 2025-01-01).",
        ),
    ] = None,
    density: Annotated[
        str,
        typer.Option(
            "--density", help="sparse (a few unrelated rows) or synthea (hundreds per person)."
        ),
    ] = "sparse",
    threads: Annotated[
        int | None, typer.Option("--threads", help="DuckDB threads (default: every core).")
    ] = None,
) -> None:
    """Generate a synthetic population for testing: OMOP CDM tables and FHIR NDJSON."""
    import sys
    import time
    from importlib.util import find_spec

    from ekbom.cli import UserError
    from ekbom.dates import parse_iso_day
    from ekbom.errors import InputError

    if find_spec("duckdb") is None or find_spec("pyarrow") is None:
        raise UserError("synth needs the cohort extra: pip install 'ekbom[cohort]'")
    from ekbom.synth.generate import generate

    try:
        day = parse_iso_day(as_of) if as_of else DEFAULT_AS_OF
    except ValueError as error:
        raise InputError("--as-of", str(error)) from None
    started = time.perf_counter()
    written = generate(
        persons,
        seed,
        out,
        formats=output_format,
        as_of=day,
        density=density,
        threads=threads,
    )
    took = time.perf_counter() - started
    for form, counts in (("omop", written.omop), ("fhir", written.fhir)):
        if counts:
            rows = ", ".join(f"{name} {n}" for name, n in counts.items())
            sys.stdout.write(f"{form}: {rows}\n")
    sys.stdout.write(f"{persons} persons in {took:.1f} s -> {out}\n")
