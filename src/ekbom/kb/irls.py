"""The IRLS table (tables/irls.yaml): which answers carry the ten scores, and the bands."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ekbom.kb.load import _model, default_path
from ekbom.kb.schema import IrlsBand, IrlsTable


@cache
def irls_table(root: Path | None = None) -> IrlsTable:
    """The IRLS table of the knowledge at `root` (the packaged knowledge by default).

    Raises:
        KnowledgeError: the file is missing or breaks the schema.
    """
    return _model(root or default_path(), "tables/irls.yaml", IrlsTable)


def band_of(table: IrlsTable, total: int) -> IrlsBand | None:
    """The band a total falls in; None outside every band.

    >>> band_of(irls_table(), 12).band
    'moderate'
    """
    return next((b for b in table.bands if b.at_least <= total <= b.at_most), None)
