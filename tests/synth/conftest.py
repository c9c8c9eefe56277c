"""One small synthetic population per test session, in every form, shared by the synth tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from ekbom.kb.knowledge import Knowledge
from ekbom.kb.load import load_knowledge
from ekbom.synth.generate import Written, generate

AS_OF = date(2025, 1, 1)
PERSONS = 600
SEED = 11


@dataclass(frozen=True)
class Population:
    """A generated population: where it was written and what was counted."""

    out: Path
    written: Written
    persons: int
    seed: int
    as_of: date

    @property
    def omop(self) -> Path:
        return self.out / "omop"

    @property
    def fhir(self) -> Path:
        return self.out / "fhir"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> Population:
    out = tmp_path_factory.mktemp("synth") / "pop"
    written = generate(PERSONS, SEED, out, formats="both", as_of=AS_OF, threads=1)
    return Population(out, written, PERSONS, SEED, AS_OF)
