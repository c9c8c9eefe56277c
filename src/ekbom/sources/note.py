"""Clinical notes as facts: the mentions of note analysis, and what some of them record.

Every mention becomes a `MentionFact` (source `note:FILE#char=START-END`, or
`DocumentReference/ID#char=START-END`), dated on the note's date. Three kinds also become the
facts the rules already read:

- a drug the patient takes (affirmed, not historical) is a medication from the note's date (or
  `days_ago` before it when the sentence says it was started then), open-ended, whose duration
  is unknown: it shows use, never proves that use stopped, and never lets a medication factor
  be called absent; a drug the sentence says was stopped ends on the note's date less
  `days_ago` (how long it had been taken is not known unless the sentence says);
- a laboratory value ("ferritin 22 ng/mL last month") is a result with the test's LOINC code,
  dated `days_ago` before the note;
- a condition a relative has ("mother has RLS") is a family history, with the relatives the
  sentence names (RoleCode codings of the knowledge), else "family member".

Hypothetical, negated and uncertain mentions stay mentions only. Note text is patient data: it
is never logged and never kept beyond the analysis.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ekbom.errors import InputError
from ekbom.facts import (
    NOTE_KIND,
    Code,
    Facts,
    FamilyHistoryFact,
    MedicationFact,
    MentionFact,
    ObservationFact,
)
from ekbom.kb.load import load_knowledge
from ekbom.limits import MAX_INPUT_BYTES
from ekbom.vocab import System

if TYPE_CHECKING:
    from ekbom.kb.knowledge import Knowledge
    from ekbom.notes.mention import NoteMention

DRUG = "drug:"
LAB = "lab:"
STOP = "stop"
START = "start"
"""The `kind` of a medication named in a note (not an order, statement or dispense)."""
FAMILY_MEMBER = Code(System.ROLECODE.value, "FAMMEMB", "family member")
"""The relationship of a family mention whose sentence names no relative."""
_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]*:[ \t]*(?P<day>\S+)[ \t]*\r?$", re.I | re.M)
_SENTENCE_END = re.compile(r"[.!?;\n]")
NLP_MISSING = "reading clinical notes needs the nlp extra: pip install 'ekbom[nlp]'"


def analyze_text(text: str, file: str) -> list[NoteMention]:
    """The mentions of one note's text.

    Raises:
        InputError: the nlp extra is not installed (names the file).
    """
    return analyze_texts([text], file)[0]


def analyze_texts(texts: list[str], file: str) -> list[list[NoteMention]]:
    """The mentions of several notes, in order (batched through `analyze_many`).

    Raises:
        InputError: the nlp extra is not installed (names the file).
    """
    try:
        from ekbom.notes.pipeline import analyzer

        built = analyzer()  # imports spaCy and medspaCy on first use
    except ImportError:
        raise InputError(file, NLP_MISSING) from None
    return list(built.analyze_many(texts))


def decode(data: bytes, file: str) -> str:
    """A note's bytes as text: UTF-8, with any byte-order mark removed.

    Raises:
        InputError: the bytes are not UTF-8 text, or hold no text at all.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            file, f"is not UTF-8 text (byte {error.start}); save the note as UTF-8"
        ) from None
    if not text.strip():
        raise InputError(file, "is empty; expected the text of a clinical note")
    return text


def note_day(text: str, file: str, as_of: date) -> date:
    """The note's date: a first line `Date: YYYY-MM-DD`, else the as-of date.

    Raises:
        InputError: the first line is a Date header whose date is malformed.
    """
    first = text.split("\n", 1)[0]
    header = _HEADER.match(first)
    if header is None:
        return as_of
    try:
        return date.fromisoformat(header["day"])
    except ValueError:
        raise InputError(
            file,
            "expected a date as YYYY-MM-DD after 'Date:' (the value is not repeated here: "
            "dates are patient data)",
            "line 1",
        ) from None


def read_note(path: Path, as_of: date) -> Facts:
    """One plain-text note file as facts.

    Raises:
        InputError: unreadable, empty, not UTF-8, a malformed Date header, or no nlp extra.
    """
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(file, f"is {size} bytes; the limit is {MAX_INPUT_BYTES} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(file, f"cannot be read ({error.strerror or error})") from None
    text = decode(data, file)
    day = note_day(text, file, as_of)
    return note_facts(analyze_text(text, file), f"note:{file}", day, file, text)


def note_facts(
    mentions: list[NoteMention], prefix: str, day: date | None, file: str, text: str = ""
) -> Facts:
    """The facts of one note's mentions; `prefix` + `#char=START-END` names each source.

    `text` (the note) is used only to find the relatives a family mention's sentence names.
    """
    knowledge = load_knowledge()
    facts = Facts()
    for mention in mentions:
        source = f"{prefix}#char={mention.start}-{mention.end}"
        relatives = _relatives(text, mention) if mention.family and text else ()
        facts.mentions.append(
            MentionFact(
                source=source,
                label=mention.label,
                date=day,
                negated=mention.negated,
                family=mention.family,
                historical=mention.historical,
                hypothetical=mention.hypothetical,
                uncertain=mention.uncertain,
                drug_event=mention.drug_event,
                section=mention.section,
                relatives=relatives,
            )
        )
        facts.origins[source] = file
        if mention.hypothetical or mention.negated or mention.uncertain:
            continue
        if mention.family:
            family = _family(mention, source, day, relatives)
            if family is not None:
                facts.family_history.append(family)
        elif mention.label.startswith(DRUG):
            medication = _medication(knowledge, mention, source, day)
            if medication is not None:
                facts.medications.append(medication)
        elif mention.label.startswith(LAB) and mention.value is not None:
            result = _result(knowledge, mention, source, day)
            if result is not None:
                facts.observations.append(result)
    return facts


def _before(day: date | None, days_ago: int | None) -> date | None:
    if day is None or days_ago is None:
        return day
    return day - timedelta(days=days_ago)


def _medication(
    knowledge: Knowledge, mention: NoteMention, source: str, day: date | None
) -> MedicationFact | None:
    row = knowledge.drugs.rows.get(mention.label.removeprefix(DRUG))
    if row is None:
        return None
    codes = (Code(System.RXNORM.value, row.rxcui, row.id),) if row.rxcui else ()
    if mention.drug_event == STOP:
        end = _before(day, mention.days_ago)
        return MedicationFact(
            source, NOTE_KIND, codes, row.id, end, end, status="completed", duration_known=True
        )
    if mention.historical:
        return None  # taken once, stopped some time: neither current use nor a dated stop
    start = _before(day, mention.days_ago) if mention.drug_event == START else day
    return MedicationFact(
        source, NOTE_KIND, codes, row.id, start, None, status="active", duration_known=False
    )


def _result(
    knowledge: Knowledge, mention: NoteMention, source: str, day: date | None
) -> ObservationFact | None:
    test = mention.label.removeprefix(LAB)
    code = next((e for e in knowledge.lab_codes.entries if e.set == test), None)
    if code is None:
        return None
    return ObservationFact(
        source=source,
        codes=(Code(code.system, code.code, code.display),),
        date=_before(day, mention.days_ago),
        value=mention.value,
        comparator=mention.comparator,
        unit=mention.unit,
        status="final",
    )


def _family(
    mention: NoteMention,
    source: str,
    day: date | None,
    relatives: tuple[Code, ...],
) -> FamilyHistoryFact | None:
    codes = _condition_codes(mention.label)
    if not codes:
        return None
    return FamilyHistoryFact(
        source=source,
        relationship=relatives or (FAMILY_MEMBER,),
        conditions=(codes,),
        status="completed",
        date=day,
    )


@cache
def _condition_codes(label: str) -> tuple[Code, ...]:
    """The codes that stand for a factor or RLS in a relative's history: the first code of the
    label's own concept set (`rls:rls`), else of the first set it owns."""
    entries = [
        e
        for e in load_knowledge().codes.entries
        if e.set.startswith(f"{label}:") and e.match != "exclude"
    ]
    own = [e for e in entries if e.set == f"{label}:{label}"] or entries
    return tuple(Code(e.system, e.code, e.display) for e in own[:1])


@cache
def _relationship_words() -> list[tuple[re.Pattern[str], Code]]:
    """Each RoleCode display of the knowledge as a word pattern, longest first."""
    seen: dict[str, Code] = {}
    for entry in load_knowledge().codes.entries:
        if entry.system == System.ROLECODE.value and entry.display:
            seen.setdefault(entry.display.lower(), Code(entry.system, entry.code, entry.display))
    ordered = sorted(seen.items(), key=lambda pair: -len(pair[0]))
    return [(re.compile(rf"\b{re.escape(words)}s?\b", re.I), code) for words, code in ordered]


def _relatives(text: str, mention: NoteMention) -> tuple[Code, ...]:
    """The relatives named in the mention's sentence (a longer name hides the shorter one in
    it: "grandmother" is not also "mother")."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, mention.start)), default=0)
    stop = _SENTENCE_END.search(text, mention.end)
    sentence = text[begin : stop.start() if stop else len(text)]
    taken: list[tuple[int, int]] = []
    found: list[Code] = []
    for pattern, code in _relationship_words():
        for hit in pattern.finditer(sentence):
            if any(a < hit.end() and hit.start() < b for a, b in taken):
                continue
            taken.append(hit.span())
            if code not in found:
                found.append(code)
    return tuple(found)
