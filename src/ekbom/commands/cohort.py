"""`ekbom cohort`: screen an OMOP CDM database (DuckDB, Postgres or Spark) for every factor."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ekbom.cohort.index import IndexChoice


class Engine(StrEnum):
    """Where the screen runs."""

    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"


def cohort(
    source: Annotated[
        str,
        typer.Argument(
            help="A folder of OMOP CDM v5.4 CSV or Parquet tables, a DuckDB file, a "
            "postgresql:// URL, or spark: plus a catalog database or a Parquet folder."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="The folder to write into.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", help="Screen everyone observed on this day."),
    ] = None,
    index: Annotated[
        Path | None,
        typer.Option(
            "--index", metavar="FILE.csv", help="Screen these person_id,index_date pairs."
        ),
    ] = None,
    rls_cohort: Annotated[
        bool,
        typer.Option(
            "--rls-cohort", help="Screen persons with an RLS diagnosis, at their first one."
        ),
    ] = False,
    cohort_table: Annotated[
        str | None,
        typer.Option(
            "--cohort-table", metavar="TABLE", help="Index from an OHDSI COHORT table instead."
        ),
    ] = None,
    cohort_id: Annotated[
        int | None,
        typer.Option("--cohort-id", metavar="N", help="The cohort_definition_id to read."),
    ] = None,
    engine: Annotated[
        Engine | None,
        typer.Option(
            "--engine", help="duckdb (default), postgres or spark; from SOURCE if omitted."
        ),
    ] = None,
    cdm_schema: Annotated[
        str | None, typer.Option("--cdm-schema", metavar="S", help="Schema of the CDM tables.")
    ] = None,
    vocab_schema: Annotated[
        str | None,
        typer.Option("--vocab-schema", metavar="S", help="Schema of the vocabulary tables."),
    ] = None,
    results_schema: Annotated[
        str | None,
        typer.Option(
            "--results-schema", metavar="S", help="Schema of the COHORT and results tables."
        ),
    ] = None,
    results_table: Annotated[
        str | None,
        typer.Option(
            "--results-table",
            metavar="TABLE",
            help="Also write the findings into this table (replaced) in --results-schema.",
        ),
    ] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", metavar="N", help="DuckDB threads (default: all).")
    ] = None,
) -> None:
    """Screen an OMOP CDM database: every factor for every screened person."""
    from ekbom.cli import UserError
    from ekbom.cohort.index import IndexChoice

    chosen = [
        as_of is not None,
        index is not None,
        rls_cohort,
        cohort_table is not None or cohort_id is not None,
    ]
    if sum(chosen) != 1:
        raise UserError(
            "give exactly one of --as-of, --index, --rls-cohort or --cohort-table with --cohort-id"
        )
    if (cohort_table is None) != (cohort_id is None):
        raise UserError("--cohort-table and --cohort-id go together")
    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise UserError(f"--as-of {as_of!r}: expected a date as YYYY-MM-DD") from None
    choice = IndexChoice(
        as_of=day,
        index_file=index,
        rls_cohort=rls_cohort,
        cohort_table=cohort_table,
        cohort_id=cohort_id,
        results_schema=results_schema,
    )
    _run(
        source,
        out,
        choice,
        engine,
        cdm_schema,
        vocab_schema,
        results_schema,
        results_table,
        threads,
    )


def _run(
    source: str,
    out: Path,
    choice: IndexChoice,
    engine: Engine | None,
    cdm_schema: str | None,
    vocab_schema: str | None,
    results_schema: str | None,
    results_table: str | None,
    threads: int | None,
) -> None:
    from ekbom.cli import UserError

    try:
        import duckdb  # noqa: F401
    except ImportError:
        raise UserError("cohort needs the cohort extra: pip install 'ekbom[cohort]'") from None
    from ekbom.cohort.progress import progress_bar
    from ekbom.cohort.run import run_cohort
    from ekbom.cohort.source import describe, open_source, source_kind
    from ekbom.kb.load import load_knowledge

    kind = source_kind(source)
    chosen = (engine or Engine(kind if kind in ("postgres", "spark") else "duckdb")).value
    try:
        backend = open_source(
            source, chosen, cdm_schema=cdm_schema, vocab_schema=vocab_schema, threads=threads
        )
    except ValueError as error:
        raise UserError(str(error)) from None
    try:
        with progress_bar() as step:
            run = run_cohort(
                backend,
                load_knowledge(),
                choice,
                out,
                source=describe(source),
                results_schema=results_schema,
                results_table=results_table,
                progress=step,
            )
    except ValueError as error:
        raise UserError(str(error)) from None
    finally:
        backend.close()
    summary = run.summary
    sys.stdout.write(
        f"screened {summary['screened']} of {summary['attrition'][0]['count']} candidate pairs; "
        f"wrote {out}/findings.csv, persons.csv, excluded.csv, summary.json, report.html\n"
    )
    for warning in run.warnings:
        sys.stderr.write(f"ekbom: warning: {warning}\n")
