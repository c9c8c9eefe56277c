"""`ekbom serve` (placeholder while it is being written)."""

from __future__ import annotations


def serve() -> None:
    """Not available yet."""
    from ekbom.cli import UserError

    raise UserError("ekbom serve is not available yet")
