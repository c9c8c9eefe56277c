"""Relative times ("three days ago") and results ("ferritin <10 ng/mL") written in a note."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ekbom.notes.language import language


@dataclass(frozen=True, slots=True)
class Result:
    """A number written after a test's name, with its comparator and unit if given."""

    value: float
    unit: str | None
    comparator: str | None


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _time_pattern() -> re.Pattern[str]:
    spec = language()["time"]
    number = rf"(?P<n>\d+|{_alternatives(list(spec['numbers']))})"
    unit = rf"(?P<u>{_alternatives(list(spec['units']))})"
    after = _alternatives(spec["after"])
    fixed = rf"(?P<f>{_alternatives(list(spec['fixed']))})"
    return re.compile(rf"\b(?:{number}\s*-?\s*{unit}\s+(?:{after})|{fixed})\b", re.IGNORECASE)


def relative_times(text: str) -> list[tuple[int, int, int]]:
    """Each relative time in the text as (start, end, days ago).

    >>> relative_times("Stopped hydralazine three days ago; ferritin 22 last month.")
    [(20, 34, 3), (48, 58, 30)]
    >>> relative_times("quit 15 years ago, in 2010, a few weeks ago")
    [(5, 17, 5475)]
    """
    spec = language()["time"]
    found = []
    for match in _time_pattern().finditer(text):
        if match.group("f"):
            found.append((match.start(), match.end(), spec["fixed"][match.group("f").lower()]))
            continue
        raw = match.group("n").lower()
        count = int(raw) if raw.isdigit() else spec["numbers"][raw]
        if count is not None:
            days = count * spec["units"][match.group("u").lower()]
            found.append((match.start(), match.end(), days))
    return found


@functools.cache
def _value_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    spec = language()["value"]
    between = _alternatives([w for w in spec["between"] if w.isalpha()])
    signs = "".join(re.escape(w) for w in spec["between"] if not w.isalpha())
    comparator = _alternatives(list(spec["comparators"]))
    unit = _alternatives([*units, *spec["extra_units"]])
    return re.compile(
        rf"(?:\s*(?:\b(?:{between})\b|[{signs}]))*\s*(?P<c>{comparator})?\s*"
        rf"(?P<v>\d+(?:\.\d+)?)(?![\d/])(?:\s*(?P<u>{unit})(?=$|[\s,.;:)]))?",
        re.IGNORECASE,
    )


def read_result(text: str, start: int, units: tuple[str, ...]) -> Result | None:
    """The result written right after position `start` (the end of a test's name), if any.

    >>> read_result("Ferritin <10 ng/mL", 8, ("ng/mL",))
    Result(value=10.0, unit='ng/mL', comparator='<')
    >>> read_result("ferritin came back at 35 ng/mL.", 8, ("ng/mL",))
    Result(value=35.0, unit='ng/mL', comparator=None)
    >>> read_result("ferritin and TSH", 8, ("ng/mL",)) is None
    True
    """
    match = _value_pattern(units).match(text, start)
    if match is None:
        return None
    comparators: dict[str, str] = language()["value"]["comparators"]
    raw = match.group("c")
    return Result(
        value=float(match.group("v")),
        unit=match.group("u"),
        comparator=comparators[raw.lower()] if raw else None,
    )
