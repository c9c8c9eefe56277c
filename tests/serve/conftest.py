"""Fixtures: one real `ekbom serve` (two workers) on loopback, a fake FHIR server, a client
that signs every call with a fresh JWT and validates every response."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serve.helpers import FakeFhir, Server, bearer, checked, free_port, token, write_config


@pytest.fixture(scope="session")
def fake_fhir() -> Iterator[FakeFhir]:
    fake = FakeFhir().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, fake_fhir: FakeFhir) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    config = write_config(folder / "ekbom.toml", port, fake_fhir, max_body_bytes=2_000_000)
    running = Server(config, port, folder / "stderr.log", ["--workers", "2"]).start()
    yield running
    running.stop()


class Client:
    """Signed calls to the server; every hook response is validated."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.base, timeout=30)

    def post(self, path: str, body: Any, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", None) or bearer(token(self.server.base + path))
        return checked(self.http.post(path, json=body, headers=headers, **kwargs))

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", None) or bearer(token(self.server.base + path))
        return self.http.get(path, headers=headers, **kwargs)


@pytest.fixture(scope="session")
def client(server: Server) -> Iterator[Client]:
    made = Client(server)
    yield made
    made.http.close()


@pytest.fixture
def data() -> Path:
    return Path(__file__).parent / "data"
