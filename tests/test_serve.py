"""spindetect serve: the API, its limits, auth and headers (Starlette's TestClient, in process)."""
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from tests.conftest import SEEDS, SPUN_SEED

pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from spindetect.serve.app import SECURITY_HEADERS, STATIC, Settings, create_app  # noqa: E402

CLEAN_SEED = SEEDS / "000_08dd11e4d434a5b7.txt"
TOKEN = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def test_health_metrics_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/v1/scan", "/v1/check", "/healthz", "/metrics"} <= set(spec["paths"])
    client.post("/v1/scan", content=b"A short note.", headers={"content-type": "text/plain"})
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert re.search(r'spindetect_requests_total\{route="scan",status="200"\} [1-9]', metrics.text)


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/"), client.get("/healthz"), client.get("/static/review.js"),
                     client.post("/v1/scan", content=b"x", headers={"content-type": "image/png"}),
                     client.get("/no-such-page")):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
    policy = SECURITY_HEADERS["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy and "script-src 'self'" in policy


def test_scan_answers_the_json_contract_of_the_command_line(client):
    text = SPUN_SEED.read_text(encoding="utf-8")
    served = client.post("/v1/scan?path=article.txt", content=text.encode(), headers={"content-type": "text/plain"})
    assert served.status_code == 200
    doc = served.json()["documents"][0]
    cli = json.loads(CliRunner().invoke(main, ["scan", "--format", "json", "-"], input=text).stdout)["documents"][0]
    assert doc["verdict"] == cli["verdict"] == "spun" and doc["findings"] == cli["findings"]
    assert doc["text"] == text and doc["path"] == "article.txt"


def test_scan_takes_json_with_a_path_and_options(client):
    markdown = "# Title\n\nThe synthetic intelligence (AI) market grows. `synthetic intelligence` in code.\n"
    doc = client.post("/v1/scan", json={"text": markdown, "path": "post.md", "options": {"min_confidence": 0.2}}
                      ).json()["documents"][0]
    found = [(f["start"], f["text"].lower()) for f in doc["findings"]]
    assert (markdown.index("synthetic"), "synthetic intelligence") in found
    assert all(start < markdown.index("`") for start, _ in found)        # code is not prose


def test_check_answers_pass_or_fail_with_reasons(client):
    spun = client.post("/v1/check", content=SPUN_SEED.read_bytes(), headers={"content-type": "text/plain"}).json()
    assert spun["passed"] is False and any("verdict spun" in reason for reason in spun["reasons"])
    clean = client.post("/v1/check", content=CLEAN_SEED.read_bytes(), headers={"content-type": "text/plain"}).json()
    assert clean["passed"] is True and clean["reasons"] == []


def test_a_pdf_upload_is_read_and_located(client, tmp_path):
    from tests.documents import paper_pdf

    paragraphs = [p for p in SPUN_SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    data = Path(paper_pdf(tmp_path / "paper.pdf", paragraphs)).read_bytes()
    doc = client.post("/v1/scan?path=paper.pdf", content=data, headers={"content-type": "application/pdf"}
                      ).json()["documents"][0]
    assert doc["format"] == "pdf" and doc["findings"] and all(f["page"] == 1 for f in doc["findings"])


@pytest.mark.parametrize("body, headers, status, reason", [
    (b"x", {"content-type": "image/png"}, 415, "unsupported content type"),
    (b"{not json", {"content-type": "application/json"}, 400, "malformed JSON"),
    (b'{"words": 1}', {"content-type": "application/json"}, 400, "a \"text\" string"),
    (b'{"text": "x", "options": {"colour": 1}}', {"content-type": "application/json"}, 400, "unknown option"),
    (b'{"text": "x", "options": {"min_confidence": 7}}', {"content-type": "application/json"}, 400, "from 0 to 1"),
    (b"\x00\x01binary\x00", {"content-type": "application/octet-stream"}, 422, "binary"),
    (b"%PDF-1.7 damaged", {"content-type": "application/pdf"}, 422, "damaged PDF"),
])
def test_bad_requests_get_a_status_and_a_one_line_reason(client, body, headers, status, reason):
    response = client.post("/v1/scan", content=body, headers=headers)
    assert response.status_code == status and reason in response.json()["error"]
    assert "\n" not in response.json()["error"]


def test_a_body_over_the_limit_is_413():
    with TestClient(create_app(Settings(max_bytes=1000))) as small:
        response = small.post("/v1/scan", content=b"word " * 1000, headers={"content-type": "text/plain"})
        assert response.status_code == 413 and "1,000-byte limit" in response.json()["error"]


def test_a_scan_over_the_time_limit_is_503_with_the_reason():
    with TestClient(create_app(Settings(timeout=0.05))) as hurried:
        text = (SPUN_SEED.read_text(encoding="utf-8") + "\n\n") * 20
        response = hurried.post("/v1/scan", content=text.encode(), headers={"content-type": "text/plain"})
        assert response.status_code == 503 and "time limit" in response.json()["error"]


def test_a_token_is_required_on_v1_when_configured():
    with TestClient(create_app(Settings(token=TOKEN))) as guarded:
        for headers in ({}, {"authorization": "Bearer wrong-token"}, {"authorization": TOKEN}):
            response = guarded.post("/v1/scan", content=b"Hello.", headers={"content-type": "text/plain", **headers})
            assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
        ok = guarded.post("/v1/check", content=b"Hello there.", headers={
            "content-type": "text/plain", "authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        assert guarded.get("/healthz").status_code == 200 and guarded.get("/").status_code == 200


def test_the_page_and_its_files_hold_no_inline_script_or_style():
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/review.js" defer>']
    assert "<style" not in page and not re.search(r"<[^>]*\s(style|on\w+)=", page)
    script = (STATIC / "review.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_serve_refuses_a_short_token_file_and_a_bad_policy_in_one_line(tmp_path):
    (tmp_path / "token").write_text("short")
    (tmp_path / "bad.toml").write_text("fail_on = 'sometimes'\n")
    for args in (["serve", "--token-file", str(tmp_path / "token")],
                 ["serve", "--policy", str(tmp_path / "bad.toml")],
                 ["serve", "--token-file", str(tmp_path / "missing")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, args


def test_with_an_index_the_scan_carries_the_source_the_page_shows(tmp_path):
    from spindetect.index.fill import index_texts

    source = SEEDS / "001_cd429d0b6cf3b323.txt"
    index = index_texts([source.read_text(encoding="utf-8")], str(tmp_path))
    from spindetect.spinner import spin
    copy = spin(source.read_text(encoding="utf-8"), "wordnet", 0.2, seed=3).text
    with TestClient(create_app(Settings(index=index))) as indexed:
        doc = indexed.post("/v1/scan", content=copy.encode(), headers={"content-type": "text/plain"}).json()
        best = doc["documents"][0]["source"]["best"]
        assert best["differences"] and doc["documents"][0]["source"]["matches"][0]["coverage"] > 0.5
    script = (STATIC / "review.js").read_text(encoding="utf-8")
    assert "best.differences.forEach" in script and 'getElementById(id)' in script


def test_an_html_body_is_read_as_html_without_a_path(client):
    page = "<p>The <b>synthetic intelligence</b> (AI) market grows.</p><script>var synthetic = 1;</script>"
    doc = client.post("/v1/scan", content=page.encode(), headers={"content-type": "text/html"}).json()["documents"][0]
    assert doc["path"] == "request.html"
    assert all(page.index("<script>") > f["start"] for f in doc["findings"])


def test_serve_on_an_address_in_use_is_one_line_exit_3():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 3 and "cannot listen on 127.0.0.1:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_lone_surrogates_in_json_are_replaced_and_said(client):
    body = b'{"text": "A \\ud800 synthetic intelligence (AI) market.", "path": "a\\udc80.md"}'
    response = client.post("/v1/scan", content=body, headers={"content-type": "application/json"})
    doc = response.json()["documents"][0]
    assert response.status_code == 200 and doc["text"].startswith("A \ufffd synthetic")
    assert doc["path"] == "a\ufffd.md" and "lone surrogate escape" in doc["warnings"][0]


def test_a_defect_is_a_500_with_one_line(client, monkeypatch):
    from spindetect.scanner import Scanner

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(Scanner, "scan_source", broken)
    response = client.post("/v1/scan", content=b"Hello.", headers={"content-type": "text/plain"})
    assert response.status_code == 500 and response.json() == {"error": "internal error: ZeroDivisionError: division by zero"}


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

json_values = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=8)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(["/v1/scan", "/v1/check"]),
       kind=st.sampled_from(["text/plain", "application/json", "application/pdf", "text/html", "application/xml",
                             "application/octet-stream", ""]),
       body=st.one_of(st.binary(max_size=300), json_values.map(lambda v: __import__("json").dumps(v).encode()),
                      st.fixed_dictionaries({"text": st.text(max_size=80)}, optional={
                          "path": st.text(max_size=10), "options": json_values}).map(
                          lambda v: __import__("json").dumps(v).encode())))
def test_any_request_gets_an_answer_never_a_500(client, route, kind, body):
    response = client.post(route, content=body, headers={"content-type": kind} if kind else {})
    assert response.status_code in (200, 400, 413, 415, 422), (response.status_code, response.text)
    assert "error" in response.json() or "documents" in response.json()
