"""Medication templates: a local clinical drug per ingredient of the knowledge, linked to the
ingredient ('RxNorm has ing'), with the stop dates that put it on either side of each rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ekbom.synth.catalog import DRUG_SYSTEM, LOCAL_DRUGS, Template

if TYPE_CHECKING:
    from ekbom.synth.builder import Builder
    from ekbom.synth.rules import Needs


def drug_name(b: Builder, ingredient: str) -> str:
    """A name of the ingredient that the knowledge reads as this ingredient alone."""
    row = b.k.drugs.rows[ingredient]
    for name in [*row.salts, row.id, *row.names, *row.brands]:
        if b.k.drugs.names_in(name) == {ingredient}:
            return name
    return row.id


def add_drugs(b: Builder, pool: str, fid: str, ingredient: str, needs: Needs) -> None:
    """An ingredient's clinical drug at random times, taken now, stopped recently (withdrawal
    factors), and on the edges: one day either side of its persistence, of the withdrawal
    window and of the minimum length of use, and undated (FHIR only)."""
    row = b.k.drugs.rows[ingredient]
    name = drug_name(b, ingredient)
    code = f"ekbom-{ingredient.replace(' ', '-')}"
    found = b.k.drugs.names_in(name) | {ingredient}
    for each in sorted(found):
        b.c.has_ing.add((f"local:{code}", each))
    b.c.names[(LOCAL_DRUGS, code)] = (name, "Drug", "Clinical Drug")
    timing = b.p.timing
    grade = b.k.drugs.by_factor.get(fid, {}).get(ingredient)
    base: dict[str, Any] = {
        "kind": "drug",
        "system": DRUG_SYSTEM,
        "code": code,
        "display": name,
        "factor": fid,
        "subpool": grade.value if grade is not None else "named",
    }
    b.add(
        Template(
            pool=pool,
            back_lo=int(timing.drug_start.low),
            back_hi=int(timing.drug_start.high),
            length_lo=int(timing.drug_length.low),
            length_hi=int(timing.drug_length.high),
            **base,
        )
    )
    length = int(timing.drug_length.high)
    b.add(
        Template(
            pool=pool, back_lo=0, back_hi=length, length_lo=length, length_hi=2 * length, **base
        )
    )

    def edge(kind: str, end_back: int, days: int, **extra: Any) -> None:
        b.add(
            Template(
                pool="edge",
                back_lo=end_back + days,
                back_hi=end_back + days,
                length_lo=days,
                length_hi=days,
                edge=kind,
                **(base | {"resource": "MedicationRequest"} | extra),
            )
        )

    persistence = row.persistence_days
    if needs.withdrawal:
        window = row.withdrawal_days.get(fid, needs.window or 0)
        course = length + max((m or 0 for m in needs.withdrawal), default=0)
        b.add(
            Template(
                pool=pool,
                back_lo=course,
                back_hi=course + persistence + 2 * window,
                length_lo=course,
                length_hi=course,
                **base,
            )
        )
    for delta in (-1, 0, 1):
        edge("persistence", persistence + delta, length)
    if needs.withdrawal:
        window = row.withdrawal_days.get(fid, needs.window or 0)
        longest = max((m or 0 for m in needs.withdrawal), default=0)
        for delta in (-1, 0, 1):
            edge("withdrawal", persistence + window + delta, length + longest)
        for least in sorted(m for m in needs.withdrawal if m):
            for days in (least - 1, least):
                edge("min-use", persistence + 1, days)
    edge("undated", 0, length, dated=False, omop=False, resource="MedicationStatement")
