"""The self-check page in a real browser: real uvicorn on 127.0.0.1, Debian's Chromium driven by
Playwright (never `playwright install`), axe-core pinned in package-lock.json and injected.

Session fixtures start one server (its log goes to a file the canary test reads) and one
browser. Every page records each request it makes; a request to any host but 127.0.0.1 is
aborted and fails the test that made it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

HERE = Path(__file__).parent
ARTIFACTS = HERE / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Server:
    """The running self-check server."""

    url: str
    log: Path
    workdir: Path
    started: float
    process: subprocess.Popen[bytes]


@dataclass
class Traffic:
    """Every request a browser context made, and those that tried to leave 127.0.0.1."""

    urls: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`uvicorn --factory ekbom.web:create_selfcheck_app` on a free loopback port, logging at
    debug level to a file (so the canary test has the most log there can be to search)."""
    workdir = tmp_path_factory.mktemp("selfcheck-server")
    log = workdir / "server.log"
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "ekbom.web:create_selfcheck_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "debug",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.time()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=workdir, stdout=sink, stderr=subprocess.STDOUT, env=env
        )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process, log)
    yield Server(url, log, workdir, started, process)
    process.terminate()
    process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from tests/web/node_modules, installed from the lock file when missing."""
    script = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install the pinned axe-core (tests/web/package-lock.json)"
        subprocess.run(
            [npm, "ci", "--prefix", str(HERE), "--ignore-scripts", "--no-audit", "--no-fund"],
            check=True,
        )
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium package is needed (apt-get install chromium)"
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and downloads go (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def open_context(
    browser: Browser, traffic: Traffic, *, javascript: bool, viewport: dict[str, int]
) -> BrowserContext:
    """A fresh browser context whose every request is recorded and kept on loopback."""
    context = browser.new_context(
        java_script_enabled=javascript, viewport=viewport, locale="en-US", accept_downloads=True
    )

    def guard(route: Route) -> None:
        request = route.request
        traffic.urls.append(request.url)
        traffic.methods.append(request.method)
        if urlsplit(request.url).hostname != "127.0.0.1":
            traffic.outside.append(request.url)
            route.abort()
            return
        route.continue_()

    context.route("**/*", guard)
    return context


@pytest.fixture
def traffic() -> Iterator[Traffic]:
    """The requests of one test; none may leave 127.0.0.1."""
    seen = Traffic()
    yield seen
    assert not seen.outside, f"requests left 127.0.0.1: {seen.outside}"


@pytest.fixture
def phone(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A phone-sized page (360 px wide) with JavaScript on."""
    context = open_context(browser, traffic, javascript=True, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_no_js(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A desktop-sized page with JavaScript off."""
    context = open_context(browser, traffic, javascript=False, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A desktop-sized page with JavaScript on."""
    context = open_context(browser, traffic, javascript=True, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now (WCAG 2.2 A/AA and
    best practice)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


SCRIPT_TAG = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


@pytest.fixture
def snapshot(browser: Browser, traffic: Traffic, server: Server) -> Iterator[Callable[[str], Page]]:
    """Axe needs timers, which do not run in a page with JavaScript off. This opens the HTML a
    JavaScript-off page shows (its own scripts removed, so it stays exactly as shown) in a
    helper page with JavaScript on, served from the same origin, for axe to inspect."""
    context = open_context(browser, traffic, javascript=True, viewport=DESKTOP)
    helper = context.new_page()
    current = {"html": ""}
    context.route(
        "**/__axe-snapshot",
        lambda route: route.fulfill(status=200, content_type="text/html", body=current["html"]),
    )

    def show(html: str) -> Page:
        current["html"] = SCRIPT_TAG.sub("", html)
        helper.goto(server.url + "/__axe-snapshot")
        return helper

    yield show
    context.close()
