"""The declarative rule vocabulary: what a rule's `match` may say.

Each predicate is a small frozen record. The Python engine evaluates them
(`ekbom.engine.predicates`); a set-based backend can compile the same records to SQL, because
every predicate is a question about the record at one as-of date with one window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ekbom.vocab import Implication


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A condition from a concept set, with a verification and a state on the as-of date."""

    set: str
    verification: str = "confirmed"
    state: str = "active"
    within_window: bool = False
    within_days: int | None = None


@dataclass(frozen=True, slots=True)
class Procedure:
    """A procedure from a concept set done in the window (or `within_days`)."""

    set: str
    within_days: int | None = None


@dataclass(frozen=True, slots=True)
class Lab:
    """The latest interpretable result of a test in the window lies within bounds."""

    test: str
    unit: str
    lower: float | None = None
    lower_inclusive: bool = False
    upper: float | None = None
    upper_inclusive: bool = False
    within_days: int | None = None


@dataclass(frozen=True, slots=True)
class NoResult:
    """The window holds no interpretable result of a test."""

    test: str


@dataclass(frozen=True, slots=True)
class Age:
    """The person's completed years on the as-of date lie in [at_least, below)."""

    at_least: int | None = None
    below: int | None = None


@dataclass(frozen=True, slots=True)
class Exposure:
    """An ingredient listed under this factor with one of these grades is active.

    With `ingredients`, those ingredient ids count whatever factors they are listed under
    (levothyroxine for over-replacement, levodopa for augmentation).
    """

    implication: frozenset[Implication]
    ingredients: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Observation:
    """The latest observation from a concept set in the window has a value from another set."""

    set: str
    values: str
    within_days: int | None = None


@dataclass(frozen=True, slots=True)
class NoObservation:
    """The window holds no coded observation from the concept set."""

    set: str


@dataclass(frozen=True, slots=True)
class FamilyHistory:
    """A relative from the `relationship` set has a condition from the `set`."""

    set: str
    relationship: str


@dataclass(frozen=True, slots=True)
class OnsetAge:
    """A condition from the set began at an age in [at_least, below) (explicit age first)."""

    set: str
    at_least: int | None = None
    below: int | None = None


@dataclass(frozen=True, slots=True)
class Sex:
    """The person's administrative sex is one of these (female, male, other, unknown).

    `missing` in the list matches a record with no sex at all; without it, a missing sex makes
    the predicate unknown.
    """

    sexes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """An ingredient listed under this factor stopped within the window, and none is active.

    With `min_use_days`, the ingredient must have been taken for at least that long before the
    stop (from its first recorded start), so a single dose is not a withdrawal.
    """

    implication: frozenset[Implication]
    min_use_days: int | None = None


@dataclass(frozen=True, slots=True)
class ProblemList:
    """The record holds a problem list covering the window (at least one condition)."""


@dataclass(frozen=True, slots=True)
class FamilyRecorded:
    """The record holds a family history (at least one relative's history)."""


@dataclass(frozen=True, slots=True)
class MedicationCoverage:
    """The record holds medication evidence for the window, all of it resolved."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The latest answer to a questionnaire item (by `author` when given) matches.

    It matches when it holds one of `values` (answer codes or text), or when its number lies in
    [at_least, below). No answer to the item makes the predicate unknown.
    """

    item: str
    values: frozenset[str] = frozenset()
    author: str | None = None
    at_least: float | None = None
    below: float | None = None


MENTION_KINDS = ("affirmed", "uncertain", "negated", "stopped")
"""How a note mentions something: plainly, with doubt, denied, or (a drug) as stopped."""
MENTION_ABOUT = ("patient", "family")


@dataclass(frozen=True, slots=True)
class Mention:
    """A clinical note dated in the window mentions `label` in the way asked.

    `label` is the owning factor's id unless named (`rls`, `rls:leg-cramps`, `drug:<id>`);
    `as_` is affirmed (not negated, uncertain or hypothetical), uncertain, negated, or stopped
    (a drug the sentence says was stopped; without a label, any drug). `about: family` looks at
    mentions about relatives (with `relationship`, a relative named from that ROLECODE set),
    otherwise only at the patient's own. `current` leaves out historical mentions ("quit
    smoking in 2010"). Hypothetical mentions never count. No mention makes it false.
    """

    as_: str
    label: str | None
    about: str = "patient"
    current: bool = False
    relationship: str | None = None


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every item holds."""

    items: tuple[Predicate, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one item holds."""

    items: tuple[Predicate, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The item does not hold."""

    item: Predicate


Predicate = (
    Diagnosis
    | Procedure
    | Lab
    | NoResult
    | Age
    | Exposure
    | Observation
    | NoObservation
    | FamilyHistory
    | OnsetAge
    | Sex
    | Withdrawal
    | ProblemList
    | FamilyRecorded
    | MedicationCoverage
    | Answer
    | Mention
    | AllOf
    | AnyOf
    | Not
)

KINDS = (
    "diagnosis",
    "procedure",
    "lab",
    "no_result",
    "age",
    "exposure",
    "withdrawal",
    "observation",
    "no_observation",
    "family_history",
    "onset_age",
    "sex",
    "problem_list",
    "family_history_recorded",
    "medication_coverage",
    "answer",
    "mention",
    "all",
    "any",
    "not",
)


class MatchError(ValueError):
    """A `match` block breaks the vocabulary; `path` says where."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(message)


def parse_match(raw: Any, path: str, owner: str) -> Predicate:
    """Turn a YAML `match` block into predicates; set names get the owner's prefix.

    >>> lab = parse_match({"lab": {"test": "ferritin", "at_most": 75, "unit": "ng/mL"}}, "m", "x")
    >>> (lab.upper, lab.upper_inclusive, lab.lower)
    (75.0, True, None)
    """
    if not isinstance(raw, dict) or len(raw) != 1:
        raise MatchError(path, f"expected a mapping with exactly one of: {', '.join(KINDS)}")
    ((kind, value),) = raw.items()
    here = f"{path}.{kind}"
    if kind in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise MatchError(here, "expected a non-empty list of conditions")
        items = tuple(parse_match(v, f"{here}[{i}]", owner) for i, v in enumerate(value))
        return AllOf(items) if kind == "all" else AnyOf(items)
    if kind == "not":
        return Not(parse_match(value, here, owner))
    if kind == "diagnosis":
        return _diagnosis(value, here, owner)
    if kind == "procedure":
        spec = _fields(value, here, {"set"}, {"within_days"}, shorthand="set")
        return Procedure(_set(spec["set"], here, owner), _int(spec.get("within_days"), here))
    if kind == "lab":
        return _lab(value, here)
    if kind == "no_result":
        return NoResult(_text(value, here))
    if kind == "age":
        spec = _fields(value, here, set(), {"at_least", "below"})
        if not spec:
            raise MatchError(here, "expected at_least or below (whole years)")
        return Age(_int(spec.get("at_least"), here), _int(spec.get("below"), here))
    if kind in ("exposure", "withdrawal"):
        return _medication(kind, value, here)
    if kind == "observation":
        spec = _fields(value, here, {"set", "values"}, {"within_days"})
        return Observation(
            _set(spec["set"], here, owner),
            _set(spec["values"], here, owner),
            _int(spec.get("within_days"), f"{here}.within_days"),
        )
    if kind == "no_observation":
        return NoObservation(_set(_text(value, here), here, owner))
    if kind == "family_history":
        spec = _fields(value, here, {"set", "relationship"}, set())
        return FamilyHistory(
            _set(spec["set"], here, owner), _set(spec["relationship"], here, owner)
        )
    if kind == "onset_age":
        spec = _fields(value, here, {"set"}, {"at_least", "below"})
        if "at_least" not in spec and "below" not in spec:
            raise MatchError(here, "expected at_least or below (whole years)")
        return OnsetAge(
            _set(spec["set"], here, owner),
            _int(spec.get("at_least"), here),
            _int(spec.get("below"), here),
        )
    if kind == "sex":
        allowed = ("female", "male", "other", "unknown", "missing")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or any(v not in allowed for v in values):
            raise MatchError(here, "expected female, male, other, unknown or missing (or a list)")
        return Sex(frozenset(values))
    if kind in ("problem_list", "medication_coverage", "family_history_recorded"):
        if value is not True:
            raise MatchError(here, "expected `true`")
        if kind == "problem_list":
            return ProblemList()
        return MedicationCoverage() if kind == "medication_coverage" else FamilyRecorded()
    if kind == "answer":
        return _answer(value, here)
    if kind == "mention":
        return _mention(value, here, owner)
    raise MatchError(path, f"unknown condition {kind!r}; expected one of: {', '.join(KINDS)}")


AUTHORS = ("patient", "clinician")


def _answer(value: Any, here: str) -> Answer:
    """`answer: {item: irlssg.urge, values: [yes], author: patient}` or a number bound.

    >>> _answer({"item": "rls.onset-age", "below": 45}, "m").below
    45.0
    """
    spec = _fields(value, here, {"item"}, {"values", "author", "at_least", "below"})
    values = spec.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise MatchError(
            here,
            'values: expected a list of quoted answer codes such as ["yes"] '
            "(YAML reads a bare yes or no as true or false)",
        )
    bounded = "at_least" in spec or "below" in spec
    if bool(values) == bounded:
        raise MatchError(here, "expected values (answer codes) or a bound (at_least, below)")
    author = spec.get("author")
    if author is not None and author not in AUTHORS:
        raise MatchError(here, "author: expected patient or clinician")
    return Answer(
        item=_text(spec["item"], here),
        values=frozenset(values),
        author=author,
        at_least=_number(spec.get("at_least"), f"{here}.at_least"),
        below=_number(spec.get("below"), f"{here}.below"),
    )


def _mention(value: Any, here: str, owner: str) -> Mention:
    """`mention: {as: affirmed}` (the owner's own label) or with label, about, current,
    relationship.

    >>> _mention({"as": "negated", "label": "rls", "about": "family"}, "m", "family-history").label
    'rls'
    >>> _mention({"as": "stopped"}, "m", "opioid-withdrawal").label is None
    True
    """
    spec = _fields(value, here, {"as"}, {"label", "about", "current", "relationship"})
    how = spec["as"]
    if how not in MENTION_KINDS:
        raise MatchError(here, f"as: expected one of: {', '.join(MENTION_KINDS)}")
    about = spec.get("about", "patient")
    if about not in MENTION_ABOUT:
        raise MatchError(here, "about: expected patient or family")
    current = spec.get("current", False)
    if not isinstance(current, bool):
        raise MatchError(here, "current: expected true or false")
    label = _text(spec["label"], f"{here}.label") if "label" in spec else None
    if how == "stopped":
        if label is not None and not label.startswith("drug:"):
            raise MatchError(here, "label: a stopped mention names a drug (drug:<ingredient>)")
        if about == "family":
            raise MatchError(here, "about: a stopped drug is the patient's own")
    elif label is None:
        label = owner
    relationship = spec.get("relationship")
    if relationship is not None:
        if about != "family":
            raise MatchError(here, "relationship: only a mention about family names a relative")
        relationship = _set(relationship, here, owner)
    return Mention(how, label, about, current, relationship)


def _medication(kind: str, value: Any, here: str) -> Exposure | Withdrawal:
    spec = _fields(value, here, set(), {"implication", "ingredients", "min_use_days"})
    default = [
        g.value for g in Implication if g not in (Implication.EXCEPTION, Implication.UNKNOWN)
    ]
    grades = spec.get("implication", default)
    if not isinstance(grades, list) or not grades:
        raise MatchError(here, "implication: expected a list such as [high, moderate]")
    try:
        chosen = frozenset(Implication(g) for g in grades)
    except ValueError:
        allowed = ", ".join(i.value for i in Implication)
        raise MatchError(here, f"implication: expected grades from: {allowed}") from None
    if kind == "withdrawal":
        if "ingredients" in spec:
            raise MatchError(here, "ingredients: only exposure takes a list of ingredients")
        return Withdrawal(chosen, _int(spec.get("min_use_days"), f"{here}.min_use_days"))
    if "min_use_days" in spec:
        raise MatchError(here, "min_use_days: only withdrawal takes a minimum length of use")
    names = spec.get("ingredients", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise MatchError(here, "ingredients: expected a list of ingredient ids")
    if not names and "implication" not in spec:
        raise MatchError(here, "expected implication, ingredients or both")
    return Exposure(chosen, frozenset(names))


def _diagnosis(value: Any, here: str, owner: str) -> Diagnosis:
    keys = {"verification", "state", "within_window", "within_days"}
    spec = _fields(value, here, {"set"}, keys, shorthand="set")
    verification = spec.get("verification", "confirmed")
    if verification not in ("confirmed", "unconfirmed", "refuted"):
        raise MatchError(here, "verification: expected confirmed, unconfirmed or refuted")
    state = spec.get("state", "active")
    if state not in ("active", "abated"):
        raise MatchError(here, "state: expected active or abated")
    within_window = spec.get("within_window", False)
    if not isinstance(within_window, bool):
        raise MatchError(here, "within_window: expected true or false")
    within_days = _int(spec.get("within_days"), f"{here}.within_days")
    if within_window and within_days is not None:
        raise MatchError(here, "give within_window or within_days, not both")
    return Diagnosis(
        _set(spec["set"], here, owner), verification, state, within_window, within_days
    )


def _lab(value: Any, here: str) -> Lab:
    bounds = {"above", "at_least", "below", "at_most"}
    spec = _fields(value, here, {"test", "unit"}, bounds | {"within_days"})
    if not bounds & spec.keys():
        raise MatchError(here, "expected a bound: above, at_least, below or at_most")
    if {"above", "at_least"} <= spec.keys() or {"below", "at_most"} <= spec.keys():
        raise MatchError(here, "give at most one lower bound and one upper bound")
    lower_key = "above" if "above" in spec else "at_least"
    upper_key = "below" if "below" in spec else "at_most"
    return Lab(
        test=_text(spec["test"], here),
        unit=_text(spec["unit"], here),
        lower=_number(spec.get(lower_key), f"{here}.{lower_key}"),
        lower_inclusive=lower_key == "at_least",
        upper=_number(spec.get(upper_key), f"{here}.{upper_key}"),
        upper_inclusive=upper_key == "at_most",
        within_days=_int(spec.get("within_days"), f"{here}.within_days"),
    )


def _fields(
    value: Any, here: str, required: set[str], optional: set[str], shorthand: str | None = None
) -> dict[str, Any]:
    if shorthand is not None and isinstance(value, str):
        return {shorthand: value}
    if not isinstance(value, dict):
        raise MatchError(here, f"expected a mapping with keys {sorted(required | optional)}")
    unknown = value.keys() - required - optional
    if unknown:
        allowed = ", ".join(sorted(required | optional))
        raise MatchError(here, f"unknown key {sorted(unknown)[0]!r}; allowed keys: {allowed}")
    missing = required - value.keys()
    if missing:
        raise MatchError(here, f"missing key {sorted(missing)[0]!r}")
    return dict(value)


def _set(value: Any, here: str, owner: str) -> str:
    name = _text(value, here)
    return name if ":" in name else f"{owner}:{name}"


def _text(value: Any, here: str) -> str:
    if not isinstance(value, str) or not value:
        raise MatchError(here, "expected a non-empty name")
    return value


def _int(value: Any, here: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MatchError(here, "expected a whole number of days or years")
    return value


def _number(value: Any, here: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MatchError(here, "expected a number")
    return float(value)
