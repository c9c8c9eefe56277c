"""The English cue words of language.yaml: ConText cues, relative times, results, headings.

Nothing here is clinical: negation words, calendar units and the words between a test's name
and its result. This module imports no spaCy, so the pre-filter and tests can use it cheaply.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

CATEGORIES = frozenset(
    {"NEGATED", "POSSIBLE", "HYPOTHETICAL", "HISTORICAL", "FAMILY", "STARTED", "STOPPED"}
)
_ALTERNATIVES = re.compile(r"\[([^\]]+)\]|(\S+)")
JOIN = "+"
"""Joins the categories of one cue that says two things ("NEGATED+FAMILY")."""


def categories_of(category: str) -> tuple[str, ...]:
    """The categories a cue's category stands for.

    >>> categories_of("NEGATED+FAMILY")
    ('NEGATED', 'FAMILY')
    """
    return tuple(category.split(JOIN))


def is_modifier(category: str) -> bool:
    """Whether a cue category changes what a mention means (not TERMINATE or PSEUDO)."""
    return all(part in CATEGORIES for part in categories_of(category))


@dataclass(frozen=True, slots=True)
class Cue:
    """One ConText cue written out: its literal words, category, direction and reach."""

    literal: str
    category: str
    direction: str
    max_scope: int | None


@functools.cache
def language() -> dict[str, Any]:
    """language.yaml, read once."""
    text = resources.files("ekbom.notes").joinpath("language.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def expand(pattern: str) -> list[str]:
    """Every literal a cue pattern stands for.

    >>> expand("[is|was] [negative|neg] for")
    ['is negative for', 'is neg for', 'was negative for', 'was neg for']
    """
    parts = []
    for match in _ALTERNATIVES.finditer(pattern):
        parts.append(match.group(1).split("|") if match.group(1) else [match.group(2)])
    return [" ".join(words) for words in itertools.product(*parts)]


@functools.cache
def cues() -> tuple[Cue, ...]:
    """Every ConText cue of language.yaml, expanded."""
    scopes: dict[str, int] = language()["max_scope"]
    found: list[Cue] = []
    for category, directions in language()["context"].items():
        for direction, patterns in directions.items():
            for pattern in patterns:
                scope = scopes.get(pattern)
                found.extend(Cue(lit, category, direction, scope) for lit in expand(pattern))
    return tuple(found)


@functools.cache
def cue_words() -> frozenset[str]:
    """The words of cues that change what a mention means (not TERMINATE or PSEUDO).

    Used to tell a knowledge phrase such as "stopped hydralazine" (a cue and a medicine) from
    a term of its own.
    """
    skip = {"TERMINATE", "PSEUDO"}
    words = {
        word
        for cue in cues()
        if cue.category not in skip
        for word in re.findall(r"\w+", cue.literal.lower())
    }
    return frozenset(words | {"has", "have", "had", "with", "of", "in", "the", "a"})


@functools.cache
def section_headings() -> dict[str, str]:
    """Extra section headings (lower case, no colon) to medspaCy's categories."""
    return {
        heading.lower(): category
        for category, headings in language()["sections"].items()
        for heading in headings
    }


def section_alias(category: str) -> str:
    """ekbom's name for a medspaCy section category."""
    aliases: dict[str, str] = language()["section_aliases"]
    return aliases.get(category, category)
