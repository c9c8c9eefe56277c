"""The ingredient table as an index: codes and names of a medication to its ingredients."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ekbom.facts import MedicationFact
from ekbom.kb.schema import IngredientRow, RouteTable
from ekbom.limits import RESOLVE_CACHE_SIZE
from ekbom.vocab import Implication, System

_WORD = re.compile(r"[a-z0-9]+")
# A strength as RxNorm clinical-drug names write it ("25 MG", "0.5 MG/ML", "10 UNT/ML").
_STRENGTH = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|ug|g|ml|unt|meq|%|mg/ml|mmol)\b", re.I)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a medication is made of, as far as the knowledge can tell.

    `ingredients` are ingredient ids of the table; `resolved` is False when the medication could
    not be read at all (so a factor cannot be called absent); `systemic` is False for topical,
    ophthalmic and similar forms, which never count as exposure.
    """

    ingredients: tuple[str, ...]
    resolved: bool
    systemic: bool


class DrugIndex:
    """Look-ups from RxCUI, ATC code, generic, salt and brand names to ingredient ids."""

    def __init__(self, rows: list[IngredientRow], routes: RouteTable) -> None:
        self.rows: dict[str, IngredientRow] = {row.id: row for row in rows}
        self._resolved: dict[tuple[object, ...], Resolution] = {}
        self._by_rxcui: dict[str, str] = {}
        self._by_atc: dict[str, str] = {}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            if row.rxcui:
                self._by_rxcui[row.rxcui] = row.id
            for atc in row.atc:
                self._by_atc[atc] = row.id
            for name in [row.id, *row.names, *row.salts, *row.brands]:
                self._by_name[_words(name)].add(row.id)
        self._longest = max(len(name.split()) for name in self._by_name)
        self._route_codes = set(routes.non_systemic_route_codes)
        self._dose_forms = {_words(form) for form in routes.dose_forms}
        self._form_longest = max(len(form.split()) for form in self._dose_forms)
        self._route_words = {_words(word) for word in routes.non_systemic_words}
        self._route_longest = max(len(word.split()) for word in self._route_words)
        self.by_factor: dict[str, dict[str, Implication]] = defaultdict(dict)
        for row in rows:
            for factor, grade in row.factors.items():
                self.by_factor[factor][row.id] = grade

    def resolve(self, medication: MedicationFact) -> Resolution:
        """Find the ingredients of one medication fact (remembered per description)."""
        key = (medication.codes, medication.text, medication.routes)
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= RESOLVE_CACHE_SIZE:
                self._resolved.clear()
            found = self._resolved[key] = self._resolve(medication)
        return found

    def _resolve(self, medication: MedicationFact) -> Resolution:
        found: set[str] = set()
        for code in medication.codes:
            if code.system == System.RXNORM and code.code in self._by_rxcui:
                found.add(self._by_rxcui[code.code])
            elif code.system == System.ATC and code.code in self._by_atc:
                found.add(self._by_atc[code.code])
        texts = [medication.text or ""] + [c.display or "" for c in medication.codes]
        for text in texts:
            found |= self.names_in(text)
        # Only an RxNorm coding's display is an RxNorm name, which starts with its ingredients;
        # free text with a strength and a form may be an unknown brand ("Irenka 30 MG ...").
        readable = any(
            self._clinical_drug_name(c.display)
            for c in medication.codes
            if c.system == System.RXNORM and c.display
        )
        return Resolution(
            ingredients=tuple(sorted(found)),
            resolved=bool(found) or readable,
            systemic=self._systemic(medication, texts),
        )

    def _clinical_drug_name(self, text: str) -> bool:
        """Whether the text reads as an RxNorm clinical-drug name: a strength and a dose form.

        Such names begin with their ingredients, so a name the table lacks is a drug outside
        ekbom's concern; a bare brand with a dose ("Unisom 25 mg") stays unresolved.
        """
        if not _STRENGTH.search(text):
            return False
        return any(p in self._dose_forms for p in _phrases(text, self._form_longest))

    def names_in(self, text: str) -> set[str]:
        """Ingredient ids whose generic, salt or brand name occurs in the text, word for word.

        >>> from ekbom.kb.load import load_knowledge
        >>> sorted(load_knowledge().drugs.names_in("Tylenol PM Extra Strength Caplets"))
        ['diphenhydramine']
        """
        found: set[str] = set()
        for phrase in _phrases(text, self._longest):
            hit = self._by_name.get(phrase)
            if hit:
                found |= hit
        return found

    def _systemic(self, medication: MedicationFact, texts: list[str]) -> bool:
        if any(route in self._route_codes for route in medication.routes):
            return False
        for text in [*medication.routes, *texts]:
            if any(p in self._route_words for p in _phrases(text, self._route_longest)):
                return False
        return True


def _phrases(text: str, longest: int) -> list[str]:
    """Every run of one to `longest` consecutive words of the text, lower-cased."""
    words = _WORD.findall(text.lower())
    return [
        " ".join(words[start : start + size])
        for start in range(len(words))
        for size in range(1, min(longest, len(words) - start) + 1)
    ]


def _words(name: str) -> str:
    return " ".join(_WORD.findall(name.lower()))
