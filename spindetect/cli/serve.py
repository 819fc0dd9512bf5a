"""``spindetect serve``: the pre-publish service for content systems, and the review page."""
from __future__ import annotations

import os

import click

from ..core.types import InputError, SetupError
from .common import main


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (each loads the lexicon, models, policy and index once).")
@click.option("--policy", type=click.Path(dir_okay=False), metavar="FILE",
              help="Policy for /v1/check (.spindetect.toml, pyproject.toml or setup.cfg); default: the built-in one.")
@click.option("--index", "index_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="A reference index (spindetect index build): sources and the collection's phrases.")
@click.option("--token-file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Require 'Authorization: Bearer TOKEN' on every /v1/ route, TOKEN being this file's content.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True,
              help="Largest request body (larger: 413).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a request may take (longer: 503 with the reason).")
def serve(host, port, workers, policy, index_path, token_file, max_bytes, timeout):
    """Serve the scan as an HTTP API for content systems, with a review page for editors.

    \b
    POST /v1/scan    a document (text/plain, JSON {"text", "path", "options"}, PDF or
                     Word bytes) -> the JSON of 'spindetect scan --format json'
    POST /v1/check   the same under the policy -> {"passed", "reasons", ...}
    GET  /           the review page; /healthz, /metrics, /openapi.json
    \b
    Examples:
      spindetect serve
      spindetect serve --policy .spindetect.toml --token-file ~/.spindetect-token --workers 2
      curl -s --data-binary @draft.txt -H 'Content-Type: text/plain' localhost:8080/v1/check
    """
    import uvicorn

    from ..serve.app import Settings

    token = None
    if token_file:
        try:
            with open(token_file, encoding="utf-8") as handle:
                token = handle.read().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(token_file, f"cannot read the token file ({exc})") from None
        if len(token) < 16:
            raise InputError(token_file, "the token must be at least 16 characters")
    settings = Settings(policy=os.path.abspath(policy) if policy else None,
                        index=os.path.abspath(index_path) if index_path else None, token=token,
                        max_bytes=max_bytes, timeout=timeout)
    _check_loads(settings)
    _check_listen(host, port)
    os.environ["SPINDETECT_SERVE"] = settings.to_env()
    click.echo(f"spindetect: serving on http://{host}:{port}/ ({workers} worker{'s' if workers != 1 else ''}; "
               f"Ctrl-C stops)", err=True)
    uvicorn.run("spindetect.serve.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False, server_header=False)


def _check_listen(host: str, port: int) -> None:
    """An address already in use (or not this machine's) is one line and exit 3, before uvicorn
    starts (it would log and exit 1, the code for a failed policy)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as exc:
        raise SetupError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def _check_loads(settings) -> None:
    """A bad policy or index is one line and exit 2 now, not a failed worker start."""
    from ..check.policy import Resolver
    from ..scanner import Scanner

    if settings.policy:
        Resolver(settings.policy)
    Scanner(index=settings.index).load()
