"""The loaded knowledge base: validated items, compiled rules and look-up indexes."""

from __future__ import annotations

from dataclasses import dataclass

from ekbom.kb.codes import CodeIndex
from ekbom.kb.drugs import DrugIndex
from ekbom.kb.predicates import Predicate
from ekbom.kb.schema import (
    FactorItem,
    LabTable,
    Messages,
    MimicTable,
    RegistryEntry,
    Rule,
    WarningTable,
    WorkupTable,
)
from ekbom.kb.units import UnitTable
from ekbom.vocab import Category


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its `match` parsed into predicates."""

    rule: Rule
    predicate: Predicate


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor: its registry entry, and (once written) its item and compiled rules."""

    entry: RegistryEntry
    item: FactorItem | None
    rules: tuple[CompiledRule, ...]

    @property
    def id(self) -> str:
        """The contract's factor id."""
        return self.entry.id

    @property
    def category(self) -> Category:
        """The contract's category."""
        return self.entry.category


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the engine needs, loaded once and shared read-only."""

    version: str
    factors: tuple[Factor, ...]
    rls: Factor
    codes: CodeIndex
    lab_codes: CodeIndex
    labs: LabTable
    units: UnitTable
    drugs: DrugIndex
    workup: WorkupTable
    warnings: WarningTable
    mimics: MimicTable
    messages: Messages

    def factor(self, factor_id: str) -> Factor:
        """The factor with this id.

        Raises:
            KeyError: no such factor.
        """
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(factor_id)
