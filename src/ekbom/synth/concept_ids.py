"""OMOP concept ids for the codes a synthetic population uses.

A code gets its real OMOP concept id when the Synthea27Nj shard's CONCEPT table holds it (the
committed `concept_ids.csv` beside this module, refreshed with
`python -m ekbom.synth.concept_ids ../shared/data/omop-synthea27nj/CONCEPT.csv`); every other
code gets an id in OMOP's range for local concepts (above 2,000,000,000), numbered in the sorted
order of (vocabulary, code), so the same knowledge always gives the same ids.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

LOCAL_BASE = 2_000_000_000
"""OMOP reserves concept ids above two billion for local (site-made) concepts."""

HERE = Path(__file__).with_name("concept_ids.csv")
COLUMNS = ("vocabulary_id", "concept_code", "concept_id", "concept_name")


@dataclass(frozen=True, slots=True)
class Known:
    """A real concept of the shard."""

    concept_id: int
    name: str


def known_ids(path: Path = HERE) -> dict[tuple[str, str], Known]:
    """The committed real concept ids, by (vocabulary_id, concept_code)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["vocabulary_id"], row["concept_code"]): Known(
                int(row["concept_id"]), row["concept_name"]
            )
            for row in csv.DictReader(handle)
        }


def assign(
    wanted: set[tuple[str, str]], known: dict[tuple[str, str], Known]
) -> dict[tuple[str, str], int]:
    """A concept id for every wanted (vocabulary, code): real where known, else local.

    >>> assign({("LOINC", "x"), ("LOINC", "2276-4")}, {("LOINC", "2276-4"): Known(3001122, "F")})
    {('LOINC', '2276-4'): 3001122, ('LOINC', 'x'): 2000000001}
    """
    ids: dict[tuple[str, str], int] = {}
    local = 0
    for key in sorted(wanted):
        if key in known:
            ids[key] = known[key].concept_id
        else:
            local += 1
            ids[key] = LOCAL_BASE + local
    return ids


def refresh(concept_csv: Path, out: Path = HERE) -> int:
    """Rewrite `concept_ids.csv` from a CDM CONCEPT.csv; returns the rows written."""
    from ekbom.kb.load import load_knowledge
    from ekbom.synth.catalog import build_catalog
    from ekbom.synth.prevalence import load_prevalence

    wanted = build_catalog(load_knowledge(), load_prevalence(), {}).wanted
    rows = []
    with concept_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["vocabulary_id"], row["concept_code"]) in wanted:
                rows.append([row[c] for c in COLUMNS])
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(sorted(rows))
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    print(refresh(Path(sys.argv[1])))
