"""Each rule predicate as a SQL boolean expression (DuckDB dialect), with its parameters.

`SqlCompiler` walks a factor's predicates and collects the numbers, texts and windows that
`ekbom.cohort.judge.load_parameters` writes to small tables; see `ekbom.cohort.compile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ekbom.cohort.notes import mention_sql
from ekbom.kb.predicates import (
    Age,
    AllOf,
    Answer,
    AnyOf,
    Diagnosis,
    Exposure,
    FamilyHistory,
    FamilyRecorded,
    Lab,
    MedicationCoverage,
    Mention,
    NoObservation,
    NoResult,
    Not,
    Observation,
    OnsetAge,
    Predicate,
    ProblemList,
    Procedure,
    Sex,
    Withdrawal,
)
from ekbom.vocab import Implication

if TYPE_CHECKING:
    from ekbom.kb.knowledge import Factor

WINDOW = "window"
"""The key of the factor's own window in `ekbom_window`."""

STALE_RULE = -1
"""`rule_index` of the stale re-run in `ekbom_rule`."""

NOT_COUNTED = (Implication.EXCEPTION.value, Implication.UNKNOWN.value)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(slots=True)
class SqlCompiler:
    """Walks one factor's rules, writing SQL and collecting the parameters it refers to."""

    factor: Factor
    numbers: dict[str, float | None] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    windows: dict[str, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    window_columns: dict[str, str] = field(default_factory=dict)
    leaves: dict[str, str] = field(default_factory=dict)
    lab_reaches: set[tuple[str, str | None]] = field(default_factory=set)
    onset_sets: dict[str, str] = field(default_factory=dict)

    @property
    def fid(self) -> str:
        return quote(self.factor.id)

    def num(self, path: str, value: float | None) -> str:
        """A numeric parameter as a column of the scope row."""
        self.numbers[path] = value
        if path not in self.columns:
            self.columns[path] = f"p{len(self.columns)}"
        return f"s.{self.columns[path]}"

    def flag(self, path: str, value: bool) -> str:
        return f"({self.num(path, 1.0 if value else 0.0)} = 1)"

    def text_set(self, path: str, values: list[str]) -> str:
        """A list parameter as a subquery of `ekbom_param_text`."""
        self.texts[path] = values
        return (
            f"(SELECT t.txt FROM ekbom_param_text t WHERE t.factor = {self.fid} "
            f"AND t.path = {quote(path)})"
        )

    def window(self, key: str, days: int) -> str:
        """The first day of a window, as a column of the scope row."""
        self.windows[key] = days
        if key not in self.window_columns:
            self.window_columns[key] = f"w{len(self.window_columns)}"
        return f"s.{self.window_columns[key]}"

    def window_days(self, key: str, days: int) -> str:
        """The length of a window in days, as a column of the scope row."""
        self.window(key, days)
        return f"s.n{self.window_columns[key]}"

    def factor_window(self) -> str:
        item = self.factor.item
        assert item is not None
        return self.window(WINDOW, item.window_days)

    # predicates ----------------------------------------------------------------------------

    def leaf(self, expr: str) -> str:
        """A leaf expression computed once per index row (identical leaves share a column)."""
        if expr not in self.leaves:
            self.leaves[expr] = f"e{len(self.leaves)}"
        return f"s.{self.leaves[expr]}"

    def pred(self, p: Predicate, path: str, stale: bool) -> str:
        """A boolean SQL expression: TRUE, FALSE or NULL (unknown)."""
        match p:
            case AllOf() | AnyOf() | Not():
                return self.combine(p, path, stale)
        return self.leaf(self.atom(p, path, stale))

    def combine(self, p: AllOf | AnyOf | Not, path: str, stale: bool) -> str:
        match p:
            case AllOf(items):
                parts = [self.pred(x, f"{path}.{i}", stale) for i, x in enumerate(items)]
                return "(" + " AND ".join(parts) + ")"
            case AnyOf(items):
                parts = [self.pred(x, f"{path}.{i}", stale) for i, x in enumerate(items)]
                return "(" + " OR ".join(parts) + ")"
            case Not(item):
                return f"(NOT {self.pred(item, f'{path}.n', stale)})"
        raise TypeError(f"not a combination: {p!r}")

    def atom(self, p: Predicate, path: str, stale: bool) -> str:
        match p:
            case Diagnosis():
                return self.diagnosis(p, path)
            case Procedure(name, within_days):
                start = (
                    self.window(f"{path}.within_days", within_days)
                    if within_days is not None
                    else self.factor_window()
                )
                return (
                    "EXISTS (SELECT 1 FROM ekbom_procedure x WHERE x.person_id = s.person_id "
                    f"AND x.set_name = {quote(name)} AND x.day BETWEEN {start} AND s.index_date)"
                )
            case Lab():
                return self.lab_top(p, path, stale, self.satisfies(p, path))
            case NoResult(test):
                top = self.lab_rows(test, None, path, stale, "'rank'")
                return f"coalesce((SELECT NOT l.interpretable {top}), TRUE)"
            case Age(at_least, below):
                return self.age(path, at_least, below)
            case Sex(sexes):
                chosen = self.text_set(f"{path}.sexes", sorted(sexes))
                return (
                    f"(CASE WHEN s.sex IS NOT NULL THEN s.sex IN {chosen} "
                    f"WHEN 'missing' IN {chosen} THEN TRUE END)"
                )
            case Exposure(grades, ingredients):
                return self.exposure(path, grades, ingredients)
            case Withdrawal(grades, min_use_days):
                return self.withdrawal(path, grades, min_use_days)
            case Observation(name, values, within_days):
                start = (
                    self.window(f"{path}.within_days", within_days)
                    if within_days is not None
                    else self.factor_window()
                )
                hit = (
                    "EXISTS (SELECT 1 FROM ekbom_concept_set v WHERE "
                    f"v.set_name = {quote(values)} AND v.concept_id = o.value_concept_id)"
                )
                return (
                    f"(SELECT {hit} AS hit FROM ekbom_observation o "
                    f"WHERE o.person_id = s.person_id AND o.set_name = {quote(name)} "
                    f"AND o.day BETWEEN {start} AND s.index_date "
                    "ORDER BY o.day DESC, hit DESC LIMIT 1)"
                )
            case NoObservation(name):
                start = self.factor_window()
                return (
                    "NOT EXISTS (SELECT 1 FROM ekbom_observation o "
                    f"WHERE o.person_id = s.person_id AND o.set_name = {quote(name)} "
                    f"AND o.day BETWEEN {start} AND s.index_date)"
                )
            case ProblemList():
                start = self.factor_window()
                return (
                    "(EXISTS (SELECT 1 FROM condition_occurrence c WHERE c.person_id = "
                    "s.person_id AND c.condition_start_date <= s.index_date) AND "
                    f"{self.observed(start)})"
                )
            case MedicationCoverage():
                start = self.factor_window()
                overlap = (
                    "FROM ekbom_medication m WHERE m.person_id = s.person_id "
                    "AND m.start_day <= s.index_date "
                    f"AND (m.end_day IS NULL OR m.end_day >= {start})"
                )
                return (
                    f"(NOT EXISTS (SELECT 1 {overlap} AND NOT m.resolved) AND "
                    f"(EXISTS (SELECT 1 {overlap}) OR {self.observed(start)}))"
                )
            case OnsetAge():
                return self.onset_age(p, path)
            case Answer():
                # OMOP holds no questionnaire answers: unanswered is unknown (NULL), as in the
                # Python engine, so an answer rule never fires on OMOP input.
                return "CAST(NULL AS BOOLEAN)"
            case Mention():
                # Mentions from OMOP NOTE, analysed in batches into ekbom_mention
                # (ekbom.cohort.notes.read_notes); by default the factor's own id.
                own = p if p.label is not None else replace(p, label=self.factor.id)
                return mention_sql(own, self.factor_window(), quote)
            case FamilyHistory() | FamilyRecorded():
                kind = (
                    "family_history" if isinstance(p, FamilyHistory) else "family_history_recorded"
                )
                raise NotImplementedError(
                    f"{kind} is not compiled to SQL yet (OMOP keeps family history as "
                    "observations; no mapping is defined)"
                )
        raise TypeError(f"unknown predicate {p!r}")

    def observed(self, start: str) -> str:
        return (
            "EXISTS (SELECT 1 FROM ekbom_observation_period op WHERE op.person_id = s.person_id "
            f"AND op.start_day <= {start} AND op.end_day >= s.index_date)"
        )

    def diagnosis(self, p: Diagnosis, path: str) -> str:
        if p.verification != "confirmed":
            return "FALSE"  # OMOP records no verification: every row is confirmed
        if p.state == "active":
            state = "(c.end_day IS NULL OR c.end_day > s.index_date)"
        else:
            state = "c.end_day <= s.index_date"
        recent = ""
        if p.within_days is not None:
            recent = f" AND c.start_day >= {self.window(f'{path}.within_days', p.within_days)}"
        elif p.within_window:
            recent = f" AND c.start_day >= {self.factor_window()}"
        return (
            "EXISTS (SELECT 1 FROM ekbom_condition c WHERE c.person_id = s.person_id "
            f"AND c.set_name = {quote(p.set)} AND c.start_day <= s.index_date AND {state}{recent})"
        )

    def lab_rows(self, test: str, within_days: int | None, path: str, stale: bool, tie: str) -> str:
        """FROM ... picking the latest result in reach: that day's interpretable results first
        (an unreadable one decides only when it is later), then by `tie` ('lowest',
        'highest' or 'rank': most abnormal). The picks are precomputed once per index row,
        test and reach in `ekbom_lab_pick` (`ekbom.cohort.lab_pick`), so this is a lookup."""
        if within_days is not None:
            key: str | None = f"{path}.within_days"
            reach = self.window_days(f"{path}.within_days", within_days)
        elif stale:
            key, reach = None, "-1"
        else:
            item = self.factor.item
            assert item is not None
            key, reach = WINDOW, self.window_days(WINDOW, item.window_days)
        self.lab_reaches.add((test, key))
        return (
            "FROM ekbom_lab_pick l WHERE l.person_id = s.person_id "
            f"AND l.index_date = s.index_date AND l.test = {quote(test)} "
            f"AND l.reach = {reach} AND l.tie = {tie}"
        )

    def bounds(self, p: Lab, path: str) -> tuple[str, str, str, str]:
        return (
            self.num(f"{path}.lower", p.lower),
            self.flag(f"{path}.lower_inclusive", p.lower_inclusive),
            self.num(f"{path}.upper", p.upper),
            self.flag(f"{path}.upper_inclusive", p.upper_inclusive),
        )

    def satisfies(self, p: Lab, path: str) -> str:
        """`ekbom.engine.labs.satisfies` on the row `l`: every value it allows is in bounds."""
        lo, lo_inc, hi, hi_inc = self.bounds(p, path)
        above = (
            f"(CASE WHEN {lo} IS NULL THEN TRUE "
            f"WHEN l.low IS NOT NULL AND (l.low > {lo} OR (l.low = {lo} "
            f"AND ({lo_inc} OR l.low_open))) THEN TRUE "
            f"WHEN l.high IS NOT NULL AND (l.high < {lo} OR (l.high = {lo} "
            f"AND (NOT {lo_inc} OR l.high_open))) THEN FALSE END)"
        )
        below = (
            f"(CASE WHEN {hi} IS NULL THEN TRUE "
            f"WHEN l.high IS NOT NULL AND (l.high < {hi} OR (l.high = {hi} "
            f"AND ({hi_inc} OR l.high_open))) THEN TRUE "
            f"WHEN l.low IS NOT NULL AND (l.low > {hi} OR (l.low = {hi} "
            f"AND (NOT {hi_inc} OR l.low_open))) THEN FALSE END)"
        )
        return f"(CASE WHEN l.interpretable THEN ({above} AND {below}) END)"

    def lab_order(self, p: Lab, path: str) -> str:
        # One bound says which same-day value is the more abnormal for this rule: an upper
        # bound looks for the lowest value, a lower bound for the highest; else the test's own.
        lo, _, hi, _ = self.bounds(p, path)
        return (
            f"(CASE WHEN {hi} IS NOT NULL AND {lo} IS NULL THEN 'lowest' "
            f"WHEN {lo} IS NOT NULL AND {hi} IS NULL THEN 'highest' ELSE 'rank' END)"
        )

    def lab_top(self, p: Lab, path: str, stale: bool, what: str) -> str:
        rows = self.lab_rows(p.test, p.within_days, path, stale, self.lab_order(p, path))
        return f"(SELECT {what} {rows})"

    def age(
        self, path: str, at_least: int | None, below: int | None, on: str = "s.index_date"
    ) -> str:
        """Completed years on the day `on` lie in [at_least, below); a birth date known only to
        the month or year is unknown when its earliest and latest days disagree."""
        low = self.num(f"{path}.at_least", None if at_least is None else float(at_least))
        high = self.num(f"{path}.below", None if below is None else float(below))

        def years(born: str) -> str:
            return (
                f"(year({on}) - year({born}) - CASE WHEN month({on}) * 100 + "
                f"day({on}) < month({born}) * 100 + day({born}) THEN 1 ELSE 0 END)"
            )

        oldest, youngest = years("s.birth_lo"), years("s.birth_hi")
        ok_low = (
            f"(CASE WHEN {low} IS NULL THEN TRUE WHEN {youngest} >= {low} THEN TRUE "
            f"WHEN {oldest} < {low} THEN FALSE END)"
        )
        ok_high = (
            f"(CASE WHEN {high} IS NULL THEN TRUE WHEN {oldest} < {high} THEN TRUE "
            f"WHEN {youngest} >= {high} THEN FALSE END)"
        )
        known = f"s.birth_lo IS NOT NULL AND {on} IS NOT NULL"
        return f"(CASE WHEN {known} THEN ({ok_low} AND {ok_high}) END)"

    def onset_age(self, p: OnsetAge, path: str) -> str:
        """Age at the earliest start of a condition of the set begun by the as-of date (OMOP
        has no explicit onset age); unknown without such a condition or a birth date."""
        # The first day is precomputed once per index row and set (`ekbom_onset_day`, made
        # with the parameters) and joined into the scope row: the age test reads it many
        # times, and a correlated subquery per reading costs Spark minutes of planning.
        if p.set not in self.onset_sets:
            self.onset_sets[p.set] = f"o{len(self.onset_sets)}"
        return self.age(path, p.at_least, p.below, on=f"s.{self.onset_sets[p.set]}")

    def exposure(
        self, path: str, grades: frozenset[Implication], ingredients: frozenset[str]
    ) -> str:
        chosen = self.text_set(f"{path}.ingredients", sorted(ingredients))
        graded = self.text_set(f"{path}.implication", sorted(g.value for g in grades))
        return (
            "EXISTS (SELECT 1 FROM ekbom_drug_span d LEFT JOIN ekbom_drug_factor f "
            f"ON f.factor = {self.fid} AND f.ingredient = d.ingredient "
            "WHERE d.person_id = s.person_id AND d.start_day <= s.index_date "
            "AND (d.active_until IS NULL OR s.index_date <= d.active_until) "
            f"AND (CASE WHEN EXISTS {chosen} THEN d.ingredient IN {chosen} "
            f"ELSE f.implication IN {graded} END))"
        )

    def withdrawal(
        self, path: str, grades: frozenset[Implication], min_use_days: int | None
    ) -> str:
        graded = self.text_set(f"{path}.implication", sorted(g.value for g in grades))
        start = self.factor_window()
        counted = ", ".join(quote(g) for g in NOT_COUNTED)
        listed = (
            f"JOIN ekbom_drug_factor f ON f.factor = {self.fid} AND f.ingredient = d.ingredient "
            f"AND f.implication NOT IN ({counted})"
        )
        active = (
            f"NOT EXISTS (SELECT 1 FROM ekbom_drug_span d {listed} "
            "WHERE d.person_id = s.person_id AND d.start_day <= s.index_date "
            "AND (d.active_until IS NULL OR s.index_date <= d.active_until))"
        )
        # The stop is the end of the ingredient's last event (by end, else start); the episode
        # is the run of events (overlapping or on consecutive days) that ends with it, found
        # by gaps and islands over events ordered by start.
        least = self.num(f"{path}.min_use_days", None if min_use_days is None else min_use_days)
        events = (
            "SELECT d.ingredient, d.start_day, d.end_day, "
            "coalesce(d.end_day, d.start_day) AS fin, "
            "max(coalesce(d.end_day, d.start_day)) OVER (PARTITION BY d.ingredient "
            "ORDER BY d.start_day, coalesce(d.end_day, d.start_day) "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach "
            f"FROM ekbom_drug_span d {listed} AND f.implication IN {graded} "
            "WHERE d.person_id = s.person_id AND d.start_day <= s.index_date"
        )
        islands = (
            "SELECT e.*, sum(CASE WHEN e.reach IS NULL OR e.start_day > e.reach + 1 "
            "THEN 1 ELSE 0 END) OVER (PARTITION BY e.ingredient ORDER BY e.start_day, e.fin "
            f"ROWS UNBOUNDED PRECEDING) AS island FROM ({events}) e"
        )
        # The latest end lies in the last island (a later island starts after every earlier
        # end), so the stop is the latest known end and the episode's first day the latest
        # island start: plain max() in every dialect, with no tie to break.
        stops = (
            "SELECT g.ingredient, max(g.end_day) AS stop, "
            "max(g.first) AS first FROM (SELECT i.*, min(i.start_day) OVER "
            f"(PARTITION BY i.ingredient, i.island) AS first FROM ({islands}) i) g "
            "GROUP BY g.ingredient"
        )
        stopped = (
            f"EXISTS (SELECT 1 FROM ({stops}) x LEFT JOIN ekbom_withdrawal_days wd "
            f"ON wd.factor = {self.fid} AND wd.ingredient = x.ingredient "
            "WHERE x.stop IS NOT NULL AND x.stop <= s.index_date "
            f"AND x.stop >= coalesce(s.index_date - wd.days, {start}) "
            f"AND ({least} IS NULL OR date_diff('day', x.first, x.stop) >= {least}))"
        )
        return f"({active} AND {stopped})"

    # what the engine noticed on the way -----------------------------------------------------

    def noticed(self, p: Predicate, path: str) -> str:
        """TRUE when evaluating `p` (in rule order, `all` stopping at the first FALSE) met a
        latest result that could not be read or judged: the engine's `noticed_uninterpretable`."""
        match p:
            case AllOf(items):
                parts = []
                for i, x in enumerate(items):
                    before = [
                        f"({self.pred(y, f'{path}.{j}', False)} IS NOT FALSE)"
                        for j, y in enumerate(items[:i])
                    ]
                    parts.append(" AND ".join([self.noticed(x, f"{path}.{i}"), *before]))
                return "(" + " OR ".join(f"({part})" for part in parts) + ")"
            case AnyOf(items):
                return (
                    "("
                    + " OR ".join(self.noticed(x, f"{path}.{i}") for i, x in enumerate(items))
                    + ")"
                )
            case Not(item):
                return self.noticed(item, f"{path}.n")
            case Lab():
                what = f"(NOT l.interpretable OR {self.satisfies(p, path)} IS NULL)"
                return self.leaf(f"coalesce({self.lab_top(p, path, False, what)}, FALSE)")
            case NoResult(test):
                top = self.lab_rows(test, None, path, False, "'rank'")
                return self.leaf(f"coalesce((SELECT NOT l.interpretable {top}), FALSE)")
        return "FALSE"
