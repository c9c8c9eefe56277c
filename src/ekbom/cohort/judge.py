"""Write the knowledge's parameter tables and judge every index row in SQL (`ekbom_findings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from ekbom.kb.knowledge import Knowledge

from ekbom.cohort.backend import table_exists
from ekbom.cohort.compile import build, compile_factor
from ekbom.cohort.lab_pick import create_lab_pick
from ekbom.cohort.sql_predicates import STALE_RULE
from ekbom.errors import KnowledgeError
from ekbom.kb.predicates import Diagnosis
from ekbom.kb.references import walk
from ekbom.vocab import Status


def load_parameters(knowledge: Knowledge, con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Write every knowledge constant the compiled queries join; returns factors left out
    (NotImplementedError) with the reason. Call after `events.create_events`, which made the
    `ekbom_drug` rows that `ekbom_drug_span` extends by each ingredient's persistence."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_param (factor VARCHAR, path VARCHAR, num DOUBLE)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_param_text (factor VARCHAR, path VARCHAR, txt VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_window (factor VARCHAR, key VARCHAR, days INTEGER)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_rule "
        "(factor VARCHAR, rule_index INTEGER, status VARCHAR, basis VARCHAR)"
    )
    skipped: dict[str, str] = {}
    numbers: list[tuple[str, str, float | None]] = []
    factors = [*knowledge.factors, knowledge.rls]
    texts: list[tuple[str, str, str]] = []
    windows: list[tuple[str, str, int]] = []
    rules: list[tuple[str, int, str, str]] = []
    reaches: set[tuple[str, int]] = set()
    onset_sets: set[str] = {rls_diagnosis_set(knowledge)}
    for factor in factors:
        try:
            c, _ = build(factor)
        except NotImplementedError as error:
            skipped[factor.id] = str(error)
            continue
        numbers += [(factor.id, path, value) for path, value in c.numbers.items()]
        texts += [(factor.id, path, v) for path, values in c.texts.items() for v in values]
        windows += [(factor.id, key, days) for key, days in c.windows.items()]
        reaches |= {(test, -1 if key is None else c.windows[key]) for test, key in c.lab_reaches}
        onset_sets |= set(c.onset_sets)
        rules += [
            (factor.id, i, r.rule.status.value, r.rule.basis.value)
            for i, r in enumerate(factor.rules)
        ]
        rules.append((factor.id, STALE_RULE, "possible", "stale-result"))
    for table, rows in (
        ("ekbom_param", numbers),
        ("ekbom_param_text", texts),
        ("ekbom_window", windows),
        ("ekbom_rule", rules),
    ):
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    con.execute("CREATE OR REPLACE TEMP TABLE ekbom_lab_reach (test VARCHAR, reach INTEGER)")
    if reaches:
        con.executemany("INSERT INTO ekbom_lab_reach VALUES (?, ?)", sorted(reaches))
    if table_exists(con, "ekbom_index") and table_exists(con, "ekbom_lab"):
        create_lab_pick(con)
    con.execute("CREATE OR REPLACE TEMP TABLE ekbom_onset_set (set_name VARCHAR)")
    con.executemany("INSERT INTO ekbom_onset_set VALUES (?)", [(s,) for s in sorted(onset_sets)])
    if table_exists(con, "ekbom_index") and table_exists(con, "ekbom_condition"):
        create_onset_days(con)
    _load_drug_tables(knowledge, con)
    return skipped


def _load_drug_tables(knowledge: Knowledge, con: duckdb.DuckDBPyConnection) -> None:
    drugs = knowledge.drugs
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_drug_factor "
        "(factor VARCHAR, ingredient VARCHAR, implication VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_ingredient_param "
        "(ingredient VARCHAR, persistence_days INTEGER)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_withdrawal_days "
        "(factor VARCHAR, ingredient VARCHAR, days INTEGER)"
    )
    listed = [
        (factor, ingredient, grade.value)
        for factor, by_ingredient in drugs.by_factor.items()
        for ingredient, grade in by_ingredient.items()
    ]
    if listed:
        con.executemany("INSERT INTO ekbom_drug_factor VALUES (?, ?, ?)", listed)
    rows = list(drugs.rows.values())
    if rows:
        con.executemany(
            "INSERT INTO ekbom_ingredient_param VALUES (?, ?)",
            [(r.id, r.persistence_days) for r in rows],
        )
    stops = [(f, r.id, d) for r in rows for f, d in r.withdrawal_days.items()]
    if stops:
        con.executemany("INSERT INTO ekbom_withdrawal_days VALUES (?, ?, ?)", stops)
    if not table_exists(con, "ekbom_drug"):
        return  # no events yet: the spans are made when parameters load after them
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_drug_span AS
        SELECT d.person_id, d.drug_exposure_id, d.ingredient, d.start_day, d.end_day,
               d.end_day + coalesce(p.persistence_days, 0) AS active_until
        FROM ekbom_drug d LEFT JOIN ekbom_ingredient_param p ON p.ingredient = d.ingredient
    """)


def create_onset_days(con: duckdb.DuckDBPyConnection) -> None:
    """`ekbom_onset_day(person_id, index_date, set_name, day)`: the first start of a condition
    of each onset set (`ekbom_onset_set`) on or before each index date, computed once."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ekbom_onset_day AS
        SELECT i.person_id, i.index_date, c.set_name, min(c.start_day) AS day
        FROM ekbom_index i
        JOIN ekbom_condition c ON c.person_id = i.person_id AND c.start_day <= i.index_date
        JOIN ekbom_onset_set q ON q.set_name = c.set_name
        GROUP BY i.person_id, i.index_date, c.set_name
    """)


def rls_diagnosis_set(knowledge: Knowledge) -> str:
    """The concept set of the RLS diagnosis: the one the rls item's first present rule reads."""
    for compiled in knowledge.rls.rules:
        if compiled.rule.status is Status.PRESENT:
            for p in walk(compiled.predicate):
                if isinstance(p, Diagnosis):
                    return p.set
    raise KnowledgeError("rls/item.yaml", "rules", "no present rule reads a diagnosis")


def judge_index(
    knowledge: Knowledge, con: duckdb.DuckDBPyConnection, factor_ids: list[str] | None = None
) -> dict[str, str]:
    """Create `ekbom_findings` for `ekbom_index` from the compiled queries (UNION ALL); returns
    the factors left out and why."""
    skipped = load_parameters(knowledge, con)
    chosen = [
        f
        for f in knowledge.factors
        if (factor_ids is None or f.id in factor_ids) and f.id not in skipped
    ]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ekbom_findings (person_id BIGINT, index_date DATE, "
        "factor VARCHAR, status VARCHAR, basis VARCHAR, rule_index INTEGER)"
    )
    # One statement per factor: DuckDB plans each far faster alone than inside one UNION ALL.
    for factor in chosen:
        con.execute(f"INSERT INTO ekbom_findings {compile_factor(factor, knowledge)}")
    return skipped
