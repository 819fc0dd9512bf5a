"""The OpenAPI 3.1 description served at ``/openapi.json``."""
from __future__ import annotations

from .. import __version__

_DOCUMENT_BODY = {
    "required": True,
    "content": {
        "text/plain": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"},
            "path": {"type": "string", "description": "The document's name; its extension says whether it "
                                                      "is Markdown (.md) or HTML (.html)."},
            "options": {"type": "object", "additionalProperties": False, "properties": {
                "min_confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "skip_references": {"type": "boolean"}}}}}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
            {"schema": {"type": "string", "format": "binary"}},
    },
}
_ERROR = {"description": "A one-line reason.", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"error": {"type": "string"}}}}}}
_ERRORS = {"400": _ERROR, "401": _ERROR, "413": _ERROR, "415": _ERROR, "422": _ERROR, "503": _ERROR}
_PATH = {"name": "path", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "The document's name (a text body, or a PDF or Word file)."}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "spindetect", "version": __version__,
             "description": "Find spun text: phrases a synonym spinner rewrote, each paired with its likely original."},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": [{"bearer": []}, {}],
    "paths": {
        "/v1/scan": {"post": {
            "summary": "Scan one document: the same JSON as `spindetect scan --format json` (with the text).",
            "parameters": [_PATH], "requestBody": _DOCUMENT_BODY,
            "responses": {"200": {"description": "The report: {version, documents: [one document]}."}, **_ERRORS}}},
        "/v1/check": {"post": {
            "summary": "Check one document against the service's policy: `passed`, the `reasons` it failed, "
                       "and the report as `spindetect check --format json` gives it.",
            "parameters": [_PATH], "requestBody": _DOCUMENT_BODY,
            "responses": {"200": {"description": "{passed, reasons, version, documents}"}, **_ERRORS}}},
        "/healthz": {"get": {"summary": "Liveness.", "security": [],
                             "responses": {"200": {"description": "{status: ok, version}"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics (text format).", "security": [],
                             "responses": {"200": {"description": "Requests by route and status, seconds."}}}},
    },
}
