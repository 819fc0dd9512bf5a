"""The pre-publish service: an ASGI app (Starlette) with a versioned JSON API and the review page.

Routes:

- ``POST /v1/scan``: a document as the body (``text/plain``; ``application/json`` as
  ``{"text", "path", "options"}``; or a file's bytes, ``application/pdf``, Word's type or
  ``application/octet-stream``, named by ``?path=``) -> the ``scan --format json`` contract.
- ``POST /v1/check``: the same document under the service's policy -> ``check --format json``
  plus ``passed`` and the reasons, ready for a content system to block publishing.
- ``GET /healthz``, ``GET /metrics`` (Prometheus text format), ``GET /openapi.json``.
- ``GET /``: the review page (static files shipped in the package, no CDN).

Safe by default: with a token file every ``/v1/`` route needs ``Authorization: Bearer TOKEN``
(compared in constant time); a body over the limit is 413; a scan over the time limit is 503
with the reason; malformed JSON is 400 and an unknown content type 415, each with a one-line
reason; every response carries the security headers (a Content-Security-Policy without inline
script, nosniff, frame-ancestors 'none'). Document text is never logged or written to disk.
"""
from __future__ import annotations

import contextlib
import hmac
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..core.types import InputError
from . import metrics
from .openapi import OPENAPI

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
TEXT_TYPES = ("text/plain", "text/markdown", "text/html")
FILE_TYPES = ("application/pdf", "application/octet-stream",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
OPTIONS = {"min_confidence": float, "skip_references": bool}
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}


@dataclass
class Settings:
    """What ``spindetect serve`` was started with (the environment carries it to each worker)."""
    policy: str | None = None
    index: str | None = None
    token: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT

    def to_env(self) -> str:
        return json.dumps({"policy": self.policy, "index": self.index, "token": self.token,
                           "max_bytes": self.max_bytes, "timeout": self.timeout})

    @classmethod
    def from_env(cls) -> Settings:
        raw = os.environ.get("SPINDETECT_SERVE")
        return cls(**json.loads(raw)) if raw else cls()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scalar(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (JSON lets "\\ud800" through; it is not a character and
    cannot be written as UTF-8) replaced by U+FFFD, one for one; and how many there were."""
    return _SURROGATE.subn("\ufffd", text)


class Refused(Exception):
    """A request the service answers with ``status`` and a one-line ``reason``."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    service = Service(settings)
    routes = [
        Route("/v1/scan", service.scan, methods=["POST"]),
        Route("/v1/check", service.check, methods=["POST"]),
        Route("/healthz", service.health, methods=["GET"]),
        Route("/metrics", service.metrics, methods=["GET"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
        Route("/", service.page, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Headers)], lifespan=service.lifespan)


class Headers:
    """Security headers on every response (pure ASGI middleware: nothing is buffered)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)
        await self.app(scope, receive, with_headers)


class Service:
    """The handlers, sharing what is loaded once per worker process (lexicon, models, index,
    the policy) and one lane for scans (a scan is CPU work: two at once only share the core)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.lane = anyio.CapacityLimiter(1)
        self.policy = None
        self.scanner = None

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        from ..check.policy import Policy, Resolver
        from ..scanner import Scanner

        if self.settings.policy:
            self.policy = Resolver(self.settings.policy).for_path(self.settings.policy)
        else:
            self.policy = Policy(root=os.getcwd())
        if self.settings.index:
            from dataclasses import replace
            self.policy = replace(self.policy, index=self.settings.index)
        self.scanner = Scanner(index=self.settings.index)
        self.scanner.load()
        self.policy.scanner().load()
        metrics.up(__version__)
        yield

    # -- routes ---------------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def metrics(self, request: Request) -> Response:
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def page(self, request: Request) -> Response:
        return Response((STATIC / "index.html").read_bytes(), media_type="text/html; charset=utf-8")

    async def scan(self, request: Request) -> Response:
        return await self._answer(request, "scan")

    async def check(self, request: Request) -> Response:
        return await self._answer(request, "check")

    async def _answer(self, request: Request, route: str) -> Response:
        started = time.perf_counter()
        status = 200
        try:
            self._authorise(request)
            source, options = await self._document(request)
            work = (lambda: self._scan(source, options)) if route == "scan" else (lambda: self._check(source, options))
            try:
                with anyio.fail_after(self.settings.timeout):
                    payload = await anyio.to_thread.run_sync(work, limiter=self.lane, abandon_on_cancel=True)
            except TimeoutError:
                raise Refused(503, f"the scan took over {self.settings.timeout:g} s (the service's time limit); "
                                   "try a shorter text or a larger --timeout") from None
            response = JSONResponse(payload)
        except Refused as refused:
            status = refused.status
            response = JSONResponse({"error": refused.reason}, status_code=refused.status)
            if refused.status == 401:
                response.headers["www-authenticate"] = 'Bearer realm="spindetect"'
        except InputError as exc:
            status = 422
            response = JSONResponse({"error": exc.problem}, status_code=422)
        except Exception as exc:  # noqa: BLE001 - a defect: one line to the client, as the CLI's exit 4
            status = 500
            response = JSONResponse({"error": f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]},
                                    status_code=500)
        metrics.observe(route, status, time.perf_counter() - started)
        return response

    def _authorise(self, request: Request) -> None:
        if self.settings.token is None:
            return
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), self.settings.token.encode()):
            raise Refused(401, "a bearer token is required (Authorization: Bearer TOKEN)")

    async def _document(self, request: Request):
        """(SourceFile, options) from the request's body, within the size limit."""
        from ..core.types import SourceFile
        from ..ingest.files import Skipped, from_bytes

        kind = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
        if kind not in TEXT_TYPES + FILE_TYPES + ("application/json",):
            raise Refused(415, f"unsupported content type {kind!r}: send text/plain, application/json "
                               "{\"text\": ...}, or a PDF or Word file")
        body = await self._body(request)
        options: dict = {}
        default = {"text/html": "request.html", "text/markdown": "request.md"}.get(kind, "<request>")
        path = request.query_params.get("path") or default
        if kind == "application/json":
            try:
                data = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise Refused(400, f"malformed JSON: {exc}") from None
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise Refused(400, "expected a JSON object with a \"text\" string")
            path = _scalar(data.get("path"))[0] if isinstance(data.get("path"), str) else path
            options = self._options(data.get("options") or {})
            text, replaced = _scalar(data["text"].replace("\r\n", "\n"))
            warnings = [f"{replaced} lone surrogate escape{'s' if replaced != 1 else ''} (not Unicode) replaced "
                        "with U+FFFD"] if replaced else []
            return SourceFile(path, text, warnings), options
        for key in OPTIONS:
            if key in request.query_params:
                options[key] = request.query_params[key]
        options = self._options(options)
        if kind in FILE_TYPES and path == "<request>":
            path = "upload.pdf" if kind == "application/pdf" else "upload.docx" if "word" in kind else path
        source = from_bytes(path, body, self.settings.max_bytes)
        if isinstance(source, Skipped):
            raise InputError(path, source.reason)
        return source, options

    async def _body(self, request: Request) -> bytes:
        limit = self.settings.max_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise Refused(413, f"the body is {int(declared):,} bytes, over the {limit:,}-byte limit")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Refused(413, f"the body is over the {limit:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    def _options(self, raw) -> dict:
        if not isinstance(raw, dict):
            raise Refused(400, "\"options\" must be an object")
        options = {}
        for key, value in raw.items():
            if key not in OPTIONS:
                raise Refused(400, f"unknown option {key!r} (known: {', '.join(OPTIONS)})")
            try:
                if OPTIONS[key] is bool:
                    options[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
                else:
                    options[key] = float(value)
                    if not 0.0 <= options[key] <= 1.0:
                        raise ValueError
            except (TypeError, ValueError):
                raise Refused(400, f"option {key}: expected {'true or false' if OPTIONS[key] is bool else 'a number from 0 to 1'}") from None
        return options

    def _scan(self, source, options) -> dict:
        from ..report.json_format import render_records

        report = self.scanner.replace(**options).scan_source(source)
        return json.loads(render_records([report.to_dict(include_text=True)]))

    def _check(self, source, options) -> dict:
        from dataclasses import replace

        from ..check.run import Checker
        from ..report.json_format import render_check

        policy = replace(self.policy, **{k: v for k, v in options.items()})
        result = Checker(with_readability=True).check(source, policy)
        payload = json.loads(render_check([result]))
        payload["reasons"] = [f["message"] for d in payload["documents"] for f in d["failures"] if not f["baselined"]]
        return payload
