"""Concept sets: which codes belong to which named set, with ICD-10-CM prefixes and exclusions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ekbom.facts import Code
from ekbom.vocab import System


def normalise(system: str, code: str) -> str:
    """Codes as compared: ICD-10-CM without its dot and in capitals, others stripped.

    >>> normalise("http://hl7.org/fhir/sid/icd-10-cm", "g25.81")
    'G2581'
    """
    code = code.strip()
    if system == System.ICD10CM:
        return code.replace(".", "").upper()
    return code


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One row of a codes.csv: a code in a set, how it matches, and whether it was verified."""

    set: str
    system: str
    code: str
    display: str
    match: str
    verified_source: str | None
    verified_date: str | None
    retired_in: str | None
    file: str
    note: str | None = None


class CodeIndex:
    """Answers "which sets does this code belong to?" in time proportional to the code's length."""

    def __init__(self, entries: Iterable[CodeEntry]) -> None:
        self.entries: list[CodeEntry] = list(entries)
        self._exact: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._prefix: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._exclude: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.sets: set[str] = set()
        for entry in self.entries:
            key = (entry.system, normalise(entry.system, entry.code))
            table = {"exact": self._exact, "prefix": self._prefix, "exclude": self._exclude}
            table[entry.match][key].add(entry.set)
            self.sets.add(entry.set)
        self._cache: dict[tuple[str, str], frozenset[str]] = {}

    def sets_of(self, code: Code) -> frozenset[str]:
        """The names of the sets the code belongs to (empty when none)."""
        key = (code.system, code.code)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        norm = normalise(code.system, code.code)
        found = set(self._exact.get((code.system, norm), ()))
        excluded: set[str] = set()
        if self._prefix or self._exclude:
            for end in range(1, len(norm) + 1):
                stem = (code.system, norm[:end])
                found |= self._prefix.get(stem, set())
                excluded |= self._exclude.get(stem, set())
        result = frozenset(found - excluded)
        self._cache[key] = result
        return result

    def sets_of_any(self, codes: Iterable[Code]) -> frozenset[str]:
        """The union of the sets of several codings of one concept."""
        found: frozenset[str] = frozenset()
        for code in codes:
            found |= self.sets_of(code)
        return found
