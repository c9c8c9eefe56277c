"""Laboratory templates: random results in the bands between a test's thresholds, and results
on the edges of its rules (one step either side of each threshold, the window's last day and the
day after, two results on one day, comparators, an unknown unit, undated, the same result twice).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ekbom.synth.catalog import Template
from ekbom.synth.rules import step

if TYPE_CHECKING:
    from ekbom.kb.codes import CodeEntry
    from ekbom.synth.builder import Builder


def lab_codes(b: Builder, test: str) -> list[CodeEntry]:
    """The codes of a test in tables/labs.csv."""
    return [e for e in b.k.lab_codes.entries if e.set == test]


def add_labs(
    b: Builder,
    pool: str,
    fid: str,
    test: str,
    bounds: set[float],
    windows: set[int],
    sex: str | None,
) -> None:
    """A test's random results, one template per band between its thresholds; and in the edge
    pools its threshold, window, same-day, comparator, unknown-unit, undated and duplicate
    results."""
    spec = b.k.labs.tests[test]
    span = b.p.labs.get(test)
    codes = lab_codes(b, test)
    if span is None or not codes:
        return
    for entry in codes:
        b.concept(entry.system, entry.code, entry.display or test, "Measurement", "Code")
    fine = min(step(x) for x in {*bounds, span.low, span.high})
    base: dict[str, Any] = {
        "kind": "lab",
        "factor": fid,
        "test": test,
        "unit": spec.unit,
        "sex": sex,
        "subpool": test,
    }
    lab = b.p.timing.lab
    recent = 2 * min(windows) if windows else int(lab.high)
    cuts = sorted({span.low, span.high, *(x for x in bounds if span.low < x < span.high)})
    for entry in codes:
        for back_hi in sorted({recent, int(lab.high)}):
            for band_lo, band_hi in pairwise(cuts):
                b.add(
                    Template(
                        pool=pool,
                        system=entry.system,
                        code=entry.code,
                        display=entry.display or test,
                        value_lo=band_lo,
                        value_hi=band_hi,
                        value_step=fine,
                        back_lo=int(lab.low),
                        back_hi=back_hi,
                        **base,
                    )
                )
    first = codes[0]
    near = min(windows) if windows else int(lab.low)

    def edge(kind: str, value: float | None, back: int, **extra: Any) -> None:
        t = Template(
            pool="edge",
            system=first.system,
            code=first.code,
            display=first.display or test,
            value=value,
            value_lo=span.low if value is None else None,
            value_hi=span.high if value is None else None,
            value_step=fine if value is None else None,
            back_lo=back,
            back_hi=back,
            edge=kind,
            **(base | extra),
        )
        b.add(t)

    worse = -1 if spec.abnormal == "low" else 1
    for threshold in sorted(bounds):
        s = step(threshold)
        for value in (threshold - s, threshold, threshold + s):
            edge("threshold", round(value, 6), near // 2)
        edge(
            "same-day",
            round(threshold - s, 6),
            near // 2,
            value2=round(threshold + s, 6),
            copies=2,
        )
        for w in sorted(windows):
            for back in (w, w + 1):
                edge("window", round(threshold + worse * s, 6), back)
    if bounds:
        edge("comparator", min(bounds), near // 2, comparator="<")
        edge("comparator", max(bounds), near // 2, comparator=">")
    edge("unknown-unit", None, near // 2, unit=b.p.edges.unknown_unit.text)
    if bounds:
        worst = min(bounds) - step(min(bounds)) if worse < 0 else max(bounds) + step(max(bounds))
        edge("after-as-of", round(worst, 6), -1)
    edge("undated", None, 0, dated=False, omop=False)
    edge("duplicate", None, near // 2, copies=2)


# medications ------------------------------------------------------------------------
