"""The `ekbom` command line: a thin edge of parse -> source -> evaluate -> render.

Heavy modules are imported inside the commands, so `ekbom --help` starts fast. User mistakes
end with one line on stderr and exit status 2; internal errors exit 1.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ekbom import __version__

app = typer.Typer(
    name="ekbom",
    help="Finds what may be behind a person's restless legs syndrome. "
    "Decision support, not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no markdown renderer to import, so --help starts fast
)


class Format(StrEnum):
    """Output formats of `ekbom check`."""

    text = "text"
    json = "json"
    html = "html"
    pdf = "pdf"


class UserError(Exception):
    """A mistake in what the user asked for: one line, exit status 2."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ekbom {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """ekbom: secondary causes and aggravating factors of restless legs syndrome."""


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="FHIR R4 JSON resources, Bundles or NDJSON files: one person's record together."
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Judge the record as of this day (YYYY-MM-DD); default today.",
        ),
    ] = None,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient", metavar="ID", help="The patient id to read from an input holding several."
        ),
    ] = None,
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", metavar="FILE", help="Write to this file instead of standard output."
        ),
    ] = None,
) -> None:
    """Check one person's record for factors linked to RLS."""
    from ekbom.commands.check import run_check

    run_check(paths, as_of, patient, output_format.value, output)


@app.command()
def demo(
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
) -> None:
    """Run `ekbom check` on the bundled example patients."""
    from ekbom.commands.demo import run_demo

    run_demo(output_format.value)


kb_app = typer.Typer(help="Inspect, compare and export the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


class ExportFormat(StrEnum):
    """Formats of `ekbom kb export`."""

    fhir_valueset = "fhir-valueset"
    omop_conceptset = "omop-conceptset"
    csv = "csv"


@kb_app.command("list")
def kb_list() -> None:
    """List every factor with its evidence grade, review state and unverified codes."""
    from ekbom.commands.kb import run_list

    run_list()


@kb_app.command("show")
def kb_show(factor: Annotated[str, typer.Argument(help="A factor id, or rls.")]) -> None:
    """Show one factor as a clinician would review it: rules, wording, codes, citations."""
    from ekbom.commands.kb import run_show

    run_show(factor)


@kb_app.command("diff")
def kb_diff(
    old: Annotated[Path, typer.Argument(help="The earlier knowledge folder.")],
    new: Annotated[Path, typer.Argument(help="The later knowledge folder.")],
) -> None:
    """Show what logic changed between two knowledge versions."""
    from ekbom.commands.kb import run_diff

    run_diff(old, new)


@kb_app.command("export")
def kb_export(
    output_format: Annotated[ExportFormat, typer.Option("--format", help="What to write.")],
    out: Annotated[Path, typer.Option("--out", help="The folder to write into.")],
    vocab: Annotated[
        Path | None,
        typer.Option(
            "--vocab", help="An OMOP vocabulary folder (CONCEPT table), for omop-conceptset."
        ),
    ] = None,
) -> None:
    """Export the concept sets as FHIR R4 ValueSets, OHDSI ATLAS concept sets or CSV."""
    from ekbom.commands.kb import run_export

    run_export(output_format.value, out, vocab)


vocab_app = typer.Typer(help="Load OMOP vocabularies for cohort screening.", no_args_is_help=True)
app.add_typer(vocab_app, name="vocab")


@vocab_app.command("load")
def vocab_load(
    folder: Annotated[Path, typer.Argument(help="An Athena download or a CDM vocabulary export.")],
    database: Annotated[
        Path, typer.Option("--db", metavar="FILE", help="The DuckDB file to load into.")
    ] = Path("vocabulary.duckdb"),
) -> None:
    """Stream an OMOP vocabulary (tab-separated Athena files or CDM CSV) into DuckDB."""
    from ekbom.commands.vocab import run_vocab_load

    run_vocab_load(folder, database)


# Commands that live in their own modules (each keeps its heavy imports inside the function,
# so `ekbom --help` stays fast).
from ekbom.commands.cohort import cohort as _cohort  # noqa: E402
from ekbom.commands.serve import serve as _serve  # noqa: E402
from ekbom.commands.synth import synth as _synth  # noqa: E402

app.command("cohort")(_cohort)
app.command("synth")(_synth)
app.command("serve")(_serve)


def main() -> None:
    """Entry point: run the app and map errors to exit statuses."""
    from ekbom.errors import EkbomError, InputError

    try:
        app(standalone_mode=False)
    except (InputError, UserError) as error:
        sys.stderr.write(f"ekbom: error: {error}\n")
        sys.exit(2)
    except EkbomError as error:
        sys.stderr.write(f"ekbom: internal error: {error}\n")
        sys.exit(1)
    except Exception as error:
        # Command-line usage mistakes (an unknown option, a bad --format, no PATH) come from
        # the parser as exceptions with an exit code and a message: one line, exit status 2.
        usage = getattr(error, "format_message", None)
        if usage is None or getattr(error, "exit_code", None) is None:
            raise
        if type(error).__name__ == "NoArgsIsHelpError":  # `ekbom` alone: show the help
            sys.stdout.write(usage() + "\n")
            sys.exit(0)
        sys.stderr.write(f"ekbom: error: {usage()}\n")
        sys.exit(int(getattr(error, "exit_code", 2)) or 2)
