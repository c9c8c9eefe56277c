"""The cohort report: one self-contained page of aggregates that a quality team can present.

`ekbom cohort` computes the aggregates in SQL and hands them over as a `ReportData`; no
person-level row reaches this module. `render_report` lays every count that the page shows or
lets a reader work out into one suppression problem (`ekbom.cohort.suppress`), so that counts
from 1 to 10 stay hidden across all the tables and charts together, then fills the template
`render/templates/cohort_report.html.j2` (inline CSS and SVG, no script, nothing fetched).

The policy (the minimum count, the age bands, which factor and bases make the iron-studies
chart) is knowledge: `knowledge/tables/report.yaml`, read by `report_policy`.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, model_validator

from ekbom.cohort.suppress import Sum, suppress
from ekbom.kb.knowledge import Knowledge
from ekbom.kb.load import _model, default_path, load_knowledge
from ekbom.kb.schema import FACTOR_ID, Citation, Strict
from ekbom.vocab import BASIS_STATUS, Basis, Category, Implication, ReviewStatus, Status

if TYPE_CHECKING:
    from ekbom.cohort.backend import Backend

TEMPLATE = "cohort_report.html.j2"
POLICY_FILE = "tables/report.yaml"


class Suppression(Strict):
    """The smallest count besides zero that may be shown."""

    minimum: Annotated[int, Field(ge=1)]
    cite: Annotated[list[str], Field(min_length=1)]


class AgeBand(Strict):
    """Whole years at the index date, `from` to `to` inclusive (no `to`: no upper end)."""

    label: Annotated[str, Field(min_length=1)]
    start: Annotated[int, Field(ge=0, alias="from")]
    end: Annotated[int | None, Field(alias="to")] = None


class AgeBands(Strict):
    """Contiguous bands from age 0; only the last may be open-ended."""

    cite: Annotated[list[str], Field(min_length=1)]
    bands: Annotated[list[AgeBand], Field(min_length=1)]

    @model_validator(mode="after")
    def _contiguous(self) -> AgeBands:
        expected = 0
        for index, band in enumerate(self.bands):
            if band.start != expected:
                raise ValueError(f"band {index} starts at {band.start}; expected {expected}")
            if band.end is None and index != len(self.bands) - 1:
                raise ValueError(f"band {index} has no 'to'; only the last band may be open")
            if band.end is not None and band.end < band.start:
                raise ValueError(f"band {index} ends before it starts")
            expected = (band.end or band.start) + 1
        return self


class IronStudies(Strict):
    """The factor whose bases say iron studies are missing or stale."""

    factor: Annotated[str, Field(pattern=FACTOR_ID)]
    missing: Basis
    stale: Basis


class Medications(Strict):
    """How many ingredients each aggravating drug class lists."""

    top_ingredients: Annotated[int, Field(ge=1)]


class ReportPolicy(Strict):
    """knowledge/tables/report.yaml."""

    review_status: ReviewStatus
    last_reviewed: date
    suppression: Suppression
    age_bands: AgeBands
    iron_studies: IronStudies
    medications: Medications
    citations: Annotated[list[Citation], Field(min_length=1)]

    @model_validator(mode="after")
    def _cited(self) -> ReportPolicy:
        known = {citation.id for citation in self.citations}
        missing = sorted({*self.suppression.cite, *self.age_bands.cite} - known)
        if missing:
            raise ValueError(f"cites {missing} but citations lists only {sorted(known)}")
        return self


@functools.cache
def report_policy(path: Path | None = None) -> ReportPolicy:
    """The report policy of a knowledge folder (the packaged one by default).

    Raises:
        KnowledgeError: the file breaks the schema; the message names the key and the fix.
    """
    return _model(path or default_path(), POLICY_FILE, ReportPolicy)


@dataclass(frozen=True)
class ReportData:
    """The aggregates of one cohort run; counts are of screened (person, index date) pairs.

    Attributes:
        versions: ekbom, knowledge and vocabulary versions, by name.
        parameters: source kind, index option, as-of date or index file name, engine, created.
        screened: how many pairs were screened.
        attrition: (reason, pairs) in order: the first is every candidate pair, the last is the
            screened pairs, those between are the pairs left out, each for one reason; so the
            first equals the sum of the others.
        factor_counts: (factor id, status, basis, pairs); per factor the pairs add up to
            `screened`.
        demographics: (age in whole years at the index date or None, sex or None, factor id,
            status, pairs); per factor and status they add up to `factor_counts`. May be empty.
        drug_counts: (factor id, ingredient id, persons with an active exposure).
        factors: (factor id, title, category) in the contract's order.
        warnings: one line each, shown as given.
    """

    versions: Mapping[str, object]
    parameters: Mapping[str, object]
    screened: int
    attrition: Sequence[tuple[str, int]]
    factor_counts: Sequence[tuple[str, str, str, int]]
    demographics: Sequence[tuple[int | None, str | None, str, str, int]]
    drug_counts: Sequence[tuple[str, str, int]]
    factors: Sequence[tuple[str, str, str]]
    warnings: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        _check_data(self)

    def status_counts(self) -> dict[tuple[str, Status], int]:
        """Pairs by (factor id, status), every status of every factor (zero when absent)."""
        out = {(f, status): 0 for f, _, _ in self.factors for status in Status}
        for factor, status, _, count in self.factor_counts:
            out[factor, Status(status)] += count
        return out


def _check_data(data: ReportData) -> None:
    ids = [factor for factor, _, _ in data.factors]
    for _, _, category in data.factors:
        Category(category)
    counts = [data.screened] + [n for *_, n in data.factor_counts]
    counts += [n for _, n in data.attrition] + [n for *_, n in data.demographics]
    counts += [n for *_, n in data.drug_counts]
    if any(not isinstance(n, int) or n < 0 for n in counts):
        raise ValueError("every count must be a whole number, 0 or more")
    for factor, status, basis, _ in data.factor_counts:
        if factor not in ids or BASIS_STATUS[Basis(basis)] is not Status(status):
            raise ValueError(f"factor_counts: {factor} {status} {basis} is not a known finding")
    totals = data.status_counts()
    for factor in ids:
        if sum(totals[factor, status] for status in Status) != data.screened:
            raise ValueError(f"factor_counts of {factor} do not add up to the screened pairs")
    if data.attrition and (
        data.attrition[-1][1] != data.screened
        or data.attrition[0][1] != sum(n for _, n in data.attrition[1:])
    ):
        raise ValueError("attrition must run from every candidate to the screened pairs")
    if data.demographics:
        by_status: dict[tuple[str, Status], int] = defaultdict(int)
        for _, _, factor, status, count in data.demographics:
            by_status[factor, Status(status)] += count
        if any(by_status[key] != n for key, n in totals.items()):
            raise ValueError("demographics do not add up to factor_counts for every factor")
        if len({tuple(sorted(_people(data, factor).items(), key=str)) for factor in ids}) > 1:
            raise ValueError("demographics give different ages and sexes for different factors")
    if any(factor not in ids for factor, _, _ in data.drug_counts):
        raise ValueError("drug_counts names a factor that is not in factors")


FACTOR_COUNTS = """
    SELECT factor, status, basis, count(*) FROM ekbom_findings GROUP BY factor, status, basis
"""
DEMOGRAPHICS = """
    SELECT year(f.index_date) - year(pe.birth_hi)
             - CASE WHEN month(f.index_date) * 100 + day(f.index_date)
                         < month(pe.birth_hi) * 100 + day(pe.birth_hi) THEN 1 ELSE 0 END,
           pe.sex, f.factor, f.status, count(*)
    FROM ekbom_findings f LEFT JOIN ekbom_person pe ON pe.person_id = f.person_id
    GROUP BY 1, 2, 3, 4
"""
DRUG_COUNTS = """
    SELECT f.factor, d.ingredient, count(DISTINCT d.person_id)
    FROM ekbom_findings f
    JOIN ekbom_drug_span d ON d.person_id = f.person_id AND d.start_day <= f.index_date
      AND (d.active_until IS NULL OR f.index_date <= d.active_until)
    JOIN ekbom_drug_factor g ON g.factor = f.factor AND g.ingredient = d.ingredient
    WHERE f.basis IN (?, ?) AND g.implication NOT IN (?, ?)
    GROUP BY f.factor, d.ingredient
"""


def build_report_data(
    knowledge: Knowledge, backend: Backend, summary: Mapping[str, Any]
) -> ReportData:
    """The report's aggregates from a finished run: GROUP BY queries in the engine, so only
    counts reach Python. Reads `ekbom_findings`, `ekbom_person`, `ekbom_drug_span` and
    `ekbom_drug_factor`, and the versions, parameters, attrition and warnings of `summary`.

    Age is the whole years certainly reached on the index date (from the latest possible birth
    date: a year of birth alone counts from 31 December). Drug counts are persons whose exposure
    to a counted ingredient of the factor is active on an index date where the factor is present
    or possible from that exposure.
    """
    counts = [(str(f), str(s), str(b), int(n)) for f, s, b, n in backend.rows(FACTOR_COUNTS)]
    judged = {factor for factor, *_ in counts}
    factors = [
        (f.id, f.item.title if f.item else f.entry.seed_wording, f.category.value)
        for f in knowledge.factors
        if f.id in judged or not counts
    ]
    demographics = [
        (None if age is None else int(age), sex, str(f), str(s), int(n))
        for age, sex, f, s, n in backend.rows(DEMOGRAPHICS)
    ]
    drugs: list[tuple[str, str, int]] = []
    if backend.has_table("ekbom_drug_span") and backend.has_table("ekbom_drug_factor"):
        bases = [Basis.ACTIVE_EXPOSURE.value, Basis.LOW_IMPLICATION_EXPOSURE.value]
        ignored = [Implication.EXCEPTION.value, Implication.UNKNOWN.value]
        drugs = [(str(f), str(i), int(n)) for f, i, n in backend.rows(DRUG_COUNTS, bases + ignored)]
    parameters = {"source": summary.get("source"), **summary.get("parameters", {})}
    parameters["created"] = summary.get("created")
    return ReportData(
        versions={
            "ekbom": summary.get("ekbom_version"),
            "knowledge": summary.get("knowledge_version"),
            "vocabulary": summary.get("vocabulary_version"),
        },
        parameters=parameters,
        screened=int(summary["screened"]),
        attrition=[(str(a["step"]), int(a["count"])) for a in summary.get("attrition", [])],
        factor_counts=counts,
        demographics=demographics,
        drug_counts=drugs,
        factors=factors,
        warnings=[str(w) for w in summary.get("warnings", [])],
    )


def render_report(data: ReportData, policy: ReportPolicy | None = None) -> str:
    """The report as one complete HTML document (UTF-8 text, escaped throughout).

    Raises:
        KnowledgeError: the report policy or the knowledge breaks its schema.
    """
    knowledge = load_knowledge()
    view = build_view(data, policy or report_policy(), knowledge)
    return str(_environment().get_template(TEMPLATE).render(v=view))


@functools.cache
def _environment() -> Any:
    from ekbom.render.templates import environment

    return environment()


def _people(data: ReportData, factor: str) -> dict[tuple[int | None, str | None], int]:
    """Screened pairs by (age, sex), as one factor's demographics count them."""
    out: dict[tuple[int | None, str | None], int] = defaultdict(int)
    for age, sex, name, _, count in data.demographics:
        if name == factor and count:
            out[age, sex] += count
    return out


# The view: every count the page shows, suppressed together, then laid out for the template.

NOT_KNOWN = "age not known"
NOT_RECORDED = "not recorded"
HIDDEN = "suppressed"
BAR_WIDTH = 420
"""Chart geometry in CSS pixels: the widest bar."""
ATTRITION_LABEL = {
    "candidates": "Candidate pairs (person, index date)",
    "candidate": "Candidate pairs (person, index date)",
    "unknown-person": "Left out: the person is not in the PERSON table",
    "outside-observation": "Left out: the index date is outside every observation period",
    "after-death": "Left out: the index date is after death",
    "screened": "Screened",
}


@dataclass(frozen=True, slots=True)
class Shown:
    """A count as the page shows it: its value, or None when it is suppressed."""

    value: int | None
    percent: str = ""

    @property
    def text(self) -> str:
        """The count with thousands separators, or the word for a hidden count."""
        return HIDDEN if self.value is None else f"{self.value:,}"


@dataclass(frozen=True, slots=True)
class Segment:
    """One rectangle of a bar: x and width in pixels, a CSS class, and what it stands for."""

    x: float
    width: float
    css: str
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    """One labelled row of a chart and the text after the bar."""

    label: str
    segments: tuple[Segment, ...]
    note: str


Key = tuple[object, ...]


class _Problem:
    """Every count the page shows or lets a reader work out, and the sums between them."""

    def __init__(self) -> None:
        self.counts: dict[Key, int] = {}
        self.sums: list[Sum[Key]] = []

    def add(self, key: Key, value: int) -> Key:
        self.counts[key] = value
        return key

    def total(self, total: Key, parts: Sequence[Key]) -> Key:
        if total not in self.counts:
            self.add(total, sum(self.counts[part] for part in parts))
        self.sums.append(Sum(total, tuple(parts)))
        return total

    def rest(self, key: Key, whole: Key, parts: Sequence[Key]) -> Key:
        """The part of `whole` that `parts` leave: not shown, but a reader can work it out."""
        self.add(key, self.counts[whole] - sum(self.counts[part] for part in parts))
        self.total(whole, [*parts, key])
        return key


def page_counts(
    data: ReportData, policy: ReportPolicy | None = None
) -> tuple[dict[Key, int], list[Sum[Key]], frozenset[Key]]:
    """Every count the page shows or lets a reader work out, the sums a reader can see
    between them, and the keys of the suppressed ones (for audits and tests)."""
    policy = policy or report_policy()
    problem = _lay_out(data, policy)[0]
    hidden = suppress(problem.counts, problem.sums, policy.suppression.minimum)
    return problem.counts, problem.sums, hidden


def _lay_out(data: ReportData, policy: ReportPolicy) -> tuple[_Problem, Any]:
    problem = _Problem()
    problem.add(SCREENED, data.screened)
    parts = (
        _attrition(problem, data),
        _prevalence(problem, data),
        _iron(problem, data, policy.iron_studies),
        _people_tables(problem, data, policy.age_bands),
        _drug_keys(problem, data),
    )
    return problem, parts


def build_view(data: ReportData, policy: ReportPolicy, knowledge: Knowledge) -> dict[str, Any]:
    """Everything the template shows, with small counts suppressed across the whole page."""
    problem, (attrition, prevalence, iron, people, drugs) = _lay_out(data, policy)
    hidden = suppress(problem.counts, problem.sums, policy.suppression.minimum)
    screened = None if SCREENED in hidden or not data.screened else data.screened

    def shown(key: Key, share: bool = False) -> Shown:
        if key in hidden:
            return Shown(None)
        value = problem.counts[key]
        percent = f"{100 * value / screened:.1f} %" if share and screened and value else ""
        return Shown(value, percent)

    messages = knowledge.messages
    notices = [messages.decision_support.clinician]
    if any(f.item and f.item.review_status is ReviewStatus.DRAFT for f in knowledge.factors):
        notices.append(messages.not_validated.clinician)
    return {
        "versions": [(str(k), _text(v)) for k, v in data.versions.items()],
        "parameters": [(str(k), _text(v)) for k, v in data.parameters.items()],
        "notices": notices,
        "minimum": policy.suppression.minimum,
        "bar_width": BAR_WIDTH,
        "screened": shown(SCREENED),
        "warnings": list(data.warnings),
        "statuses": [status.value for status in Status],
        "attrition": [(label, shown(key)) for label, key in attrition],
        "prevalence": _prevalence_view(prevalence, shown),
        "iron": _iron_view(iron, shown),
        "iron_factor": {f: t for f, t, _ in data.factors}.get(policy.iron_studies.factor),
        "people": _people_view(people, shown),
        "drugs": _drug_view(drugs, shown, policy.medications.top_ingredients),
    }


def _text(value: object) -> str:
    return NOT_RECORDED if value is None or value == "" else str(value)


SCREENED: Key = ("screened",)


def _attrition(problem: _Problem, data: ReportData) -> list[tuple[str, Key]]:
    """Attrition keys: the last row is the screened count; the first is the sum of the rest."""
    if not data.attrition:
        return []
    keys = [problem.add(("attrition", i), n) for i, (_, n) in enumerate(data.attrition[:-1])]
    keys.append(SCREENED)
    if len(keys) > 1:
        problem.total(keys[0], keys[1:])
    reasons = [reason for reason, _ in data.attrition]
    return [(ATTRITION_LABEL.get(r, r), key) for r, key in zip(reasons, keys, strict=True)]


def _prevalence(problem: _Problem, data: ReportData) -> list[tuple[str, list[Key]]]:
    """Per factor, one count per status; together they make the screened pairs."""
    totals = data.status_counts()
    rows = []
    for factor, title, _ in data.factors:
        keys = [problem.add(("status", factor, s), totals[factor, s]) for s in Status]
        problem.total(SCREENED, keys)
        rows.append((title, keys))
    return rows


def _iron(problem: _Problem, data: ReportData, iron: IronStudies) -> dict[str, Key] | None:
    """Missing and stale iron studies, the rest of the screened, and what each leaves over."""
    if iron.factor not in {factor for factor, _, _ in data.factors}:
        return None
    bases: dict[str, int] = defaultdict(int)
    for factor, _, basis, count in data.factor_counts:
        if factor == iron.factor:
            bases[basis] += count
    missing = problem.add(("iron", "missing"), bases[iron.missing])
    stale = problem.add(("iron", "stale"), bases[iron.stale])
    other = problem.rest(("iron", "other"), SCREENED, [missing, stale])
    within: dict[Status, list[Key]] = defaultdict(list)
    within[BASIS_STATUS[iron.missing]].append(missing)
    within[BASIS_STATUS[iron.stale]].append(stale)
    for status, parts in within.items():
        problem.rest(("iron", "rest", status), ("status", iron.factor, status), parts)
    return {"missing": missing, "stale": stale, "other": other}


def _people_tables(problem: _Problem, data: ReportData, ages: AgeBands) -> dict[str, Any] | None:
    """Screened pairs by age band and sex, with the totals of each band and each sex."""
    if not data.demographics or not data.factors:
        return None
    labels = [band.label for band in ages.bands] + [NOT_KNOWN]
    sexes = sorted({sex for _, sex, *_ in data.demographics if sex is not None})
    if any(sex is None for _, sex, *_ in data.demographics):
        sexes.append(None)  # type: ignore[arg-type]

    def band(age: int | None) -> int:
        for index, item in enumerate(ages.bands):
            if age is not None and item.start <= age and (item.end is None or age <= item.end):
                return index
        return len(ages.bands)

    people: dict[tuple[int, str | None], int] = defaultdict(int)
    for (age, sex), count in _people(data, data.factors[0][0]).items():
        people[band(age), sex] += count
    cells = {
        (b, s): problem.add(("people", b, s), people[b, s])
        for b in range(len(labels))
        for s in sexes
    }
    by_band = [problem.total(("band", b), [cells[b, s] for s in sexes]) for b in range(len(labels))]
    by_sex = [problem.total(("sex", s), [cells[b, s] for b in range(len(labels))]) for s in sexes]
    problem.total(SCREENED, by_band)
    problem.total(SCREENED, by_sex)
    names = [NOT_RECORDED if s is None else s.capitalize() for s in sexes]
    return {
        "bands": labels,
        "sexes": names,
        "cells": [[cells[b, s] for s in sexes] for b in range(len(labels))],
        "by_band": by_band,
        "by_sex": by_sex,
    }


def _drug_keys(problem: _Problem, data: ReportData) -> list[tuple[str, str, list[tuple[str, Key]]]]:
    """Per medication factor, the persons on each ingredient (counts that stand alone)."""
    persons: dict[tuple[str, str], int] = defaultdict(int)
    for factor, ingredient, count in data.drug_counts:
        persons[factor, ingredient] += count
    rows = []
    for factor, title, category in data.factors:
        if Category(category) is not Category.MEDICATION:
            continue
        keys = [
            (ingredient, problem.add(("drug", factor, ingredient), count))
            for (name, ingredient), count in persons.items()
            if name == factor and count
        ]
        rows.append((factor, title, keys))
    return rows


Show = Callable[..., Shown]


def _prevalence_view(rows: list[tuple[str, list[Key]]], shown: Show) -> list[dict[str, Any]]:
    total = shown(SCREENED)
    out = []
    for title, keys in rows:
        cells = [shown(key, True) for key in keys]
        parts = [(s.value, s.value, cell) for s, cell in zip(Status, cells, strict=True)]
        out.append(
            {
                "title": title,
                "cells": cells,
                "bar": Bar(title, _stacked(parts, total, total.value), cells[0].percent),
            }
        )
    return out


def _iron_view(keys: dict[str, Key] | None, shown: Show) -> dict[str, Any] | None:
    if keys is None:
        return None
    cells = {name: shown(key, True) for name, key in keys.items()}
    parts = [(name, name, cell) for name, cell in cells.items()]
    total = shown(SCREENED)
    return {**cells, "bar": Bar("Screened", _stacked(parts, total, total.value), "")}


def _people_view(layout: dict[str, Any] | None, shown: Show) -> dict[str, Any] | None:
    if layout is None:
        return None
    sexes = layout["sexes"]
    rows = []
    for label, keys, total in zip(layout["bands"], layout["cells"], layout["by_band"], strict=True):
        rows.append((label, [shown(k, True) for k in keys], shown(total, True)))
    scale = max((t.value or 0 for *_, t in rows), default=0)
    bars = [
        Bar(
            label,
            _stacked(list(zip(_SEX_CSS, sexes, cells, strict=False)), total, scale),
            total.text,
        )
        for label, cells, total in rows
    ]
    return {
        "bands": layout["bands"],
        "sexes": sexes,
        "rows": rows,
        "by_sex": [shown(k, True) for k in layout["by_sex"]],
        "total": shown(SCREENED),
        "bars": bars,
        "legend": list(zip(_SEX_CSS, sexes, strict=False)),
    }


_SEX_CSS = ("sex-0", "sex-1", "sex-2", "sex-3", "sex-4", "sex-5")


def _drug_view(
    rows: list[tuple[str, str, list[tuple[str, Key]]]], shown: Show, top: int
) -> list[dict[str, Any]]:
    out = []
    for factor, title, keys in rows:
        cells = [shown(("status", factor, s), True) for s in (Status.PRESENT, Status.POSSIBLE)]
        listed = sorted(
            ((name, shown(key)) for name, key in keys),
            key=lambda item: (item[1].value is None, -(item[1].value or 0), item[0]),
        )
        out.append((title, cells, listed))
    scale = max((sum(c.value or 0 for c in cells) for _, cells, _ in out), default=0)
    return [
        {
            "title": title,
            "present": cells[0],
            "possible": cells[1],
            "ingredients": listed[:top],
            "more": max(len(listed) - top, 0),
            "bar": Bar(
                title,
                _stacked(list(zip(_STATUSES, _STATUSES, cells, strict=False)), None, scale),
                f"{cells[0].text} present, {cells[1].text} possible",
            ),
        }
        for title, cells, listed in out
    ]


_STATUSES = (Status.PRESENT.value, Status.POSSIBLE.value)


def _stacked(
    parts: Sequence[tuple[Any, Any, Shown]], total: Shown | None, scale: int | None
) -> tuple[Segment, ...]:
    """Shown parts side by side, `scale` pairs filling the bar. When the total is shown, the
    hidden parts together make one hatched segment (their sum the reader can work out anyway);
    otherwise hidden parts are not drawn, so no width gives a hidden count away."""
    if not scale:
        return ()
    segments = []
    x = 0.0
    for css, label, cell in parts:
        if cell.value:
            width = BAR_WIDTH * cell.value / scale
            segments.append(
                Segment(round(x, 2), round(width, 2), str(css), f"{label}: {cell.text}")
            )
            x += width
    if total is not None and total.value and any(cell.value is None for *_, cell in parts):
        left = BAR_WIDTH * total.value / scale - x
        if left > 0:
            segments.append(Segment(round(x, 2), round(left, 2), "hidden", "suppressed counts"))
    return tuple(segments)
