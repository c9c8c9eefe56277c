"""Run one synthetic population through both paths and compare, factor by factor.

Python path: each person's NDJSON lines (grouped by the `Patient/ID` they name) go through the
real FHIR reader (`read_fhir_bytes`) and `evaluate`. SQL path: `ekbom cohort OMOP --as-of D`
through the command line, reading `findings.csv`. `compare` pairs the two on every screened
person and factor the SQL path compiles.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from ekbom.engine.evaluate import evaluate
from ekbom.kb.knowledge import Knowledge
from ekbom.sources.fhir.read import read_fhir_bytes

Pair = tuple[str, str]


def patient_of(resource: dict[str, object]) -> str:
    """The person id a resource names (its own id for a Patient)."""
    if resource["resourceType"] == "Patient":
        return str(resource["id"])
    ref = resource.get("subject") or resource.get("patient")
    assert isinstance(ref, dict)
    return str(ref["reference"]).removeprefix("Patient/")


def records(fhir: Path) -> dict[str, list[tuple[str, bytes]]]:
    """Each person's NDJSON lines, per file, as (file name, bytes)."""
    lines: dict[str, dict[str, list[bytes]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(fhir.glob("*.ndjson")):
        for line in path.read_bytes().splitlines():
            if line.strip():
                lines[patient_of(orjson.loads(line))][path.name].append(line)
    return {
        person: [(name, b"\n".join(rows) + b"\n") for name, rows in files.items()]
        for person, files in lines.items()
    }


def python_findings(
    knowledge: Knowledge, fhir: Path, as_of: date, persons: set[str] | None = None
) -> dict[tuple[str, str], Pair]:
    """(person, factor) -> (status, basis) from the engine."""
    out: dict[tuple[str, str], Pair] = {}
    for person, inputs in records(fhir).items():
        if persons is not None and person not in persons:
            continue
        result = evaluate(knowledge, read_fhir_bytes(inputs, person), as_of)
        for finding in result.findings:
            out[(person, finding.factor)] = (finding.status.value, finding.basis.value)
    return out


def cohort_findings(omop: Path, as_of: date, out: Path) -> dict[tuple[str, str], Pair]:
    """(person, factor) -> (status, basis) from `ekbom cohort` (the command line)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ekbom",
            "cohort",
            str(omop),
            "--as-of",
            as_of.isoformat(),
            "--out",
            str(out),
            "--threads",
            "1",
        ],
        check=True,
        capture_output=True,
    )
    with (out / "findings.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["person_id"], row["factor"]): (row["status"], row["basis"])
            for row in csv.DictReader(handle)
        }


@dataclass
class Comparison:
    """Where the two paths agree and differ."""

    compared: int = 0
    agree: set[tuple[str, str, str]] = field(default_factory=set)
    differ: list[tuple[str, str, Pair, Pair]] = field(default_factory=list)


def compare(
    python: dict[tuple[str, str], Pair], sql: dict[tuple[str, str], Pair], skip: set[str]
) -> Comparison:
    """Pair every SQL finding with the engine's, leaving out the factors in `skip`."""
    result = Comparison()
    for (person, factor), got in sorted(sql.items()):
        if factor in skip:
            continue
        expected = python[(person, factor)]
        result.compared += 1
        if expected == got:
            result.agree.add((factor, got[0], got[1]))
        else:
            result.differ.append((person, factor, expected, got))
    return result


def _expressible(predicate: object, factor: str, knowledge: Knowledge) -> bool:
    """Whether facts both forms hold can make the predicate true (see `reachable`)."""
    from ekbom.kb import predicates as p

    match predicate:
        case p.AllOf(items=items):
            return all(_expressible(i, factor, knowledge) for i in items)
        case p.AnyOf(items=items):
            return any(_expressible(i, factor, knowledge) for i in items)
        case p.Not():
            return True
        case p.Diagnosis(verification=verification):
            return verification == "confirmed"
        case p.Exposure(ingredients=named) if named:
            return True
        case p.Exposure(implication=grades) | p.Withdrawal(implication=grades):
            listed = knowledge.drugs.by_factor.get(factor, {})
            return any(grade in grades for grade in listed.values())
    return type(predicate).__name__ in EXPRESSIBLE


EXPRESSIBLE = frozenset(
    {
        "Procedure",
        "Lab",
        "NoResult",
        "Age",
        "Observation",
        "NoObservation",
        "OnsetAge",
        "Sex",
        "ProblemList",
        "MedicationCoverage",
    }
)
"""Leaf kinds that facts both forms hold can satisfy (besides the cases matched above);
questionnaire answers, note mentions and family history are in neither generated form."""


def reachable(knowledge: Knowledge, factor: str) -> set[str]:
    """The statuses a factor can take from facts both forms hold: those of rules whose
    predicates such facts can satisfy (no questionnaire answer, no unconfirmed diagnosis, no
    family history), and unknown."""
    found = {"unknown"}
    for compiled in knowledge.factor(factor).rules:
        if _expressible(compiled.predicate, factor, knowledge):
            found.add(compiled.rule.status.value)
    return found


EXPLAINED: dict[str, str] = {}
"""Person-level edges (edges.csv) on which the two paths may differ for age-dependent factors,
with the cause. Empty: a year-only birth date once differed (an interval in SQL, 1 January in
Python); both paths now read it as 1 January (CONTRACT.md, partial dates)."""


def reads_age(knowledge: Knowledge, factor: str) -> bool:
    """Whether a factor's rules read the age or the age at onset."""
    from ekbom.kb.predicates import Age, OnsetAge
    from ekbom.synth.rules import walk

    return any(
        isinstance(leaf, Age | OnsetAge)
        for rule in knowledge.factor(factor).rules
        for leaf in walk(rule.predicate)
    )


def explained(
    difference: tuple[str, str, tuple[str, str], tuple[str, str]],
    edges: dict[str, set[str]],
    knowledge: Knowledge,
) -> str | None:
    """The EXPLAINED key that accounts for a difference, if any."""
    person, factor, _, _ = difference
    for edge in edges.get(person, set()) & set(EXPLAINED):
        if reads_age(knowledge, factor):
            return edge
    return None


def person_edges(path: Path) -> dict[str, set[str]]:
    """Each person's edges from the generator's `edges.csv`."""
    edges: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            edges.setdefault(row["person_id"], set()).add(row["edge"])
    return edges
