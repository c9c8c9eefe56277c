"""`ekbom serve`: CDS Hooks 2.0.1 services (extra `ekbom[server]`).

Importing this package loads FastAPI; the core (`ekbom check`, the knowledge) never does.
"""

from __future__ import annotations

from ekbom.serve.app import create_app
from ekbom.serve.config import ServeConfig, load_config

__all__ = ["ServeConfig", "create_app", "load_config"]
