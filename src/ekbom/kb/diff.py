"""What logic changed between two knowledge versions: + added, - removed, ~ changed."""

from __future__ import annotations

from collections.abc import Iterable

from ekbom.kb.codes import CodeEntry
from ekbom.kb.describe import describe
from ekbom.kb.export import concept_sets
from ekbom.kb.knowledge import Factor, Knowledge


def diff_lines(before: Knowledge, after: Knowledge) -> list[str]:
    """Human-readable differences in factors, rules, windows, code sets, ingredients and units."""
    lines: list[str] = []
    if before.version != after.version:
        lines.append(f"~ knowledge_version {before.version} -> {after.version}")
    old = {f.id: f for f in (*before.factors, before.rls)}
    new = {f.id: f for f in (*after.factors, after.rls)}
    for factor_id in sorted(old.keys() | new.keys()):
        lines += _factor(factor_id, old.get(factor_id), new.get(factor_id))
    lines += _sets(before, after)
    lines += _ingredients(before, after)
    lines += _units(before, after)
    return lines


def _rules(factor: Factor | None) -> list[str]:
    if factor is None:
        return []
    return [
        f"{c.rule.status.value}/{c.rule.basis.value} when {describe(c.predicate)}"
        for c in factor.rules
    ]


def _factor(factor_id: str, old: Factor | None, new: Factor | None) -> list[str]:
    lines = []
    if (old is None or old.item is None) and new is not None and new.item is not None:
        lines.append(f"+ factor {factor_id} written")
    if old is not None and old.item is not None and (new is None or new.item is None):
        lines.append(f"- factor {factor_id} removed")
    if old is not None and new is not None and old.item and new.item:
        for key in ("window_days", "evidence_grade", "review_status"):
            a, b = getattr(old.item, key), getattr(new.item, key)
            if a != b:
                lines.append(
                    f"~ {factor_id} {key}: {getattr(a, 'value', a)} -> {getattr(b, 'value', b)}"
                )
    before, after = _rules(old), _rules(new)
    if before != after:
        lines += [f"- {factor_id} rule {r}" for r in before if r not in after]
        lines += [f"+ {factor_id} rule {r}" for r in after if r not in before]
        if set(before) == set(after):
            lines.append(f"~ {factor_id} rules reordered")
    return lines


def _codes(entries: Iterable[CodeEntry]) -> set[str]:
    return {f"{e.system.rsplit('/', 1)[-1]}#{e.code} ({e.match})" for e in entries}


def _sets(before: Knowledge, after: Knowledge) -> list[str]:
    lines = []
    old, new = concept_sets(before), concept_sets(after)
    for name in sorted(old.keys() | new.keys()):
        a, b = _codes(old.get(name, [])), _codes(new.get(name, []))
        lines += [f"- {name} code {c}" for c in sorted(a - b)]
        lines += [f"+ {name} code {c}" for c in sorted(b - a)]
    return lines


def _ingredients(before: Knowledge, after: Knowledge) -> list[str]:
    lines = []
    old, new = before.drugs.rows, after.drugs.rows
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name), new.get(name)
        if a is None:
            lines.append(f"+ ingredient {name}")
            continue
        if b is None:
            lines.append(f"- ingredient {name}")
            continue
        for factor in sorted(a.factors.keys() | b.factors.keys()):
            x, y = a.factors.get(factor), b.factors.get(factor)
            if x != y:
                lines.append(
                    f"~ ingredient {name} {factor}: {x.value if x else 'none'} -> "
                    f"{y.value if y else 'none'}"
                )
        for key in ("persistence_days", "withdrawal_days", "rxcui", "atc"):
            if getattr(a, key) != getattr(b, key):
                lines.append(f"~ ingredient {name} {key}: {getattr(a, key)} -> {getattr(b, key)}")
    return lines


def _units(before: Knowledge, after: Knowledge) -> list[str]:
    old = {(c.test, c.unit): c.multiply for c in before.units.conversions}
    new = {(c.test, c.unit): c.multiply for c in after.units.conversions}
    lines = []
    for key in sorted(old.keys() | new.keys()):
        if old.get(key) != new.get(key):
            lines.append(f"~ unit {key[0]} {key[1]}: {old.get(key)} -> {new.get(key)}")
    return lines
