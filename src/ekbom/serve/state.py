"""What one worker process holds: knowledge, wording, the store, the HTTP client, the verifier."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import httpx
from starlette.requests import Request

from ekbom.kb.load import load_knowledge
from ekbom.serve.config import ServeConfig
from ekbom.serve.discovery import Service, discovery, services
from ekbom.serve.logs import log
from ekbom.serve.security import Unauthorized, Verifier
from ekbom.serve.store import Store
from ekbom.serve.wording import load_wording


class State:
    """Loaded once per worker; the store and client open with the app's lifespan."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.knowledge = load_knowledge()
        self.wording = load_wording(self.knowledge)
        self.services: dict[str, Service] = {s.id: s for s in services(self.knowledge)}
        self.discovery = discovery(self.knowledge)
        self.zone = ZoneInfo(config.timezone)
        self._store: Store | None = None
        self._client: httpx.AsyncClient | None = None
        self._verifier: Verifier | None = None

    def start(self) -> None:
        """Open the store and the HTTP client (idempotent)."""
        if self._store is None:
            self._store = Store(self.config.state_db)
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, trust_env=False)
            self._verifier = Verifier(self.config, self._store, self._client)

    async def stop(self) -> None:
        """Close what start opened."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        """The shared SQLite store."""
        self.start()
        assert self._store is not None
        return self._store

    @property
    def client(self) -> httpx.AsyncClient:
        """The HTTP client for FHIR servers and JWKS URLs."""
        self.start()
        assert self._client is not None
        return self._client

    def ready(self) -> bool:
        """Whether the worker can serve: knowledge loaded and the store answering."""
        return bool(self.knowledge.factors) and self.store.ready()

    def today(self) -> date:
        """Today in the site's time zone: the as-of date of every evaluation."""
        return self.config.as_of or datetime.now(self.zone).date()

    async def authorized(self, request: Request, feedback_of: str | None = None) -> bool:
        """Whether the request carries a valid JWT for the URL called (always, in dev mode)."""
        if self.config.insecure_dev:
            return True
        self.start()
        assert self._verifier is not None
        base = self.config.public_base_url or str(request.base_url).rstrip("/")
        audiences = [base + request.url.path]
        if feedback_of is not None:
            audiences.append(f"{base}/cds-services/{feedback_of}")
        try:
            claims = await self._verifier.verify(request.headers.get("authorization"), audiences)
        except Unauthorized as refused:
            log("unauthorized", reason=str(refused))
            return False
        log("authorized", iss=claims.get("iss"), jti=claims.get("jti"))
        return True
