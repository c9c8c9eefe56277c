"""OMOP NOTE rows into `ekbom_mention`: note analysis in batches, the mentions written back.

`read_notes(backend)` reads `note (note_id, person_id, note_date, note_text)` of the screened
persons (those of `ekbom_index` when it exists) in batches ordered by note_id, runs the note
analysis over each batch at once (`analyze_many`), and inserts one row per mention:

    ekbom_mention(person_id, note_id, day, label, negated, family, historical, hypothetical,
                  uncertain)

The table always exists afterwards; it is empty, with a warning, when the source has no NOTE
table, the table is empty, or the nlp extra is not installed. Python holds one batch of note
texts at a time, never a person's record. `mention_sql` is the SQL of the `mention` predicate
over this table. Note text is patient data: nothing here logs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ekbom.kb.predicates import Mention

if TYPE_CHECKING:
    from ekbom.cohort.backend import Backend
    from ekbom.notes.mention import NoteMention

BATCH_NOTES = 2000
"""Notes analysed per batch (an operational size, not a clinical number)."""
TABLE = "ekbom_mention"
COLUMNS = (
    "person_id BIGINT, note_id BIGINT, day DATE, label VARCHAR, negated BOOLEAN, "
    "family BOOLEAN, historical BOOLEAN, hypothetical BOOLEAN, uncertain BOOLEAN"
)


@dataclass(slots=True)
class NotesRead:
    """How many notes were analysed and mentions written, and why notes were not read."""

    notes: int = 0
    mentions: int = 0
    warnings: list[str] = field(default_factory=list)


def create_mention_table(backend: Backend) -> None:
    """An empty `ekbom_mention` (replacing any earlier one)."""
    backend.con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} ({COLUMNS})")


def read_notes(backend: Backend, batch: int = BATCH_NOTES) -> NotesRead:
    """Analyse the NOTE table in batches into `ekbom_mention` (see the module docstring)."""
    create_mention_table(backend)
    done = NotesRead()
    if not backend.has_table("note"):
        done.warnings.append("notes were not read: the source has no NOTE table")
        return done
    try:
        from ekbom.notes.pipeline import analyzer

        built = analyzer()
    except ImportError:
        done.warnings.append(
            "notes were not read: note analysis needs the nlp extra (pip install 'ekbom[nlp]')"
        )
        return done
    scope = (
        " AND n.person_id IN (SELECT person_id FROM ekbom_index)"
        if backend.has_table("ekbom_index")
        else ""
    )
    last = None
    while True:
        rows = _batch(backend, scope, last, batch)
        if not rows:
            break
        last = rows[-1][0]
        found = built.analyze_many([text or "" for _, _, _, text in rows])
        out: list[tuple[Any, ...]] = []
        for (note_id, person_id, day, _), mentions in zip(rows, found, strict=True):
            out += [(person_id, note_id, day, *_flags(m)) for m in mentions]
        if out:
            backend.con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", out)
        done.notes += len(rows)
        done.mentions += len(out)
    if done.notes == 0:
        done.warnings.append("notes were not read: the NOTE table holds no note for these persons")
    return done


def _flags(m: NoteMention) -> tuple[Any, ...]:
    return (m.label, m.negated, m.family, m.historical, m.hypothetical, m.uncertain)


def _batch(backend: Backend, scope: str, last: Any, size: int) -> list[tuple[Any, ...]]:
    after = "" if last is None else " AND n.note_id > ?"
    parameters = ([] if last is None else [last]) + [size]
    return backend.rows(
        "SELECT n.note_id, n.person_id, n.note_date, n.note_text FROM note n "
        f"WHERE n.note_text IS NOT NULL{scope}{after} ORDER BY n.note_id LIMIT ?",
        parameters,
    )


def mention_sql(predicate: Mention, start: str, quote: Any) -> str:
    """The `mention` predicate over `ekbom_mention` for index row `s`, window from `start`.

    A stopped drug or a named relative is not kept in the table, so those forms are FALSE
    here (they never hold from OMOP notes, as no drug or relative facts are made from them).
    """
    if predicate.as_ == "stopped" or predicate.relationship is not None:
        return "FALSE"
    family = "x.family" if predicate.about == "family" else "NOT x.family"
    how = {
        "affirmed": "NOT x.negated AND NOT x.uncertain",
        "uncertain": "NOT x.negated AND x.uncertain",
        "negated": "x.negated",
    }[predicate.as_]
    current = " AND NOT x.historical" if predicate.current else ""
    return (
        f"EXISTS (SELECT 1 FROM {TABLE} x WHERE x.person_id = s.person_id "
        f"AND x.label = {quote(predicate.label or '')} "
        f"AND x.day BETWEEN {start} AND s.index_date AND NOT x.hypothetical "
        f"AND {family} AND {how}{current})"
    )
