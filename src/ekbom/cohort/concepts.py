"""Knowledge concept sets and ingredients resolved to OMOP concept ids, set-based in DuckDB.

The knowledge's codes (a few hundred rows) are loaded as small temporary tables and JOINed with
the vocabulary; nothing loops per concept in Python. Results stay in the connection as temporary
tables named in `ConceptMap`:

* `ekbom_concept_set(set_name, concept_id, route)`: route `code` (exact code), `prefix`
  (ICD-10-CM prefix), `maps-to` (a non-standard source concept's standard target) or
  `descendant` (CONCEPT_ANCESTOR). Exclusions remove source concepts, and derived rows
  (prefix, maps-to, descendant) that an excluded code maps or descends to. Source concepts are
  kept beside their standard targets, so `*_source_concept_id` columns can be matched too.
* `ekbom_ingredient_concept(ingredient, ingredient_concept_id, route)`: ekbom ingredient ids to
  OMOP ingredient concepts, by `rxcui`, `atc` or `ingredient-name`.
* `ekbom_drug_ingredient(drug_concept_id, ingredient_concept_id, ingredient, route, hops)`: route
  `self` (an ingredient concept), `relationship` ('RxNorm has ing' after up to `MAX_DRUG_HOPS`
  hops through `DRUG_HOPS`), `ancestor` (CONCEPT_ANCESTOR), `drug-name` (the fallback: ekbom
  names, salts and brands as whole words of the drug's concept_name, used only for drugs whose
  ingredients the vocabulary could not identify) or `unresolved` (no ingredient found).
  `ingredient` is ekbom's ingredient id, NULL when the OMOP ingredient is not in ekbom's table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ekbom.kb.codes import normalise
from ekbom.vocab import System

if TYPE_CHECKING:
    import duckdb

    from ekbom.kb.knowledge import Knowledge

OMOP_VOCABULARY: dict[str, str] = {
    System.SNOMED: "SNOMED",
    System.ICD10CM: "ICD10CM",
    System.LOINC: "LOINC",
    System.RXNORM: "RxNorm",
    System.ATC: "ATC",
}
"""FHIR system URIs to OMOP vocabulary_id; other systems (RoleCode) have no OMOP concepts."""

DRUG_HOPS = (
    "Consists of",
    "Has tradename",
    "Tradename of",
    "Marketed form of",
    "Quantified form of",
    "RxNorm is a",
    "Contains",
    "Maps to",
)
"""Relationships walked from a drug towards the concept that says 'RxNorm has ing'."""

MAX_DRUG_HOPS = 3
"""Hops walked before 'RxNorm has ing' (marketed -> branded -> clinical drug -> component)."""

ATC_TO_INGREDIENT = ("ATC - RxNorm", "ATC - RxNorm pr lat", "Maps to")
"""Relationships from an ATC class to its RxNorm ingredient."""

SET_ROUTES = ("code", "prefix", "maps-to", "descendant")
"""Routes of a concept-set row, in order of preference when a concept comes by several."""

_WORD = re.compile(r"[a-z0-9]+")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NORM_SQL = "trim(regexp_replace(lower({}), '[^a-z0-9]+', ' ', 'g'))"
_VALID = "coalesce({0}.invalid_reason, '') = ''"


@dataclass(frozen=True, slots=True)
class ConceptMap:
    """Where the resolved concepts are, and how they were reached (all sizes set by knowledge)."""

    concept_sets: str
    ingredient_concepts: str
    drug_ingredients: str
    set_routes: dict[str, int]
    drug_routes: dict[str, int]
    fallbacks_used: dict[str, int]
    unresolved_codes: tuple[tuple[str, str, str], ...]
    skipped_systems: dict[str, int] = field(default_factory=dict)
    vocabulary_version: str | None = None


def words(text: str) -> str:
    """Lower-case alphanumeric words joined by one space, as the SQL side normalises names."""
    return " ".join(_WORD.findall(text.lower()))


def resolve_concepts(
    knowledge: Knowledge,
    con: duckdb.DuckDBPyConnection,
    *,
    schema: str = "main",
    drug_concepts: str | None = None,
) -> ConceptMap:
    """Resolve every concept set and ingredient of the knowledge against the loaded vocabulary.

    `schema` holds the vocabulary tables (empty: unqualified names, as on Spark where they are
    temporary views); `drug_concepts` is a query with a `drug_concept_id`
    column giving the drugs to map (default: every Drug-domain concept of CONCEPT), for example
    `SELECT DISTINCT drug_concept_id FROM drug_exposure`.
    """
    if schema and not _IDENTIFIER.match(schema):
        raise ValueError(f"not a schema name: {schema!r}")
    skipped = _load_codes(knowledge, con)
    _load_ingredients(knowledge, con)
    vocab = _Vocab(schema)
    has_ancestor = _scalar(
        con, f"SELECT count(*) FROM (SELECT 1 FROM {vocab.ancestor} LIMIT 1) AS q"
    )
    _resolve_sets(con, vocab)
    _resolve_ingredients(con, vocab)
    scope = drug_concepts or f"SELECT concept_id AS drug_concept_id FROM {vocab.concept} " + (
        "WHERE domain_id = 'Drug'"
    )
    _resolve_drugs(con, vocab, scope, bool(has_ancestor))
    fallbacks: dict[str, int] = {}
    named = _scalar(
        con,
        "SELECT count(DISTINCT drug_concept_id) FROM ekbom_drug_ingredient "
        "WHERE route = 'drug-name'",
    )
    if named:
        fallbacks["drug-name"] = named
    if not has_ancestor:
        fallbacks["no-concept-ancestor"] = _scalar(
            con,
            f"SELECT count(DISTINCT s.concept_id) FROM ekbom_concept_set s JOIN {vocab.concept} c"
            " ON c.concept_id = s.concept_id WHERE c.standard_concept = 'S'",
        )
    return ConceptMap(
        concept_sets="ekbom_concept_set",
        ingredient_concepts="ekbom_ingredient_concept",
        drug_ingredients="ekbom_drug_ingredient",
        set_routes=_counts(con, "SELECT route, count(*) FROM ekbom_concept_set GROUP BY route"),
        drug_routes=_counts(
            con,
            "SELECT route, count(DISTINCT drug_concept_id) FROM ekbom_drug_ingredient "
            "GROUP BY route",
        ),
        fallbacks_used=fallbacks,
        unresolved_codes=_unresolved(con),
        skipped_systems=skipped,
        vocabulary_version=_version(con, vocab),
    )


def set_concepts(con: duckdb.DuckDBPyConnection, cmap: ConceptMap, name: str) -> frozenset[int]:
    """The concept ids of one concept set."""
    rows = con.execute(
        f"SELECT concept_id FROM {cmap.concept_sets} WHERE set_name = ?", [name]
    ).fetchall()
    return frozenset(int(row[0]) for row in rows)


@dataclass(frozen=True, slots=True)
class _Vocab:
    schema: str

    def table(self, name: str) -> str:
        return f"{self.schema}.{name}" if self.schema else name

    @property
    def concept(self) -> str:
        return self.table("concept")

    @property
    def relationship(self) -> str:
        return self.table("concept_relationship")

    @property
    def ancestor(self) -> str:
        return self.table("concept_ancestor")


def _scalar(con: duckdb.DuckDBPyConnection, query: str) -> int:
    return int(con.execute(query).fetchall()[0][0] or 0)


def _counts(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, int]:
    return {str(key): int(value) for key, value in sorted(con.execute(query).fetchall())}


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def _load_codes(knowledge: Knowledge, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_codes "
        "(set_name VARCHAR, vocabulary_id VARCHAR, code VARCHAR, match VARCHAR)"
    )
    rows: set[tuple[str, str, str, str]] = set()
    skipped: dict[str, int] = {}
    for entry in [*knowledge.codes.entries, *knowledge.lab_codes.entries]:
        vocabulary = OMOP_VOCABULARY.get(entry.system)
        if vocabulary is None:
            skipped[entry.system] = skipped.get(entry.system, 0) + 1
            continue
        code = normalise(entry.system, entry.code)
        rows.add((entry.set, vocabulary, code, entry.match))
    if rows:
        con.executemany("INSERT INTO ekbom_codes VALUES (?, ?, ?, ?)", sorted(rows))
    return skipped


def _load_ingredients(knowledge: Knowledge, con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_ingredient_names "
        "(ingredient VARCHAR, words VARCHAR, first VARCHAR, kind VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_ingredient_codes "
        "(ingredient VARCHAR, vocabulary_id VARCHAR, code VARCHAR)"
    )
    names: set[tuple[str, str, str, str]] = set()
    codes: set[tuple[str, str, str]] = set()
    for row in knowledge.drugs.rows.values():
        kinds = [("name", n) for n in [row.id, *row.names]]
        kinds += [("salt", n) for n in row.salts] + [("brand", n) for n in row.brands]
        for kind, name in kinds:
            normal = words(name)
            if normal:
                names.add((row.id, normal, normal.split(" ")[0], kind))
        if row.rxcui:
            codes.add((row.id, OMOP_VOCABULARY[System.RXNORM], row.rxcui))
        codes.update((row.id, OMOP_VOCABULARY[System.ATC], atc) for atc in row.atc)
    if names:
        con.executemany("INSERT INTO ekbom_ingredient_names VALUES (?, ?, ?, ?)", sorted(names))
    if codes:
        con.executemany("INSERT INTO ekbom_ingredient_codes VALUES (?, ?, ?)", sorted(codes))


def _resolve_sets(con: duckdb.DuckDBPyConnection, v: _Vocab) -> None:
    """An empty CONCEPT_ANCESTOR simply adds no descendant rows."""
    norm = (
        "CASE WHEN c.vocabulary_id = 'ICD10CM' "
        "THEN upper(replace(c.concept_code, '.', '')) ELSE c.concept_code END"
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_code_hits AS
        SELECT k.set_name, k.code, k.match, c.concept_id
        FROM ekbom_codes k JOIN {v.concept} c
          ON c.vocabulary_id = k.vocabulary_id AND {norm} = k.code
        WHERE k.match = 'exact'
        UNION ALL
        SELECT k.set_name, k.code, k.match, c.concept_id
        FROM ekbom_codes k JOIN {v.concept} c
          ON c.vocabulary_id = k.vocabulary_id AND starts_with({norm}, k.code)
        WHERE k.match IN ('prefix', 'exclude')
    """)
    maps_to = (
        f"JOIN {v.concept} c ON c.concept_id = s.concept_id "
        "AND coalesce(c.standard_concept, '') <> 'S' "
        f"JOIN {v.relationship} r ON r.concept_id_1 = s.concept_id "
        f"AND r.relationship_id = 'Maps to' AND {_VALID.format('r')}"
    )
    descend = (
        f"JOIN {v.concept} c ON c.concept_id = s.concept_id AND c.standard_concept = 'S' "
        f"JOIN {v.ancestor} a ON a.ancestor_concept_id = s.concept_id "
        "AND a.descendant_concept_id <> a.ancestor_concept_id"
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_excluded AS
        WITH src AS (SELECT DISTINCT set_name, concept_id FROM ekbom_code_hits
                     WHERE match = 'exclude'),
        mapped AS (SELECT s.set_name, r.concept_id_2 AS concept_id FROM src s {maps_to}),
        base AS (SELECT * FROM src UNION SELECT * FROM mapped)
        SELECT * FROM base
        UNION SELECT s.set_name, a.descendant_concept_id FROM base s {descend}
    """)
    preference = " ".join(f"WHEN '{route}' THEN {rank}" for rank, route in enumerate(SET_ROUTES))
    by_rank = " ".join(f"WHEN {rank} THEN '{route}'" for rank, route in enumerate(SET_ROUTES))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_concept_set AS
        WITH src AS (
          SELECT DISTINCT h.set_name, h.concept_id,
                 CASE h.match WHEN 'exact' THEN 'code' ELSE 'prefix' END AS route
          FROM ekbom_code_hits h
          WHERE h.match <> 'exclude' AND NOT EXISTS (
            SELECT 1 FROM ekbom_code_hits x WHERE x.match = 'exclude'
            AND x.set_name = h.set_name AND x.concept_id = h.concept_id)),
        mapped AS (SELECT s.set_name, r.concept_id_2 AS concept_id, 'maps-to' AS route
                   FROM src s {maps_to}),
        base AS (SELECT * FROM src UNION ALL SELECT * FROM mapped),
        everything AS (
          SELECT * FROM base
          UNION ALL SELECT s.set_name, a.descendant_concept_id, 'descendant'
          FROM base s {descend}),
        kept AS (
          SELECT e.* FROM everything e
          WHERE e.route = 'code' OR NOT EXISTS (
            SELECT 1 FROM ekbom_excluded x
            WHERE x.set_name = e.set_name AND x.concept_id = e.concept_id))
        SELECT set_name, concept_id,
               CASE min(CASE route {preference} END) {by_rank} END AS route
        FROM kept GROUP BY set_name, concept_id
    """)


def _resolve_ingredients(con: duckdb.DuckDBPyConnection, v: _Vocab) -> None:
    concept_name = _NORM_SQL.format("c.concept_name")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_ingredient_concept AS
        SELECT DISTINCT k.ingredient, c.concept_id AS ingredient_concept_id, 'rxcui' AS route
        FROM ekbom_ingredient_codes k JOIN {v.concept} c
          ON c.vocabulary_id = k.vocabulary_id AND c.concept_code = k.code
        WHERE k.vocabulary_id = 'RxNorm'
        UNION
        SELECT DISTINCT k.ingredient, i.concept_id, 'atc'
        FROM ekbom_ingredient_codes k
        JOIN {v.concept} c ON c.vocabulary_id = k.vocabulary_id AND c.concept_code = k.code
        JOIN {v.relationship} r ON r.concept_id_1 = c.concept_id
          AND r.relationship_id IN ({_in_list(ATC_TO_INGREDIENT)}) AND {_VALID.format("r")}
        JOIN {v.concept} i ON i.concept_id = r.concept_id_2 AND i.concept_class_id = 'Ingredient'
        WHERE k.vocabulary_id = 'ATC'
        UNION
        SELECT DISTINCT n.ingredient, c.concept_id, 'ingredient-name'
        FROM ekbom_ingredient_names n JOIN {v.concept} c
          ON c.concept_class_id = 'Ingredient' AND {concept_name} = n.words
        WHERE n.kind = 'name' AND c.vocabulary_id IN ('RxNorm', 'RxNorm Extension')
    """)


def _resolve_drugs(
    con: duckdb.DuckDBPyConnection, v: _Vocab, scope: str, has_ancestor: bool
) -> None:
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE ekbom_drug_scope AS SELECT DISTINCT "
        f"CAST(drug_concept_id AS INTEGER) AS drug_concept_id FROM ({scope}) q "
        "WHERE drug_concept_id IS NOT NULL"
    )
    ancestor = (
        f"""UNION ALL
        SELECT s.drug_concept_id, a.ancestor_concept_id, 'ancestor', a.min_levels_of_separation
        FROM ekbom_drug_scope s
        JOIN {v.ancestor} a ON a.descendant_concept_id = s.drug_concept_id
        JOIN {v.concept} c ON c.concept_id = a.ancestor_concept_id
          AND c.concept_class_id = 'Ingredient'"""
        if has_ancestor
        else ""
    )
    # The hops are unrolled (a fixed, small depth) rather than a recursive CTE, which Spark
    # 4.0 lacks; each level keeps its hop count, so the levels never share a row.
    levels = "".join(
        f"""
        reach{n} AS (
          SELECT DISTINCT r.drug, h.b AS cid, {n} AS hops
          FROM reach{n - 1} r JOIN hop h ON h.a = r.cid),"""
        for n in range(1, MAX_DRUG_HOPS + 1)
    )
    union = " UNION ALL ".join(
        f"SELECT drug, cid, hops FROM reach{n}" for n in range(MAX_DRUG_HOPS + 1)
    )
    routes = "CASE route WHEN 'self' THEN 0 WHEN 'relationship' THEN 1 ELSE 2 END"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_drug_vocab AS
        WITH hop AS (
          SELECT concept_id_1 AS a, concept_id_2 AS b FROM {v.relationship} r
          WHERE relationship_id IN ({_in_list(DRUG_HOPS)}) AND {_VALID.format("r")}
            AND concept_id_1 <> concept_id_2),
        reach0 AS (
          SELECT DISTINCT drug_concept_id AS drug, drug_concept_id AS cid, 0 AS hops
          FROM ekbom_drug_scope),{levels}
        reach AS ({union}),
        found AS (
          SELECT r.drug, r.cid AS ingredient_concept_id, 'self' AS route, r.hops
          FROM reach r JOIN {v.concept} c ON c.concept_id = r.cid
            AND c.concept_class_id = 'Ingredient'
          UNION ALL
          SELECT r.drug, i.concept_id_2, 'relationship', r.hops + 1
          FROM reach r JOIN {v.relationship} i ON i.concept_id_1 = r.cid
            AND i.relationship_id = 'RxNorm has ing' AND {_VALID.format("i")}
          {ancestor}),
        ranked AS (
          SELECT drug, ingredient_concept_id, route, hops,
                 row_number() OVER (PARTITION BY drug, ingredient_concept_id
                                    ORDER BY hops NULLS LAST, {routes}) AS n
          FROM found)
        SELECT drug AS drug_concept_id, ingredient_concept_id, route, hops
        FROM ranked WHERE n = 1
    """)
    drug_name = _NORM_SQL.format("c.concept_name")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_drug_ingredient AS
        WITH linked AS (
          SELECT d.drug_concept_id, d.ingredient_concept_id, k.ingredient, d.route, d.hops
          FROM ekbom_drug_vocab d
          LEFT JOIN (SELECT DISTINCT ingredient, ingredient_concept_id
                     FROM ekbom_ingredient_concept) k
            ON k.ingredient_concept_id = d.ingredient_concept_id),
        identified AS (
          SELECT DISTINCT l.drug_concept_id FROM linked l
          WHERE l.ingredient IS NOT NULL OR EXISTS (
            SELECT 1 FROM {v.concept} c WHERE c.concept_id = l.ingredient_concept_id)),
        named AS (
          SELECT s.drug_concept_id, ' ' || {drug_name} || ' ' AS padded
          FROM ekbom_drug_scope s JOIN {v.concept} c ON c.concept_id = s.drug_concept_id
          WHERE s.drug_concept_id NOT IN (SELECT drug_concept_id FROM identified)),
        tokens AS (
          SELECT drug_concept_id, padded, unnest(string_split(trim(padded), ' ')) AS token
          FROM named),
        by_name AS (
          SELECT DISTINCT t.drug_concept_id, CAST(NULL AS INTEGER) AS ingredient_concept_id,
                 n.ingredient, 'drug-name' AS route, CAST(NULL AS INTEGER) AS hops
          FROM tokens t JOIN ekbom_ingredient_names n
            ON n.first = t.token AND contains(t.padded, ' ' || n.words || ' ')),
        mapped AS (SELECT * FROM linked UNION ALL SELECT * FROM by_name)
        SELECT * FROM mapped
        UNION ALL
        SELECT s.drug_concept_id, NULL, NULL, 'unresolved', NULL FROM ekbom_drug_scope s
        WHERE s.drug_concept_id NOT IN (SELECT drug_concept_id FROM mapped)
    """)


def _unresolved(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, str, str], ...]:
    rows = con.execute("""
        SELECT k.set_name, k.vocabulary_id, k.code FROM ekbom_codes k
        WHERE k.match <> 'exclude' AND NOT EXISTS (
          SELECT 1 FROM ekbom_code_hits h
          WHERE h.set_name = k.set_name AND h.code = k.code AND h.match = k.match)
        ORDER BY k.set_name, k.vocabulary_id, k.code
    """).fetchall()
    return tuple((str(a), str(b), str(c)) for a, b, c in rows)


def _version(con: duckdb.DuckDBPyConnection, v: _Vocab) -> str | None:
    rows = con.execute(
        f"SELECT vocabulary_version FROM {v.table('vocabulary')} WHERE vocabulary_id = 'None'"
    ).fetchall()
    return str(rows[0][0]) if rows and rows[0][0] is not None else None
