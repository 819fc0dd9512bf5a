"""Prometheus metrics of the service (prometheus_client, its own registry): requests by route and
status, request seconds by route, and the version. Counts only: no document text."""
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry()
REQUESTS = Counter("spindetect_requests", "Requests answered, by route and HTTP status.",
                   ["route", "status"], registry=REGISTRY)
SECONDS = Histogram("spindetect_request_seconds", "Seconds from a request's arrival to its answer, by route.",
                    ["route"], registry=REGISTRY,
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0))
INFO = Gauge("spindetect_info", "The running version (always 1).", ["version"], registry=REGISTRY)


def up(version: str) -> None:
    INFO.labels(version=version).set(1)


def observe(route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, status=str(status)).inc()
    SECONDS.labels(route=route).observe(seconds)


def render() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
