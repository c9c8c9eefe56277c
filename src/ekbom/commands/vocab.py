"""`ekbom vocab load`: stream an OMOP vocabulary (Athena download or CDM export) into DuckDB."""

from __future__ import annotations

import sys
from pathlib import Path


def run_vocab_load(folder: Path, database: Path) -> None:
    """Load the vocabulary tables of a folder into a DuckDB file and print row counts.

    Raises:
        UserError: the cohort extra is not installed, or the folder is not a vocabulary.
    """
    from ekbom.cli import UserError

    try:
        import duckdb
    except ImportError:
        raise UserError("vocab load needs the cohort extra: pip install 'ekbom[cohort]'") from None
    from ekbom.cohort.vocabulary import load_vocabulary

    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder; give an OMOP vocabulary folder")
    try:
        con = duckdb.connect(str(database))
    except duckdb.Error as error:
        raise UserError(f"{database}: cannot open the DuckDB file ({error})") from None
    try:
        counts = load_vocabulary(folder, con)
    finally:
        con.close()
    for table, rows in counts.items():
        sys.stdout.write(f"{table}\t{rows}\n")
