"""ekbom: finds what may be behind a person's restless legs syndrome.

Decision support, not a diagnosis. The public API is small and listed in `__all__`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ekbom.engine.evaluate import evaluate
from ekbom.facts import Facts
from ekbom.kb.load import load_knowledge
from ekbom.result import Result

__all__ = ["Facts", "Result", "__version__", "evaluate", "load_knowledge"]
