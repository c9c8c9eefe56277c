"""Schemathesis against the served OpenAPI (strict input models), on an --insecure-dev server,
which must also print its loud warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.serve.helpers import Server, free_port


def test_schemathesis_finds_no_failure_and_dev_mode_warns(tmp_path: Path) -> None:
    config = tmp_path / "ekbom.toml"
    config.write_text('state_db = "s.sqlite"\nfhir_budget_seconds = 0.3\nfhir_servers = []\n')
    (tmp_path / "schemathesis.toml").write_text(
        "[checks.positive_data_acceptance]\nexpected-statuses = [200, 412]\n"
    )
    server = Server(config, free_port(), tmp_path / "stderr.log", ["--insecure-dev"]).start()
    try:
        run = subprocess.run(
            [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                f"{server.base}/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                "20",
                "--seed",
                "2026",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        server.stop()
    assert run.returncode == 0, run.stdout[-4000:]
    assert "JWT VERIFICATION IS OFF" in (tmp_path / "stderr.log").read_text()
