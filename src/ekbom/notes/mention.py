"""What note analysis hands to the rest of ekbom: one `NoteMention` per matched span.

This module imports nothing heavy, so readers and the engine can use the type without spaCy.
The mention's `text` is patient data: never log it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NoteMention:
    """One mention found in a note.

    `label` says what was mentioned, in ekbom's ids:
    a factor id (`diabetes`), `rls`, a mimic `rls:<mimic id>`, a drug `drug:<ingredient id>`
    (ids of the knowledge's ingredient tables) or a laboratory test `lab:<test id>`
    (ids of tables/labs.yaml). `start`/`end` are character offsets in the note text.

    The ConText modifiers say how it was mentioned. `drug_event` is `start` or `stop` when the
    sentence says the drug was started or stopped; `days_ago` is the relative time the sentence
    gives ("three days ago" -> 3), if any. `value`, `unit` and `comparator` carry a result given
    in the text ("ferritin 22 last month").
    """

    label: str
    start: int
    end: int
    text: str
    negated: bool = False
    family: bool = False
    historical: bool = False
    hypothetical: bool = False
    uncertain: bool = False
    section: str | None = None
    drug_event: str | None = None
    days_ago: int | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
