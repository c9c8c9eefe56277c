"""Coverage, not a token code each: every input that can express a factor has an entry, or the
factor says plainly why that input cannot express it."""

from __future__ import annotations

import pytest

from ekbom.kb.coverage import coverage_of
from ekbom.kb.load import load_knowledge
from ekbom.kb.schema import InputKind

KNOWLEDGE = load_knowledge()
WRITTEN = [f for f in (*KNOWLEDGE.factors, KNOWLEDGE.rls) if f.item is not None]


@pytest.mark.parametrize("factor", WRITTEN, ids=[f.id for f in WRITTEN])
def test_every_input_kind_has_an_entry_or_a_reason(factor) -> None:  # type: ignore[no-untyped-def]
    assert factor.item is not None
    covered = coverage_of(KNOWLEDGE, factor)
    reasons = factor.item.coverage.not_applicable
    gaps = [kind.value for kind in InputKind if not covered[kind] and kind not in reasons]
    assert not gaps, f"{factor.id}: no entry and no not_applicable reason for {gaps}"
    contradictions = [kind.value for kind in reasons if covered[kind]]
    assert not contradictions, (
        f"{factor.id}: not_applicable given for {contradictions} but entries exist"
    )
