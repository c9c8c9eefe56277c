"""Section headings of a note ("FAMILY HISTORY:", "Medications:") and where each section starts.

The headings are medspaCy's default section rules plus the extra ones of language.yaml. Unlike
medspaCy's sectionizer, which matches a heading word anywhere ("consult"), a heading counts
only at the start of a line, followed by a colon or alone on its line.
"""

from __future__ import annotations

import bisect
import functools
import re

from ekbom.notes.language import section_alias, section_headings

_HEADING = re.compile(
    r"^[ \t]*(?:[-*•][ \t]*)?(?P<h>[A-Za-z][A-Za-z0-9 /&()'.-]{0,60}?)[ \t]*(?::|\r?$)",
    re.MULTILINE,
)


@functools.cache
def headings() -> dict[str, str]:
    """Every known heading (lower case, without its colon) to its section category."""
    from medspacy.section_detection import Sectionizer  # type: ignore[import-untyped]
    from spacy.lang.en import English

    table: dict[str, str] = {}
    for rule in Sectionizer(English(), rules="default").rules:
        table[rule.literal.lower().rstrip(":").strip()] = section_alias(rule.category)
    table.update(section_headings())
    return table


class Sections:
    """The sections of one note, to look up the section of any character offset."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.names: list[str] = []
        known = headings()
        for match in _HEADING.finditer(text):
            name = known.get(match.group("h").lower().strip())
            if name is not None:
                self.starts.append(match.start("h"))
                self.names.append(name)

    def at(self, offset: int) -> str | None:
        """The section holding this character offset, if the note has a heading before it."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.names[index] if index >= 0 else None
