"""ekbom: finds what may be behind a person's restless legs syndrome.

Decision support, not a diagnosis. The public API is small and listed in `__all__`; names are
imported on first use so that `ekbom --help` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Facts", "Result", "__version__", "evaluate", "load_knowledge", "read_fhir"]

_WHERE = {
    "evaluate": "ekbom.engine.evaluate",
    "Facts": "ekbom.facts",
    "load_knowledge": "ekbom.kb.load",
    "Result": "ekbom.result",
    "read_fhir": "ekbom.sources.fhir",
}

if TYPE_CHECKING:
    from ekbom.engine.evaluate import evaluate
    from ekbom.facts import Facts
    from ekbom.kb.load import load_knowledge
    from ekbom.result import Result
    from ekbom.sources.fhir import read_fhir


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'ekbom' has no attribute {name!r}")
