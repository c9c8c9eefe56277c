"""Load OMOP vocabulary tables into DuckDB with explicit CDM 5.4 column types.

Two layouts are read, told apart by the CONCEPT file itself (`detect_layout`):

* an OHDSI Athena download: tab-separated, unquoted, dates as YYYYMMDD (`load_athena`);
* a CDM export such as Synthea27Nj: comma-separated, quoted, ISO dates (`load_cdm_vocabulary`).

Files are streamed by DuckDB's CSV reader straight into typed tables (`INSERT ... SELECT FROM
read_csv`), so multi-GB relationship files never pass through Python. Every vocabulary table is
created, empty when its file is absent, so queries need not test for it. Empty strings in
`standard_concept` and `invalid_reason` are stored as NULL whichever way the file wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.cohort.backend import load_error
from ekbom.errors import InputError

if TYPE_CHECKING:
    import duckdb

# CDM 5.4 DDL (OHDSI CommonDataModel, vocabulary tables); NUMERIC is read as DOUBLE.
TABLES: dict[str, dict[str, str]] = {
    "concept": {
        "concept_id": "INTEGER",
        "concept_name": "VARCHAR",
        "domain_id": "VARCHAR",
        "vocabulary_id": "VARCHAR",
        "concept_class_id": "VARCHAR",
        "standard_concept": "VARCHAR",
        "concept_code": "VARCHAR",
        "valid_start_date": "DATE",
        "valid_end_date": "DATE",
        "invalid_reason": "VARCHAR",
    },
    "concept_relationship": {
        "concept_id_1": "INTEGER",
        "concept_id_2": "INTEGER",
        "relationship_id": "VARCHAR",
        "valid_start_date": "DATE",
        "valid_end_date": "DATE",
        "invalid_reason": "VARCHAR",
    },
    "concept_ancestor": {
        "ancestor_concept_id": "INTEGER",
        "descendant_concept_id": "INTEGER",
        "min_levels_of_separation": "INTEGER",
        "max_levels_of_separation": "INTEGER",
    },
    "vocabulary": {
        "vocabulary_id": "VARCHAR",
        "vocabulary_name": "VARCHAR",
        "vocabulary_reference": "VARCHAR",
        "vocabulary_version": "VARCHAR",
        "vocabulary_concept_id": "INTEGER",
    },
    "domain": {"domain_id": "VARCHAR", "domain_name": "VARCHAR", "domain_concept_id": "INTEGER"},
    "concept_class": {
        "concept_class_id": "VARCHAR",
        "concept_class_name": "VARCHAR",
        "concept_class_concept_id": "INTEGER",
    },
    "relationship": {
        "relationship_id": "VARCHAR",
        "relationship_name": "VARCHAR",
        "is_hierarchical": "VARCHAR",
        "defines_ancestry": "VARCHAR",
        "reverse_relationship_id": "VARCHAR",
        "relationship_concept_id": "INTEGER",
    },
    "concept_synonym": {
        "concept_id": "INTEGER",
        "concept_synonym_name": "VARCHAR",
        "language_concept_id": "INTEGER",
    },
    "drug_strength": {
        "drug_concept_id": "INTEGER",
        "ingredient_concept_id": "INTEGER",
        "amount_value": "DOUBLE",
        "amount_unit_concept_id": "INTEGER",
        "numerator_value": "DOUBLE",
        "numerator_unit_concept_id": "INTEGER",
        "denominator_value": "DOUBLE",
        "denominator_unit_concept_id": "INTEGER",
        "box_size": "INTEGER",
        "valid_start_date": "DATE",
        "valid_end_date": "DATE",
        "invalid_reason": "VARCHAR",
    },
}
"""The vocabulary tables, their columns in file order and their CDM 5.4 types."""

_BLANK_AS_NULL = ("standard_concept", "invalid_reason")


@dataclass(frozen=True, slots=True)
class Layout:
    """How the CSV files of one vocabulary folder are written."""

    name: str
    delim: str
    quote: str
    dateformat: str


ATHENA = Layout("athena", "\t", "", "%Y%m%d")
CDM_EXPORT = Layout("cdm-export", ",", '"', "%Y-%m-%d")


def find_file(folder: Path, table: str) -> Path | None:
    """The file of a table in the folder (`CONCEPT.csv`, `concept.csv`...), or None."""
    wanted = f"{table}.csv"
    for path in folder.iterdir():
        if path.is_file() and path.name.lower() == wanted:
            return path
    return None


def detect_layout(folder: Path) -> Layout:
    """Athena or CDM export, from the header line of CONCEPT.csv.

    Raises:
        InputError: there is no CONCEPT file, or its header is neither layout.
    """
    concept = _require_concept(folder)
    with concept.open(encoding="utf-8") as handle:
        header = handle.readline()
    if "\t" in header:
        return ATHENA
    if "," in header:
        return CDM_EXPORT
    raise InputError(str(concept), "header is neither tab- nor comma-separated")


def load_vocabulary(folder: Path, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Load a vocabulary folder of either layout (detected); returns rows per table."""
    return _load(folder, con, detect_layout(folder))


def load_athena(folder: Path, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Stream an OHDSI Athena download into `con`; returns rows per table."""
    return _load(folder, con, ATHENA)


def load_cdm_vocabulary(folder: Path, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Load the vocabulary tables of a CDM CSV export (comma, ISO dates); rows per table."""
    return _load(folder, con, CDM_EXPORT)


def _require_concept(folder: Path) -> Path:
    if not folder.is_dir():
        raise InputError(str(folder), "is not a folder of vocabulary files")
    concept = find_file(folder, "concept")
    if concept is None:
        raise InputError(str(folder), "has no CONCEPT.csv; download the vocabulary from Athena")
    return concept


def _load(folder: Path, con: duckdb.DuckDBPyConnection, layout: Layout) -> dict[str, int]:
    _require_concept(folder)
    counts: dict[str, int] = {}
    for table, columns in TABLES.items():
        ddl = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        con.execute(f"CREATE OR REPLACE TABLE {table} ({ddl})")
        path = find_file(folder, table)
        if path is not None:
            load_table(con, table, columns, path, layout)
        counts[table] = int(con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0])
    return counts


def load_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, str],
    path: Path,
    layout: Layout,
) -> None:
    """Stream one vocabulary file into the existing typed table, after checking its header.

    Raises:
        InputError: the header is not the CDM 5.4 columns, or a row does not fit their types.
    """
    _check_header(path, columns, layout)
    select = ", ".join(
        f"nullif(trim({name}), '') AS {name}" if name in _BLANK_AS_NULL else name
        for name in columns
    )
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
    try:
        con.execute(
            f"INSERT INTO {table} SELECT {select} FROM read_csv(?, delim = ?, quote = ?, "
            f"escape = ?, header = true, auto_detect = false, columns = {spec}, "
            "dateformat = ?, nullstr = '')",
            [str(path), layout.delim, layout.quote, layout.quote, layout.dateformat],
        )
    except Exception as error:  # duckdb's ConversionException, InvalidInputException...
        raise InputError(str(path), load_error(error)) from None


def _check_header(path: Path, columns: dict[str, str], layout: Layout) -> None:
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\r\n")
    names = [name.strip().strip('"').lower() for name in header.split(layout.delim)]
    if names != list(columns):
        raise InputError(
            str(path),
            f"columns {names} are not the CDM 5.4 columns {list(columns)} "
            f"(read as {layout.name} layout)",
        )
