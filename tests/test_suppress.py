"""Small-cell suppression: counts 1-10 never shown, never recoverable from the totals shown.

The audit here is independent of `ekbom.cohort.suppress`: it uses numpy's rank to decide
whether the shown sums fix a hidden count (a count is fixed when dropping its column from the
system over the hidden counts lowers the rank).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekbom.cohort.suppress import Sum, recoverable, suppress

MINIMUM = 11
# Small counts are common in real tables and are what the rule is about.
COUNT = st.one_of(st.integers(0, 12), st.integers(0, 60), st.integers(0, 2_000))


def _table(cells: list[list[int]]) -> tuple[dict[Hashable, int], list[Sum[Hashable]]]:
    """A two-way table with its row totals, column totals and grand total, all shown."""
    counts: dict[Hashable, int] = {}
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            counts[r, c] = value
    rows, cols = len(cells), len(cells[0])
    sums: list[Sum[Hashable]] = []
    for r in range(rows):
        counts["row", r] = sum(cells[r])
        sums.append(Sum(("row", r), tuple((r, c) for c in range(cols))))
    for c in range(cols):
        counts["col", c] = sum(row[c] for row in cells)
        sums.append(Sum(("col", c), tuple((r, c) for r in range(rows))))
    counts["all"] = sum(map(sum, cells))
    sums.append(Sum("all", tuple(("row", r) for r in range(rows))))
    sums.append(Sum("all", tuple(("col", c) for c in range(cols))))
    return counts, sums


def _fixed_by_rank(
    counts: Mapping[Hashable, int], sums: Sequence[Sum[Hashable]], hidden: frozenset[Hashable]
) -> list[Hashable]:
    """Hidden counts other than zero that the sums determine (independent numpy audit)."""
    columns = [key for key in counts if key in hidden]
    if not columns:
        return []
    index = {key: i for i, key in enumerate(columns)}
    matrix = np.zeros((len(sums), len(columns)))
    for row, line in enumerate(sums):
        for key in line.parts:
            if key in index:
                matrix[row, index[key]] += 1
        if line.total in index:
            matrix[row, index[line.total]] -= 1
    rank = np.linalg.matrix_rank(matrix)
    return [
        key
        for key in columns
        if counts[key] and np.linalg.matrix_rank(np.delete(matrix, index[key], axis=1)) < rank
    ]


def _assert_safe(
    counts: Mapping[Hashable, int], sums: Sequence[Sum[Hashable]], hidden: frozenset[Hashable]
) -> None:
    for key, value in counts.items():
        if 0 < value < MINIMUM:
            assert key in hidden, f"{key!r} = {value} is shown"
    for line in sums:
        if line.total in hidden:
            continue
        gap = counts[line.total] - sum(counts[k] for k in line.parts if k not in hidden)
        assert not 0 < gap < MINIMUM, f"{line.total!r} minus its shown parts gives {gap}"
        alone = [k for k in line.parts if k in hidden]
        assert len(alone) != 1 or counts[alone[0]] == 0, f"{alone[0]!r} is alone in its line"
    assert not _fixed_by_rank(counts, sums, hidden)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda cols: st.lists(st.lists(COUNT, min_size=cols, max_size=cols), min_size=1, max_size=6)
    )
)
def test_no_shown_total_minus_shown_cells_ever_reveals_a_count_from_1_to_10(
    cells: list[list[int]],
) -> None:
    counts, sums = _table(cells)
    hidden = suppress(counts, sums, MINIMUM)
    _assert_safe(counts, sums, hidden)


@st.composite
def _hierarchy(draw: st.DrawFn) -> tuple[dict[Hashable, int], list[Sum[Hashable]]]:
    """A total split into parts, some parts split again, and a second split of the same total
    (the way the cohort report splits the screened pairs by status, by age and by sex)."""
    counts: dict[Hashable, int] = {}
    sums: list[Sum[Hashable]] = []

    def split(key: Hashable, depth: int) -> int:
        if depth == 0 or draw(st.booleans()):
            counts[key] = draw(COUNT)
            return counts[key]
        width = draw(st.integers(1, 4))
        parts = [(key, i) for i in range(width)]
        counts[key] = sum(split(part, depth - 1) for part in parts)
        sums.append(Sum(key, tuple(parts)))
        return counts[key]

    total = split("top", 3)
    if total:
        first, second = (draw(st.integers(0, total)) for _ in range(2))
        counts["a1"], counts["a2"] = first, total - first
        counts["b1"], counts["b2"] = second, total - second
        sums += [Sum("top", ("a1", "a2")), Sum("top", ("b1", "b2"))]
    return counts, sums


@settings(max_examples=150, deadline=None)
@given(_hierarchy())
def test_nested_and_crossed_sums_never_give_a_small_count_away(
    problem: tuple[dict[Hashable, int], list[Sum[Hashable]]],
) -> None:
    counts, sums = problem
    hidden = suppress(counts, sums, MINIMUM)
    _assert_safe(counts, sums, hidden)


def test_one_small_count_in_a_row_takes_the_next_smallest_with_it() -> None:
    counts = {"a": 3, "b": 40, "c": 25, "row": 68}
    assert suppress(counts, [Sum("row", ("a", "b", "c"))], MINIMUM) == {"a", "c"}


def test_two_small_counts_whose_sum_is_small_take_a_third_with_them() -> None:
    counts = {"a": 3, "b": 4, "c": 25, "d": 90, "row": 122}
    hidden = suppress(counts, [Sum("row", ("a", "b", "c", "d"))], MINIMUM)
    assert hidden == {"a", "b", "c"}


def test_a_row_of_small_counts_hides_its_total_too() -> None:
    counts = {"a": 3, "b": 4, "row": 7}
    assert suppress(counts, [Sum("row", ("a", "b"))], MINIMUM) == {"a", "b", "row"}


def test_zero_is_shown_and_is_never_taken_as_the_first_complement() -> None:
    counts = {"a": 0, "b": 5, "c": 0, "d": 30, "row": 35}
    hidden = suppress(counts, [Sum("row", ("a", "b", "c", "d"))], MINIMUM)
    assert hidden == {"b", "d"}


def test_counts_of_11_and_more_with_no_small_neighbour_are_all_shown() -> None:
    counts, sums = _table([[11, 12], [40, 500]])
    assert suppress(counts, sums, MINIMUM) == frozenset()


def test_a_two_way_table_hides_a_rectangle_not_a_lone_cell() -> None:
    counts, sums = _table([[4, 50, 60], [70, 80, 90], [30, 20, 25]])
    hidden = suppress(counts, sums, MINIMUM)
    assert (0, 0) in hidden
    assert sum(1 for key in hidden if key in {(0, 1), (0, 2)}) >= 1
    assert sum(1 for key in hidden if key in {(1, 0), (2, 0)}) >= 1
    assert not _fixed_by_rank(counts, sums, hidden)


def test_the_audit_finds_a_count_fixed_by_two_lines_together() -> None:
    # x + y = 20 (row) and y = 12 shown: x is fixed even though its row has two entries.
    counts = {"x": 8, "y": 12, "row": 20, "z": 12, "col": 24}
    sums = [Sum("row", ("x", "y")), Sum("col", ("y", "z"))]
    assert recoverable(counts, sums, {"x", "row"}) == []
    assert recoverable(counts, sums, {"x"}) == ["x"]


def test_the_result_does_not_depend_on_anything_but_its_input() -> None:
    counts, sums = _table([[3, 50, 7], [70, 2, 90], [30, 20, 25]])
    assert suppress(counts, sums, MINIMUM) == suppress(dict(counts), list(sums), MINIMUM)


@pytest.mark.parametrize(
    ("counts", "sums", "words"),
    [
        ({"a": 1, "t": 2}, [Sum("t", ("a",))], "do not add up"),
        ({"a": 1}, [Sum("t", ("a",))], "not given"),
        ({"a": 1, "t": 2}, [Sum("t", ("a", "a"))], "twice"),
    ],
)
def test_inconsistent_sums_are_refused(
    counts: dict[str, int], sums: list[Sum[str]], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        suppress(counts, sums, MINIMUM)
