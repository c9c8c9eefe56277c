"""Small-cell suppression with complementary suppression, for aggregate reports.

A report shows counts and some sums between them: the total of a row, of a column, of a whole
table, or a count that is split further in another table. A count from 1 to `minimum - 1` is
hidden (primary suppression). So that no hidden count can be worked back by subtraction, more
counts are hidden (complementary suppression), the smallest first, until both hold:

1. **No short line.** For every sum whose total is shown, the total minus the shown parts is 0
   (nothing hidden, or only zeros) or at least `minimum`: one line never gives away a hidden
   count, nor shows that a group of hidden counts is small.
2. **No recoverable count.** No hidden count other than zero is fixed by all the sums together.
   Each sum is a linear equation; a hidden count is recoverable when every solution of the
   system gives it the same value. The audit is exact: Gaussian elimination over the rationals.

Zero is shown as zero, as in the CMS cell size suppression policy and OHDSI practice (counts 1
to 10 are hidden): no person stands behind a zero. A zero may still be hidden as a complement,
and a hidden zero may be recoverable, since it reveals no one. Bounds are not audited (a
hidden count is known to be at least 0), so a combination of sums may narrow a hidden count to
a range; that is what the policy accepts in tables of counts.

>>> hidden = suppress({"a": 3, "b": 40, "c": 25, "all": 68}, [Sum("all", ("a", "b", "c"))], 11)
>>> sorted(hidden)
['a', 'c']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Sum(Generic[K]):
    """A total the reader sees, and the shown or hidden counts that add up to it."""

    total: K
    parts: tuple[K, ...]


def suppress(counts: Mapping[K, int], sums: Sequence[Sum[K]], minimum: int) -> frozenset[K]:
    """The keys of the counts to hide.

    Args:
        counts: every count the report shows or lets the reader derive, by key. Insertion order
            breaks ties between equal counts, so the result is deterministic.
        sums: the additive relations between them that the reader can see.
        minimum: the smallest count that may be shown, besides zero.

    Raises:
        ValueError: a sum names an unknown key, or its parts do not add up to its total.
    """
    _check(counts, sums)
    links = _Links(counts, sums)
    hidden = {key for key, value in counts.items() if 0 < value < minimum}
    while True:
        added = _fill_short_lines(counts, sums, hidden, minimum, links.order)
        touched: set[K] = set(added)
        found = recoverable(counts, sums, hidden)
        for key in sorted(found, key=lambda k: (-links.degree[k], links.order[k])):
            if key not in touched and not touched & links.mates.get(key, set()):
                added |= _complement(key, counts, hidden | added, links)
                touched |= {key, *links.mates.get(key, set())}
        if not added:
            return frozenset(hidden)
        hidden |= added


def recoverable(counts: Mapping[K, int], sums: Sequence[Sum[K]], hidden: Iterable[K]) -> list[K]:
    """The hidden counts other than zero that the sums fix to one value.

    >>> recoverable({"a": 3, "b": 4, "t": 7}, [Sum("t", ("a", "b"))], {"a"})
    ['a']
    >>> recoverable({"a": 3, "b": 4, "t": 7}, [Sum("t", ("a", "b"))], {"a", "b"})
    []
    """
    unknown = set(hidden)
    pivots: dict[K, dict[K, Fraction]] = {}
    for line in sums:
        row = {key: Fraction(1) for key in line.parts if key in unknown}
        if line.total in unknown:
            row[line.total] = row.get(line.total, Fraction(0)) - 1
        _eliminate({key: value for key, value in row.items() if value}, pivots)
    return [key for key in counts if key in pivots and len(pivots[key]) == 1 and counts[key] != 0]


def _eliminate(row: dict[K, Fraction], pivots: dict[K, dict[K, Fraction]]) -> None:
    """Add one equation to a reduced row echelon form kept as {pivot column: row}."""
    for column in [c for c in row if c in pivots]:
        factor = row.get(column, Fraction(0))
        if factor:
            _add(row, pivots[column], -factor)
    if not row:
        return
    column = next(iter(row))
    scale = row[column]
    row = {key: value / scale for key, value in row.items()}
    for other in pivots.values():
        factor = other.get(column, Fraction(0))
        if factor:
            _add(other, row, -factor)
    pivots[column] = row


def _add(target: dict[K, Fraction], row: Mapping[K, Fraction], factor: Fraction) -> None:
    for key, value in row.items():
        result = target.get(key, Fraction(0)) + factor * value
        if result:
            target[key] = result
        else:
            target.pop(key, None)


def _fill_short_lines(
    counts: Mapping[K, int],
    sums: Sequence[Sum[K]],
    hidden: set[K],
    minimum: int,
    order: Mapping[K, int],
) -> set[K]:
    """Hide more counts until every shown total minus its shown parts is 0 or >= minimum."""
    added: set[K] = set()
    for line in sums:
        while line.total not in hidden:
            gap = sum(counts[key] for key in set(line.parts) & hidden)
            if not 0 < gap < minimum:
                break
            shown = [key for key in line.parts if key not in hidden and counts[key] > 0]
            choice = min(shown, key=lambda k: (counts[k], order[k])) if shown else line.total
            hidden.add(choice)
            added.add(choice)
    return added


def _complement(key: K, counts: Mapping[K, int], hidden: set[K], links: _Links[K]) -> set[K]:
    """One more count to hide so that `key` is no longer fixed by the sums.

    The nearest shown count along the sums is taken, the smallest first. A zero (which hides
    no one and so protects little) or a hub (a count in more than two sums, such as a grand
    total) is taken only when no other count is left.
    """
    seen = {key}
    frontier = {key}
    found: list[tuple[bool, int, int, int, K]] = []
    distance = 0
    while frontier and all(hub for hub, *_ in found):
        distance += 1
        reach = {mate for cell in frontier for mate in links.mates.get(cell, ())} - seen
        for cell in reach - hidden:
            last = links.degree[cell] > HUB or counts[cell] == 0
            found.append((last, distance, counts[cell], links.order[cell], cell))
        seen |= reach
        frontier = reach
    return {min(found)[-1]} if found else set()


HUB = 2
"""A count in more sums than this is a hub: hidden only when nothing else will do."""


class _Links(Generic[K]):
    """Which counts share a sum, in how many sums each count is, and the order of the counts."""

    def __init__(self, counts: Mapping[K, int], sums: Sequence[Sum[K]]) -> None:
        self.order = {key: index for index, key in enumerate(counts)}
        self.mates: dict[K, set[K]] = {}
        self.degree: dict[K, int] = dict.fromkeys(counts, 0)
        for line in sums:
            members = {line.total, *line.parts}
            for key in members:
                self.mates.setdefault(key, set()).update(members - {key})
                self.degree[key] += 1


def _check(counts: Mapping[K, int], sums: Sequence[Sum[K]]) -> None:
    for line in sums:
        missing = [key for key in (line.total, *line.parts) if key not in counts]
        if missing:
            raise ValueError(f"a sum names counts that are not given: {missing!r}")
        if len(set(line.parts)) != len(line.parts) or line.total in line.parts:
            raise ValueError(f"the sum for {line.total!r} names a count twice")
        if sum(counts[key] for key in line.parts) != counts[line.total]:
            raise ValueError(f"the parts of {line.total!r} do not add up to it")
