"""The synthetic population, made by set operations in DuckDB: no loop over persons.

Every random choice is a hash of (seed, person, slot, purpose) turned into a number, so the same
seed gives the same population on any machine with the same DuckDB. Persons come from `range()`;
facts come from joining persons to the small template tables of `ekbom.synth.catalog`.

Tables made in the connection:

* small ones: `syn_param(seed, as_of, persons)`, `syn_template`, `syn_pool` and `syn_group`
  (a pick chooses a pool of its group, then a template of the pool, each uniformly, so a
  concept set, test or grade with few codes is drawn as often as one with many),
  `syn_unit_alt`, `syn_age`, `syn_factor`, `syn_rls`, `syn_setting`;
* `syn_person(person_id, sex, birth, year_only, obs_start, obs_end, death, edge_person,
  age_edge, empty)`;
* `syn_fact`: the facts drawn from the factor, edge and RLS pools (a few per person), one row
  per fact with `fact_id = person_id * SLOTS + slot`.

The unrelated (`bg:*`) facts are not stored: `background_sql(kind)` gives a query that draws
them while a table is written, so a population of a million persons with hundreds of rows each
never sits in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ekbom.synth.catalog import Catalog
from ekbom.synth.prevalence import Density, Prevalence
from ekbom.synth.rules import step

if TYPE_CHECKING:
    import duckdb

SLOTS = 100_000
"""Fact ids per person: `fact_id = person_id * SLOTS + slot`. Each pick takes two slots (a
fact and its same-day copy); the ranges below leave room for 250 factors of 10 facts each,
50 edge facts and 5,000 unrelated facts of each kind per person."""
FACTOR_SLOTS = 20
EDGE_BASE = 5_000
RLS_SLOT = 5_900
BG_BASE = {"measurement": 10_000, "condition": 30_000, "drug": 50_000, "procedure": 70_000}
BG_ROOM = 20_000
BG_KIND = {"measurement": "lab", "condition": "condition", "drug": "drug", "procedure": "procedure"}
RESOLUTION = 1_000_003
"""Uniform draws are hash % RESOLUTION / RESOLUTION."""


def pick(parts: str, n: str) -> str:
    """SQL for a whole number in [0, n) from the hash of the parts (BIGINT arithmetic only).

    >>> pick("seed, person_id", "6")
    'CAST(hash(seed, person_id) % CAST(6 AS UBIGINT) AS BIGINT)'
    """
    return f"CAST(hash({parts}) % CAST({n} AS UBIGINT) AS BIGINT)"


def u(*parts: str) -> str:
    """SQL for a uniform draw in [0, 1) from the hash of the parts."""
    return f"({pick(', '.join(parts), str(RESOLUTION))} / {RESOLUTION}.0)"


def load_tables(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    prevalence: Prevalence,
    persons: int,
    seed: int,
    as_of: date,
) -> None:
    """Write the small tables the population queries join."""
    import pyarrow as pa  # type: ignore[import-untyped]

    rows = catalog.rows()
    for row in rows:
        step_value = row["value_step"]
        row["value_places"] = _places(step_value) if step_value else None
    con.register("syn_template_rows", pa.Table.from_pylist(rows))
    con.execute("CREATE OR REPLACE TABLE syn_template AS SELECT * FROM syn_template_rows")
    con.unregister("syn_template_rows")
    con.execute(
        "CREATE OR REPLACE TABLE syn_param AS SELECT CAST(? AS UBIGINT) AS seed, "
        "CAST(? AS DATE) AS as_of, CAST(? AS BIGINT) AS persons",
        [seed, as_of, persons],
    )
    con.execute("""
        CREATE OR REPLACE TABLE syn_pool AS
        WITH p AS (
          SELECT pool, count(*) AS n,
                 CASE WHEN pool LIKE 'f:%:%' THEN regexp_extract(pool, '^(f:[^:]+):', 1)
                      WHEN pool LIKE 'edge:%' THEN 'edge' ELSE pool END AS grp
          FROM syn_template GROUP BY pool)
        SELECT pool, n, grp, row_number() OVER (PARTITION BY grp ORDER BY pool) - 1 AS k,
               count(*) OVER (PARTITION BY grp) AS pools
        FROM p
    """)
    con.execute(
        "CREATE OR REPLACE TABLE syn_group AS "
        "SELECT grp, count(*) AS pools FROM syn_pool GROUP BY grp"
    )
    alts = [
        (test, unit, multiply, catalog.ids.get(("UCUM", unit), 0))
        for test, unit, multiply in catalog.units
        if unit != catalog.canonical.get(test)
    ]
    ddl = "test VARCHAR, unit VARCHAR, multiply DOUBLE, unit_id INTEGER"
    small(con, "syn_unit_raw", ddl, alts)
    con.execute(
        "CREATE OR REPLACE TABLE syn_unit_alt AS SELECT test, unit, multiply, unit_id, "
        "row_number() OVER (PARTITION BY test ORDER BY unit) - 1 AS k, "
        "count(*) OVER (PARTITION BY test) AS n FROM syn_unit_raw"
    )
    small(con, "syn_age", "years INTEGER", [(a,) for a in sorted(catalog.ages)])
    factors = [(f, i, share) for i, (f, share) in enumerate(sorted(catalog.shares.items()))]
    small(con, "syn_factor", "factor VARCHAR, findex INTEGER, share DOUBLE", factors)
    small(con, "syn_rls", "factor VARCHAR, p DOUBLE", sorted(catalog.rls_given.items()))
    pop = prevalence.population
    small(
        con,
        "syn_setting",
        "name VARCHAR, lo DOUBLE, hi DOUBLE",
        [
            ("female", pop.female.value, 0),
            ("sex_missing", pop.sex_missing.value, 0),
            ("year_only", pop.year_only_birth.value, 0),
            ("age", pop.age_years.low, pop.age_years.high),
            ("died_before", pop.died_before.value, 0),
            ("empty", pop.empty_record.value, catalog.min_window),
            ("died_after", pop.died_after.value, 0),
            ("observed", pop.observed_days.low, pop.observed_days.high),
            ("followed", pop.followed_days.low, pop.followed_days.high),
            ("edge", prevalence.edges.share.value, prevalence.edges.facts_max),
            ("facts", prevalence.factors.facts_max, 0),
            ("rls_base", prevalence.rls.base.value, 0),
            ("abated", prevalence.timing.condition_abated.value, 0),
            ("statement", prevalence.timing.drug_statement.value, 0),
            ("other_unit", prevalence.timing.lab_other_unit.value, 0),
        ],
    )


def _places(value: float) -> int:
    text = repr(step(value))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def small(con: duckdb.DuckDBPyConnection, name: str, ddl: str, rows: Sequence[Any]) -> None:
    """A small typed table from Python rows (through Arrow: no row-by-row inserts)."""
    import pyarrow as pa

    columns = [part.strip().split(" ", 1) for part in ddl.split(",")]
    data = {c: [row[i] for row in rows] for i, (c, _) in enumerate(columns)}
    con.register(f"{name}_rows", pa.table(data) if rows else pa.table({c: [] for c, _ in columns}))
    select = ", ".join(f"CAST({c} AS {kind}) AS {c}" for c, kind in columns)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select} FROM {name}_rows")
    con.unregister(f"{name}_rows")


def _setting(name: str, bound: str = "lo") -> str:
    return f"(SELECT {bound} FROM syn_setting WHERE name = '{name}')"


def create_persons(con: duckdb.DuckDBPyConnection) -> None:
    """`syn_person`: sex, birth, observation period and death of every person."""
    age_lo, age_hi = _setting("age"), _setting("age", "hi")
    obs_lo, obs_hi = _setting("observed"), _setting("observed", "hi")
    fol_lo, fol_hi = _setting("followed"), _setting("followed", "hi")
    con.execute(f"""
        CREATE OR REPLACE TABLE syn_person AS
        WITH b AS (
          SELECT range + 1 AS person_id, p.seed, p.as_of
          FROM syn_param p, range((SELECT persons FROM syn_param))),
        r AS (
          SELECT b.*,
            {u("seed", "person_id", "'edge'")} < {_setting("edge")} AS edge_person,
            hash(seed, person_id, 'edge-kind')
              % ((SELECT count(*) FROM syn_pool WHERE grp = 'edge') + 1) = 0 AS age_edge,
            CAST({age_lo} + hash(seed, person_id, 'age') % CAST({age_hi} - {age_lo} + 1
              AS UBIGINT) AS INTEGER) AS age,
            CAST(hash(seed, person_id, 'birthday') % 365 AS INTEGER) AS birthday,
            {u("seed", "person_id", "'sex'")} AS u_sex,
            {u("seed", "person_id", "'sex-missing'")} AS u_missing,
            {u("seed", "person_id", "'year-only'")} AS u_year,
            {u("seed", "person_id", "'death'")} AS u_death,
            {u("seed", "person_id", "'empty'")} < {_setting("empty")} AS empty,
            CAST({obs_lo} + hash(seed, person_id, 'observed') % CAST({obs_hi} - {obs_lo} + 1
              AS UBIGINT) AS INTEGER) AS observed,
            CAST({fol_lo} + hash(seed, person_id, 'followed') % CAST({fol_hi} - {fol_lo} + 1
              AS UBIGINT) AS INTEGER) AS followed,
            (SELECT list(years ORDER BY years) FROM syn_age) AS ages
          FROM b),
        s AS (
          SELECT r.*,
            CASE WHEN edge_person AND age_edge AND len(ages) > 0
              THEN CAST(as_of - to_years(ages[CAST(1 + hash(seed, person_id, 'age-edge-k')
                        % len(ages) AS BIGINT)]) AS DATE)
                   + CAST(hash(seed, person_id, 'age-edge-d') % 2 AS INTEGER)
              ELSE CAST(as_of - to_years(age) AS DATE) - birthday END AS birth,
            CASE WHEN u_death < {_setting("died_before")}
                 THEN as_of - (1 + CAST(hash(seed, person_id, 'died') % {fol_hi} AS INTEGER))
                 WHEN u_death < {_setting("died_before")} + {_setting("died_after")}
                 THEN as_of + (1 + CAST(hash(seed, person_id, 'died') % {fol_hi} AS INTEGER))
            END AS death
          FROM r)
        SELECT person_id,
          CASE WHEN u_missing < {_setting("sex_missing")} THEN NULL
               WHEN u_sex < {_setting("female")} THEN 'female' ELSE 'male' END AS sex,
          birth,
          u_year < {_setting("year_only")} AND NOT (edge_person AND age_edge) AS year_only,
          greatest(birth, as_of - CASE WHEN empty THEN CAST(hash(seed, person_id, 'recent')
            % CAST({_setting("empty", "hi")} AS UBIGINT) AS INTEGER) ELSE observed END)
            AS obs_start,
          CASE WHEN death IS NOT NULL THEN greatest(birth, least(death, as_of + followed))
               ELSE as_of + followed END AS obs_end,
          CASE WHEN death > birth THEN death END AS death,
          edge_person AND NOT empty AS edge_person,
          edge_person AND age_edge AND NOT empty AS age_edge,
          empty
        FROM s
    """)


PERSON = "pe.person_id, pe.sex AS person_sex, pe.birth, pe.obs_start, pe.obs_end"
"""The person columns every picks query carries, so facts need no second join to persons."""


def _picks_factor() -> str:
    facts = _setting("facts")
    return f"""
        SELECT {PERSON},
               'f:' || f.factor AS grp,
               f.findex * {FACTOR_SLOTS} + 2 * unnest(range(
                 1 + CAST(hash(p.seed, pe.person_id, f.findex, 'n') % CAST({facts} AS UBIGINT)
                 AS INTEGER))) AS slot
        FROM syn_person pe, syn_factor f, syn_param p
        WHERE NOT pe.empty AND {u("p.seed", "pe.person_id", "f.findex", "'hit'")} < f.share"""


def _picks_edge() -> str:
    edge_max = _setting("edge", "hi")
    return f"""
        SELECT {PERSON},
               'edge' AS grp,
               {EDGE_BASE} + 2 * unnest(range(
                 1 + CAST(hash(p.seed, pe.person_id, 'edges') % CAST({edge_max} AS UBIGINT)
                 AS INTEGER))) AS slot
        FROM syn_person pe, syn_param p WHERE pe.edge_person"""


def _picks_rls() -> str:
    return f"""
        SELECT {PERSON},
               'rls' AS grp, {RLS_SLOT} AS slot
        FROM syn_person pe, syn_param p
        WHERE NOT pe.empty
          AND {u("p.seed", "pe.person_id", "'rls'")} < greatest({_setting("rls_base")}, (
          SELECT max(r.p) FROM syn_factor f JOIN syn_rls r ON r.factor = f.factor
          WHERE {u("p.seed", "pe.person_id", "f.findex", "'hit'")} < f.share))"""


def check_room(factors: int, facts_max: int, edges_max: int, density: Density) -> None:
    """Refuse settings whose facts would not fit their slot ranges (see `SLOTS`).

    Raises:
        ValueError: which setting is too large.
    """
    if factors * FACTOR_SLOTS > EDGE_BASE or 2 * facts_max > FACTOR_SLOTS:
        raise ValueError("factors.facts_max or the number of factors is too large")
    if EDGE_BASE + 2 * edges_max > RLS_SLOT:
        raise ValueError("edges.facts_max is too large")
    for kind in BG_BASE:
        if 2 * (2 * getattr(density, kind) + 1) > BG_ROOM:
            raise ValueError(f"background.per_person {kind} is too large")


def _picks_background(kind: str, count: int) -> str:
    return f"""
        SELECT {PERSON},
               'bg:{kind}' AS grp,
               {BG_BASE[kind]} + 2 * unnest(range(CAST(hash(p.seed, pe.person_id, '{kind}')
                 % {2 * int(count) + 1} AS INTEGER))) AS slot
        FROM syn_person pe, syn_param p WHERE NOT pe.empty"""


def facts_sql(picks: str) -> str:
    """The facts of a picks query `(person_id, grp, slot)`: a pool of the group, then a
    template of the pool, chosen by hash; then day, end, value and unit drawn."""
    other = _setting("other_unit")
    return f"""
    WITH pk AS ({picks}),
    pg AS (
      SELECT pk.*, p.seed, p.as_of,
             {pick("p.seed, pk.person_id, pk.slot, 'pool'", "g.pools")} AS k
      FROM pk JOIN syn_group g ON g.grp = pk.grp CROSS JOIN syn_param p),
    pp AS (
      SELECT pg.*, po.pool, {pick("pg.seed, pg.person_id, pg.slot, 'pick'", "po.n")} AS idx
      FROM pg JOIN syn_pool po ON po.grp = pg.grp AND po.k = pg.k),
    ch AS (
      SELECT pp.person_id, pp.slot, pp.seed, pp.as_of, pp.person_sex, pp.birth, pp.obs_start,
             pp.obs_end, t.*, unnest(range(t.copies)) AS copy
      FROM pp JOIN syn_template t ON t.pool = pp.pool AND t.idx = pp.idx
      WHERE t.sex IS NULL OR coalesce(pp.person_sex, '') <> 'male'),
    d AS (
      SELECT ch.*,
        CASE WHEN NOT dated THEN NULL
             WHEN onset_age IS NOT NULL THEN CAST(birth + to_years(onset_age) AS DATE)
             WHEN pool LIKE 'bg:%' THEN obs_start + CAST({
        pick("seed, person_id, slot, 'day'", "greatest(1, least(as_of, obs_end) - obs_start + 1)")
    } AS INTEGER)
             ELSE as_of - CAST(back_lo + {
        pick("seed, person_id, slot, 'day'", "back_hi - back_lo + 1")
    } AS INTEGER) END AS day,
        CASE WHEN length_lo IS NULL THEN NULL
             ELSE CAST(length_lo + {
        pick("seed, person_id, slot, 'length'", "length_hi - length_lo + 1")
    } AS INTEGER) END AS length,
        {u("seed", "person_id", "slot", "'abated'")} < {_setting("abated")} AS abated,
        {u("seed", "person_id", "slot", "'resource'")} < {_setting("statement")} AS statement,
        {u("seed", "person_id", "slot", "'unit'")} < {other} AS other_unit,
        coalesce(CASE WHEN copy = 1 THEN value2 END, value,
          round(value_lo + {
        pick("seed, person_id, slot, 'value'", "round((value_hi - value_lo) / value_step) + 1")
    } * value_step,
            CAST(value_places AS INTEGER))) AS canonical
      FROM ch)
    SELECT d.person_id * {SLOTS} + d.slot + d.copy AS fact_id, d.person_id, d.pool, d.kind,
      d.factor, d.system, d.code, d.display, d.concept_id, d.test, d.edge, d.omop,
      d.value_system, d.value_code, d.value_display, d.value_concept_id, d.comparator,
      d.day,
      CASE WHEN d.day IS NULL OR d.length IS NULL THEN NULL
           WHEN d.kind = 'drug' THEN d.day + d.length
           WHEN d.edge = 'abatement' THEN d.day + d.length
           WHEN d.abates AND d.abated AND d.day + d.length < d.as_of THEN d.day + d.length
      END AS end_day,
      CASE WHEN a.unit IS NOT NULL THEN round(d.canonical / a.multiply, 4)
           ELSE d.canonical END AS value,
      coalesce(a.unit, d.unit) AS unit,
      coalesce(a.unit_id, d.unit_concept_id) AS unit_concept_id,
      coalesce(d.resource, CASE WHEN d.kind <> 'drug' THEN NULL
               WHEN d.statement THEN 'MedicationStatement' ELSE 'MedicationRequest' END)
        AS resource
    FROM d LEFT JOIN syn_unit_alt a ON a.test = d.test AND d.value IS NULL
      AND d.pool NOT LIKE 'edge:%' AND d.other_unit
      AND a.k = {pick("d.seed, d.person_id, d.slot, 'alt'", "a.n")}
    WHERE d.day IS NULL OR d.day >= d.birth
    """


def create_facts(con: duckdb.DuckDBPyConnection) -> None:
    """`syn_fact`: the facts of the factor, edge and RLS pools."""
    picks = "\nUNION ALL\n".join([_picks_factor(), _picks_edge(), _picks_rls()])
    con.execute(f"CREATE OR REPLACE TABLE syn_fact AS {facts_sql(picks)}")


def background_sql(density: Density, kind: str) -> str:
    """The unrelated facts of one kind (`measurement`, `condition`, `drug`, `procedure`)."""
    count = getattr(density, kind)
    if not count:
        return f"SELECT * FROM syn_fact WHERE false AND kind = '{BG_KIND[kind]}'"
    return facts_sql(_picks_background(kind, count))


EDGES_SQL = """
    SELECT person_id, fact_id, edge FROM syn_fact WHERE pool LIKE 'edge:%'
    UNION ALL
    SELECT person_id, NULL, 'age' FROM syn_person WHERE age_edge
    UNION ALL
    SELECT person_id, NULL, 'empty-record' FROM syn_person WHERE empty
    UNION ALL
    SELECT person_id, NULL, 'year-only-birth' FROM syn_person WHERE year_only
    ORDER BY person_id, fact_id NULLS FIRST, edge
"""
"""Which persons and facts sit on an edge, and which edge: the generator's own answer key."""
