"""`ekbom serve`: the CDS Hooks 2.0.1 service (needs the `server` extra)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

INSECURE_BANNER = """\
************************************************************************
*  ekbom serve --insecure-dev: JWT VERIFICATION IS OFF.                *
*  Anyone who can reach this port can call the services and read       *
*  their advice. Use it only on your own machine, never with real      *
*  patient data, never on a shared network.                            *
************************************************************************
"""


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    public_base_url: Annotated[
        str | None,
        typer.Option(
            "--public-base-url",
            metavar="URL",
            help="The URL clients call (behind a proxy); JWT audiences are checked against it.",
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", metavar="FILE", help="The TOML configuration.")
    ] = None,
    insecure_dev: Annotated[
        bool,
        typer.Option("--insecure-dev", help="Accept calls without a JWT (local testing only)."),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes (they share the state).")
    ] = 1,
) -> None:
    """Serve the CDS Hooks services and the self-check page."""
    from ekbom.cli import UserError

    try:
        import uvicorn

        from ekbom.serve.app import CONFIG_ENV
        from ekbom.serve.config import load_config
    except ImportError as missing:
        raise UserError(
            f"ekbom serve needs the server extra ({missing.name} is not installed); "
            "install it with: pip install 'ekbom[server]'"
        ) from None
    settings = load_config(
        config, public_base_url=public_base_url, insecure_dev=insecure_dev or None
    )
    if settings.insecure_dev:
        sys.stderr.write(INSECURE_BANNER)
    elif not settings.issuers:
        raise UserError(
            f"{config or '--config'}: no [[issuers]] configured, so every call would be "
            "refused; add one (see docs/serve.md) or use --insecure-dev for local testing"
        )

    os.environ[CONFIG_ENV] = settings.model_dump_json()
    uvicorn.run(
        "ekbom.serve.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
        proxy_headers=settings.public_base_url is not None,
        server_header=False,
    )
