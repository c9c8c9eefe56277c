"""The one way ekbom builds a Jinja environment: autoescaped, strict, tidy whitespace."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment


@functools.cache
def environment(package: str = "ekbom", folder: str = "render/templates") -> Environment:
    """The template environment of a package folder (cached; Jinja is imported on first use)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader(package, folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
