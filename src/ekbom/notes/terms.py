"""The words note analysis looks for, generated from the knowledge.

Sources, in order of precedence when one phrase has several meanings:
1. `coverage.phrases` of lifestyle factors (caffeine, smoking, alcohol): "caffeine" is the
   habit, not the ingredient row of the same name;
2. ingredient names, salts and brands (tables/ingredients/*.yaml) as `drug:<id>`: a medicine is
   reported as the ingredient, and the engine's ingredient table says which factors it raises;
3. `coverage.phrases` of the other factors and of `rls`, then the extra words of
   tables/note_terms.yaml (factors, rls, mimics as `rls:<id>`, laboratory tests as `lab:<id>`).

A coverage phrase made of a medicine or an RLS word plus context words ("stopped hydralazine",
"family history of RLS") is not a term of its own: the medicine or RLS mention carries the
context as modifiers (`drug_event`, `family`). `ignore` phrases are matched and then dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field

from ekbom.errors import KnowledgeError
from ekbom.kb.knowledge import Knowledge
from ekbom.kb.load import _model, default_path
from ekbom.kb.schema import Citation, Strict
from ekbom.vocab import Category

IGNORE = "ignore"
NOTE_TERMS = "tables/note_terms.yaml"
_WORD = re.compile(r"\w+")
# Short capitalised abbreviations (RLS, IDA, RA, Hb, eGFR) match only as written.
_EXACT_MAX = 5


class TermList(Strict):
    """Extra phrases for one id, with the sources that support them."""

    cite: Annotated[list[str], Field(min_length=1)]
    phrases: Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=1)]


class IgnoreList(Strict):
    """Phrases that contain a term but mean something else."""

    why: Annotated[str, Field(min_length=10)]
    phrases: list[Annotated[str, Field(min_length=2)]]


class NoteTerms(Strict):
    """tables/note_terms.yaml."""

    citations: Annotated[list[Citation], Field(min_length=1)]
    factors: dict[str, TermList] = Field(default_factory=dict)
    rls: TermList
    mimics: dict[str, TermList] = Field(default_factory=dict)
    labs: dict[str, TermList] = Field(default_factory=dict)
    lab_names_before_value: dict[str, list[str]] = Field(default_factory=dict)
    ignore: IgnoreList


@dataclass(frozen=True, slots=True)
class Term:
    """One phrase and the labels it stands for (several for a combination brand).

    `exact` terms match only in the case written; `before_value` terms only when a number
    follows ("Mg 1.4").
    """

    phrase: str
    labels: tuple[str, ...]
    exact: bool = False
    before_value: bool = False


def words(text: str) -> tuple[str, ...]:
    """The lower-case words of a phrase, as the pre-filter and the dedup see them.

    >>> words("Sjögren's syndrome")
    ('sjögren', 's', 'syndrome')
    """
    return tuple(_WORD.findall(text.lower()))


def is_exact(phrase: str) -> bool:
    """Whether a phrase is a short abbreviation matched only as written.

    >>> [is_exact(p) for p in ("RLS", "Ida", "eGFR", "diabetes", "Hb", "Paxil", "etoh")]
    [True, False, True, False, True, False, False]
    """
    letters = [c for c in phrase if c.isalpha()]
    if len(phrase) > _EXACT_MAX or not any(c.isupper() for c in letters):
        return False
    title_word = phrase.isalpha() and phrase[0].isupper() and phrase[1:].islower()
    return not (title_word and len(phrase) >= 3)


def load_note_terms(root: Path | None = None) -> NoteTerms:
    """Read and check tables/note_terms.yaml against the rest of the knowledge."""
    return _model(root or default_path(), NOTE_TERMS, NoteTerms)


def build_terms(knowledge: Knowledge, extra: NoteTerms, cue_words: frozenset[str]) -> list[Term]:
    """Every term, deduplicated by its words (and case for exact terms)."""
    _check(knowledge, extra)
    table: dict[tuple[str, str | None], Term] = {}

    def add(phrase: str, label: str, *, replace: bool = False, before_value: bool = False) -> None:
        exact = is_exact(phrase)
        key = (_spelling(phrase), phrase if exact else None)
        if not words(phrase):
            return
        old = table.get(key)
        if old is None or replace:
            table[key] = Term(phrase, (label,), exact, before_value)
        elif label not in old.labels and _joins(old.labels[0], label):
            table[key] = Term(old.phrase, (*old.labels, label), exact, before_value)

    drug_words = _drug_words(knowledge)
    for row in knowledge.drugs.rows.values():
        for name in [row.id, *row.names, *row.salts, *row.brands]:
            add(name, f"drug:{row.id}")
    rls_words = {words(p) for p in _phrases_of(knowledge.rls)} | {
        words(p) for p in extra.rls.phrases
    }
    for factor in knowledge.factors:
        lifestyle = factor.category is Category.LIFESTYLE
        for phrase in _phrases_of(factor):
            if _decomposes(words(phrase), drug_words | rls_words, cue_words):
                continue
            add(phrase, factor.id, replace=lifestyle)
            for drug in _named_drugs(knowledge, phrase) if not lifestyle else []:
                _also(table, phrase, f"drug:{drug}")
    for phrase in [*_phrases_of(knowledge.rls), *extra.rls.phrases]:
        add(phrase, "rls")
    for factor_id, extra_list in extra.factors.items():
        lifestyle = knowledge.factor(factor_id).category is Category.LIFESTYLE
        for phrase in extra_list.phrases:
            add(phrase, factor_id, replace=lifestyle)
    for mimic, extra_list in extra.mimics.items():
        for phrase in extra_list.phrases:
            add(phrase, f"rls:{mimic}")
    for lab, extra_list in extra.labs.items():
        for phrase in extra_list.phrases:
            add(phrase, f"lab:{lab}")
    for lab, names in extra.lab_names_before_value.items():
        for phrase in names:
            table[(_spelling(phrase) + "#", phrase)] = Term(
                phrase, (f"lab:{lab}",), is_exact(phrase), True
            )
    for phrase in extra.ignore.phrases:
        add(phrase, IGNORE, replace=True)
    return list(table.values())


def _named_drugs(knowledge: Knowledge, phrase: str) -> list[str]:
    """Ingredients whose id, salt or brand (not a looser alias) is among the phrase's words."""
    found = []
    for row in knowledge.drugs.rows.values():
        for name in [row.id, *row.salts, *row.brands]:
            if _contains(words(phrase), words(name)):
                found.append(row.id)
                break
    return found


def _contains(phrase: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return any(phrase[i : i + len(name)] == name for i in range(len(phrase) - len(name) + 1))


def _spelling(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _also(table: dict[tuple[str, str | None], Term], phrase: str, label: str) -> None:
    """Add a medicine to a factor phrase that names it ("carbidopa-levodopa", "worse on
    pramipexole"): the phrase stands for both."""
    key = (_spelling(phrase), phrase if is_exact(phrase) else None)
    old = table[key]
    if label not in old.labels:
        table[key] = Term(old.phrase, (*old.labels, label), old.exact, old.before_value)


def _joins(first: str, label: str) -> bool:
    """Whether a second meaning joins a phrase's first: drugs only join drugs (combination
    brands), and a factor or other word never joins a medicine name."""
    return first.startswith("drug:") == label.startswith("drug:")


def _phrases_of(factor: object) -> list[str]:
    item = getattr(factor, "item", None)
    return list(item.coverage.phrases) if item is not None else []


def _drug_words(knowledge: Knowledge) -> set[tuple[str, ...]]:
    return {
        words(name)
        for row in knowledge.drugs.rows.values()
        for name in [row.id, *row.names, *row.salts, *row.brands]
    }


def _decomposes(
    phrase: tuple[str, ...], heads: set[tuple[str, ...]], cue_words: frozenset[str]
) -> bool:
    """Whether a phrase is context words only ("tapered off", "runs in the family"), or a
    medicine or RLS word plus context words ("stopped hydralazine", "family history of RLS")."""
    if all(word in cue_words for word in phrase):
        return True
    for head in heads:
        for start in range(len(phrase) - len(head) + 1):
            if phrase[start : start + len(head)] == head:
                rest = phrase[:start] + phrase[start + len(head) :]
                if rest and all(word in cue_words for word in rest):
                    return True
    return False


def _check(knowledge: Knowledge, extra: NoteTerms) -> None:
    cited = {c.id for c in extra.citations}
    factor_ids = {f.id for f in knowledge.factors}
    groups: list[tuple[str, dict[str, TermList], set[str]]] = [
        ("factors", extra.factors, factor_ids),
        ("mimics", extra.mimics, set(knowledge.mimics.mimics)),
        ("labs", extra.labs, set(knowledge.labs.tests)),
    ]
    for group, lists, known in groups:
        for key, terms in lists.items():
            if key not in known:
                raise KnowledgeError(
                    NOTE_TERMS, f"{group}.{key}", f"unknown id; use one of {sorted(known)}"
                )
            _check_cites(f"{group}.{key}", terms.cite, cited)
    _check_cites("rls", extra.rls.cite, cited)
    for lab in extra.lab_names_before_value:
        if lab not in knowledge.labs.tests:
            raise KnowledgeError(
                NOTE_TERMS, f"lab_names_before_value.{lab}", "unknown laboratory test id"
            )


def _check_cites(where: str, cites: list[str], cited: set[str]) -> None:
    for cite in cites:
        if cite not in cited:
            raise KnowledgeError(NOTE_TERMS, f"{where}.cite", f"'{cite}' is not in citations")
