"""`generate(...)`: one synthetic population, written as OMOP CDM tables, FHIR NDJSON or both."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ekbom.errors import InputError, KnowledgeError


@dataclass(frozen=True, slots=True)
class Written:
    """What was written: rows per OMOP table and resources per FHIR type."""

    omop: dict[str, int] = field(default_factory=dict)
    fhir: dict[str, int] = field(default_factory=dict)


FORMATS = ("omop-parquet", "omop-csv", "fhir-ndjson", "both")


def generate(
    persons: int,
    seed: int,
    out: Path,
    *,
    formats: str = "both",
    as_of: date,
    density: str = "sparse",
    threads: int | None = None,
    knowledge_path: Path | None = None,
) -> Written:
    """Generate `persons` persons from `seed` as of `as_of` into `out` (`omop/`, `fhir/`, and
    `edges.csv`: the persons and facts placed on an edge of the rules, by kind of edge).

    `formats`: omop-parquet, omop-csv, fhir-ndjson or both (Parquet and NDJSON).
    `density`: a key of the prevalence file's `background.per_person` (sparse, synthea).

    Raises:
        InputError: a bad option value (named).
    """
    import duckdb

    from ekbom.kb.load import load_knowledge
    from ekbom.synth.catalog import build_catalog
    from ekbom.synth.concept_ids import known_ids
    from ekbom.synth.fhir import write_fhir
    from ekbom.synth.omop import write_omop
    from ekbom.synth.population import (
        EDGES_SQL,
        check_room,
        create_facts,
        create_persons,
        load_tables,
    )
    from ekbom.synth.prevalence import load_prevalence

    if formats not in FORMATS:
        raise InputError("--format", f"expected one of {', '.join(FORMATS)}, got {formats!r}")
    if persons < 1:
        raise InputError("--persons", f"expected a whole number of at least 1, got {persons}")
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "--out must name a folder, not a file")
    knowledge = load_knowledge(knowledge_path)
    prevalence = load_prevalence(knowledge_path)
    chosen = prevalence.background.per_person.get(density)
    if chosen is None:
        known = ", ".join(sorted(prevalence.background.per_person))
        raise InputError("--density", f"expected one of {known}, got {density!r}")
    try:
        catalog = build_catalog(knowledge, prevalence, known_ids())
        facts_max, edges_max = prevalence.factors.facts_max, prevalence.edges.facts_max
        check_room(len(catalog.shares), facts_max, edges_max, chosen)
    except ValueError as error:
        message = str(error).removeprefix("prevalence.yaml: ")
        raise KnowledgeError("tables/prevalence.yaml", "(file)", message) from None
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"threads": threads or os.cpu_count() or 1})
    con.execute(f"SET temp_directory = '{_quoted(out / '.tmp')}'")
    con.execute("SET preserve_insertion_order = false")
    load_tables(con, catalog, prevalence, persons, seed, as_of)
    create_persons(con)
    create_facts(con)
    omop: dict[str, int] = {}
    fhir: dict[str, int] = {}
    if formats in ("omop-parquet", "omop-csv", "both"):
        omop = write_omop(con, out / "omop", catalog, knowledge, chosen, csv=formats == "omop-csv")
    if formats in ("fhir-ndjson", "both"):
        fhir = write_fhir(con, out / "fhir", chosen)
    edges = str(out / "edges.csv").replace("'", "''")
    con.execute(f"COPY ({EDGES_SQL}) TO '{edges}' (FORMAT csv, HEADER true)")
    con.close()
    return Written(omop=omop, fhir=fhir)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
