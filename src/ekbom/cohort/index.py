"""Who is screened, on which date: the index pairs, and the attrition of those left out.

Exactly one way to choose (CONTRACT.md, `ekbom cohort`):

* `--as-of DATE`: every person, on that date;
* `--index FILE.csv`: the distinct `person_id,index_date` pairs of the file;
* `--rls-cohort`: persons with an RLS diagnosis inside an observation period, at their first;
* `--cohort-table T --cohort-id N`: the subjects of an OHDSI COHORT table, at cohort_start_date.

Every candidate pair is then kept or left out for the first reason that applies, in this
order: `unknown-person` (not in PERSON), `outside-observation` (no observation period holds the
date), `after-death` (the date is after the death date). Kept pairs are `ekbom_index(person_id,
index_date)`; the others are `ekbom_excluded(person_id, index_date, reason)`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.cohort.backend import identifier
from ekbom.errors import InputError

if TYPE_CHECKING:
    from ekbom.cohort.backend import Backend

REASONS = ("unknown-person", "outside-observation", "after-death")
"""Why a candidate pair is not screened, in the order they are tested."""

INDEX_COLUMNS = ("person_id", "index_date")


@dataclass(frozen=True, slots=True)
class IndexChoice:
    """How the index pairs are chosen (exactly one field set)."""

    as_of: date | None = None
    index_file: Path | None = None
    rls_cohort: bool = False
    cohort_table: str | None = None
    cohort_id: int | None = None
    results_schema: str | None = None

    @property
    def kind(self) -> str:
        if self.as_of is not None:
            return "as-of"
        if self.index_file is not None:
            return "index-file"
        if self.rls_cohort:
            return "rls-cohort"
        return "cohort-table"


def read_index_file(path: Path) -> list[tuple[int, date]]:
    """The distinct pairs of an index CSV (`person_id,index_date`, a header line first).

    Raises:
        InputError: the file is missing, has another header, or a row is not an integer id
            and a YYYY-MM-DD date (the line is named; its values are not repeated).
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror})") from None
    pairs: set[tuple[int, date]] = set()
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError(str(path), "is empty; expected a header person_id,index_date")
        names = tuple(h.strip().lower() for h in header)
        if names != INDEX_COLUMNS:
            raise InputError(str(path), "expected the header person_id,index_date", "header")
        for line, row in enumerate(reader, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(INDEX_COLUMNS):
                raise InputError(
                    str(path), "expected two values: person_id,index_date", f"line {line}"
                )
            try:
                person = int(row[0].strip())
            except ValueError:
                raise InputError(str(path), "person_id is not an integer", f"line {line}") from None
            try:
                day = date.fromisoformat(row[1].strip())
            except ValueError:
                raise InputError(
                    str(path), "index_date is not a YYYY-MM-DD date", f"line {line}"
                ) from None
            pairs.add((person, day))
    return sorted(pairs)


def _load_index_file(backend: Backend, path: Path) -> None:
    """Stream an index CSV straight into DuckDB (millions of pairs never pass through Python);
    the first bad row is named by its line, never by its values.

    Raises:
        InputError: as `read_index_file`.
    """
    try:
        with path.open(encoding="utf-8-sig") as handle:
            header = handle.readline()
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror})") from None
    if not header:
        raise InputError(str(path), "is empty; expected a header person_id,index_date")
    if tuple(h.strip().lower() for h in header.strip().split(",")) != INDEX_COLUMNS:
        raise InputError(str(path), "expected the header person_id,index_date", "header")
    con = backend.con
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ekbom_index_file AS "
            "SELECT row_number() OVER () + 1 AS line, trim(person_id) AS person_id, "
            "trim(index_date) AS index_date FROM read_csv(?, header = true, delim = ',', "
            "auto_detect = false, columns = {'person_id': 'VARCHAR', 'index_date': 'VARCHAR'})",
            [str(path)],
        )
    except Exception:  # duckdb's InvalidInputException: ragged rows, bad quoting
        raise InputError(str(path), "expected two values per line: person_id,index_date") from None
    con.execute(
        "DELETE FROM ekbom_index_file WHERE coalesce(person_id, '') = '' "
        "AND coalesce(index_date, '') = ''"
    )
    checks = (
        ("person_id is not an integer", "try_cast(person_id AS BIGINT) IS NULL"),
        (
            "index_date is not a YYYY-MM-DD date",
            "try_strptime(index_date, '%Y-%m-%d') IS NULL OR length(index_date) <> 10",
        ),
    )
    for message, bad in checks:
        line = backend.scalar(f"SELECT min(line) FROM ekbom_index_file WHERE {bad}")
        if line is not None:
            raise InputError(str(path), message, f"line {line}")
    con.execute(
        "INSERT INTO ekbom_candidate SELECT DISTINCT CAST(person_id AS BIGINT), "
        "CAST(index_date AS DATE) FROM ekbom_index_file"
    )


def build_index(backend: Backend, choice: IndexChoice, rls_set: str) -> dict[str, int]:
    """Create `ekbom_index` and `ekbom_excluded`; returns the attrition counts in order
    (`candidates`, each reason, `screened`). `rls_set` names the RLS concept set."""
    con = backend.con
    con.execute("CREATE OR REPLACE TEMP TABLE ekbom_candidate (person_id BIGINT, index_date DATE)")
    if choice.as_of is not None:
        con.execute(
            "INSERT INTO ekbom_candidate SELECT DISTINCT person_id, CAST(? AS DATE) FROM person",
            [choice.as_of.isoformat()],
        )
    elif choice.index_file is not None and backend.engine == "duckdb":
        _load_index_file(backend, choice.index_file)
    elif choice.index_file is not None:
        pairs = read_index_file(choice.index_file)
        if pairs:
            con.executemany(
                "INSERT INTO ekbom_candidate VALUES (?, CAST(? AS DATE))",
                [(p, d.isoformat()) for p, d in pairs],
            )
    elif choice.rls_cohort:
        # First RLS diagnosis that falls inside an observation period; persons whose RLS
        # diagnoses all fall outside one are candidates at their first, left out below.
        con.execute(
            """
            INSERT INTO ekbom_candidate
            SELECT c.person_id,
              coalesce(min(CASE WHEN o.person_id IS NOT NULL THEN c.start_day END),
                       min(c.start_day))
            FROM ekbom_condition c LEFT JOIN ekbom_observation_period o
              ON o.person_id = c.person_id AND c.start_day BETWEEN o.start_day AND o.end_day
            WHERE c.set_name = ? GROUP BY c.person_id
            """,
            [rls_set],
        )
    else:
        assert choice.cohort_table is not None and choice.cohort_id is not None
        table = identifier(choice.cohort_table, "--cohort-table")
        if choice.results_schema:
            table = f"{identifier(choice.results_schema, '--results-schema')}.{table}"
        if not backend.has_table(choice.cohort_table):
            raise InputError(
                table, "no such COHORT table (check --cohort-table and --results-schema)"
            )
        con.execute(
            "INSERT INTO ekbom_candidate SELECT DISTINCT subject_id, cohort_start_date "
            f"FROM {table} WHERE cohort_definition_id = ?",
            [choice.cohort_id],
        )
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_excluded AS
        SELECT c.person_id, c.index_date,
          CASE WHEN NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = c.person_id)
                 THEN 'unknown-person'
               WHEN NOT EXISTS (SELECT 1 FROM ekbom_observation_period o
                 WHERE o.person_id = c.person_id
                   AND c.index_date BETWEEN o.start_day AND o.end_day)
                 THEN 'outside-observation'
               WHEN EXISTS (SELECT 1 FROM death d WHERE d.person_id = c.person_id
                   AND d.death_date < c.index_date)
                 THEN 'after-death'
          END AS reason
        FROM ekbom_candidate c
    """)
    con.execute("DELETE FROM ekbom_excluded WHERE reason IS NULL")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_index AS
        SELECT c.person_id, c.index_date FROM ekbom_candidate c
        WHERE NOT EXISTS (SELECT 1 FROM ekbom_excluded x
          WHERE x.person_id = c.person_id AND x.index_date = c.index_date)
    """)
    counts = {"candidates": int(backend.scalar("SELECT count(*) FROM ekbom_candidate"))}
    by_reason = dict(backend.rows("SELECT reason, count(*) FROM ekbom_excluded GROUP BY reason"))
    for reason in REASONS:
        counts[reason] = int(by_reason.get(reason, 0))
    counts["screened"] = int(backend.scalar("SELECT count(*) FROM ekbom_index"))
    return counts
