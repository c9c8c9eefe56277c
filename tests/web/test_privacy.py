"""Nothing is stored and nothing leaves the machine: after full runs with a canary answer (with
JavaScript on and off, downloads included) the canary is in no server log and in no file written
since the server started, no request left 127.0.0.1, no answer travelled in a URL, and every
response forbids caching."""

from __future__ import annotations

import os
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.web.conftest import ARTIFACTS, Server, Traffic
from tests.web.flow import ANSWERS, CANARY, run_flow

REPO = Path(__file__).resolve().parents[2]
BROWSER_OWNED = ("playwright_chromiumdev_profile-", "playwright-artifacts-")
"""The browser's own profile and download folders: the client side, where answers may be."""


def _written_since(root: Path, since: float, skip: tuple[Path, ...]) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [
            d for d in dirs
            if not d.startswith(BROWSER_OWNED) and d != ".git" and here / d not in skip
        ]  # fmt: skip
        for name in files:
            path = here / name
            try:
                stat = path.stat()
            except OSError:
                continue
            if stat.st_mtime >= since and stat.st_size < 20_000_000:
                found.append(path)
    return found


def _holding(paths: list[Path], needle: bytes) -> list[Path]:
    out = []
    for path in paths:
        try:
            if needle in path.read_bytes():
                out.append(path)
        except OSError:
            continue
    return out


def test_a_canary_answer_reaches_no_log_and_no_file(
    phone: Page, desktop_no_js: Page, server: Server, traffic: Traffic
) -> None:
    since = time.time() - 1
    answers = {**ANSWERS, "medicines.current": [CANARY]}
    assert run_flow(phone, server.url, answers)[-1] == "result"
    assert run_flow(desktop_no_js, server.url, answers)[-1] == "result"
    with desktop_no_js.expect_download() as download:
        desktop_no_js.get_by_role("button", name="Download a summary (PDF)").click()
    download.value.path()  # the browser received it (the browser's own folder, not scanned)
    assert CANARY in desktop_no_js.content(), "the answer stays in the page (hidden fields)"

    log = server.log.read_text()
    assert "POST /check" in log, "the server log is there to search"
    assert CANARY.casefold() not in log.casefold()
    assert not [u for u in traffic.urls if "?" in u or "Zqxcanary" in u], "answers in a URL"

    needle = CANARY.encode()
    written = _written_since(server.workdir, since, ())
    written += _written_since(REPO, since, (ARTIFACTS, REPO / "tests" / "web" / "node_modules"))
    written += _written_since(Path("/tmp"), since, (server.workdir.parent,))
    assert not _holding(written, needle), "the canary was written to a file"


def test_every_response_forbids_caching_and_outside_resources(server: Server) -> None:
    for path in ("/", "/static/selfcheck.css", "/static/selfcheck.js"):
        with urllib.request.urlopen(server.url + path) as reply:
            assert reply.headers["Cache-Control"] == "no-store"
            policy = reply.headers["Content-Security-Policy"]
            assert "default-src 'none'" in policy and "form-action 'self'" in policy
            assert reply.headers["Referrer-Policy"] == "no-referrer"


def test_a_huge_post_is_refused(server: Server) -> None:
    body = b"medicines.current=" + b"x" * 200_000
    request = urllib.request.Request(server.url + "/check", data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 413
