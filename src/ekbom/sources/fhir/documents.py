"""FHIR DocumentReference: the plain text of a clinical note, read as a note.

A DocumentReference is read when one of its `content[].attachment`s is `text/plain` with the
text inline (`data`, base64). The note's date is `date`, else `context.period.start`. A
plain-text attachment that is only a `url` is not fetched (ekbom reaches no network): the
document is skipped with a `note-not-read` warning, as is one with no plain-text attachment.
Entered-in-error and superseded documents are not read. The text is analysed later, all notes
of the input in one batch (`ekbom.sources.note`).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date

from ekbom.errors import InputError
from ekbom.facts import Facts, InputWarning
from ekbom.sources.fields import Fields, JSONObject
from ekbom.sources.note import analyze_texts, decode, note_facts

PLAIN = "text/plain"
SKIPPED_STATUSES = frozenset({"entered-in-error", "superseded"})


@dataclass(frozen=True, slots=True)
class PendingNote:
    """A document's text waiting for analysis, with its source, date and file."""

    source: str
    text: str
    day: date | None
    file: str


def document_note(f: Fields, res: JSONObject, source: str) -> PendingNote | InputWarning | None:
    """The note a DocumentReference holds, a warning why it cannot be read, or None when it
    is not to be read (entered in error, superseded).

    Raises:
        InputError: a field has the wrong type, `data` is not base64, or the text not UTF-8.
    """
    if f.text(res, "status") in SKIPPED_STATUSES or f.text(res, "docStatus") == "entered-in-error":
        return None
    day = f.day(res, "date")
    if day is None:
        context = f.object(res, "context")
        if context is not None:
            day = f.period(context, "period")[0] if "period" in context else None
    linked = False
    for index, content in enumerate(f.objects(res, "content")):
        here = f"content[{index}].attachment"
        attachment = f.object(content, "attachment", here)
        if attachment is None:
            continue
        kind = (f.text(attachment, "contentType", f"{here}.contentType") or "").split(";")[0]
        if kind.strip().lower() != PLAIN:
            continue
        data = f.text(attachment, "data", f"{here}.data")
        if data is None:
            linked = linked or f.text(attachment, "url", f"{here}.url") is not None
            continue
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise InputError(f.file, "expected base64 text", f"{f.where}.{here}.data") from None
        return PendingNote(source, decode(raw, f"{f.file}: {f.where}.{here}.data"), day, f.file)
    reason = (
        "its plain text is only at a URL, which ekbom does not fetch"
        if linked
        else "it holds no text/plain attachment with inline data"
    )
    return InputWarning(
        code="note-not-read",
        message=f"A clinical note was not read: {reason}.",
        file=f.file,
        source=source,
    )


def read_notes(pending: list[PendingNote]) -> Facts:
    """Analyse the pending notes in one batch and turn their mentions into facts.

    Raises:
        InputError: the nlp extra is not installed (names the first file).
    """
    facts = Facts()
    if not pending:
        return facts
    found = analyze_texts([p.text for p in pending], pending[0].file)
    for note, mentions in zip(pending, found, strict=True):
        facts.extend(note_facts(mentions, note.source, note.day, note.file, note.text))
        if note.day is None and mentions:
            facts.warnings.append(
                InputWarning(
                    code="undated-note",
                    message="A clinical note has no date; its mentions count as current.",
                    file=note.file,
                    source=note.source,
                )
            )
    return facts
