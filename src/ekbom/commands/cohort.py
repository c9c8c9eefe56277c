"""`ekbom cohort` (placeholder while it is being written)."""

from __future__ import annotations


def cohort() -> None:
    """Not available yet."""
    from ekbom.cli import UserError

    raise UserError("ekbom cohort is not available yet")
