"""What guards every answer: security headers, request bodies capped, unexpected errors answered
plainly (never a stack trace), and the OpenAPI schema behind a setting."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.problems import MEDIA_TYPE
from transport.settings import Settings


def _settings(factory, **kw) -> Settings:
    kw.setdefault("twilio_auth_token", "t")
    return Settings(database_url=str(factory.kw["bind"].url), sms_dispatch_in_service=False, cookie_secret="x", **kw)


@pytest.fixture
def app(factory):
    return create_app(_settings(factory), factory)


@pytest.fixture
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_every_answer_has_the_security_headers(client):
    for path, csp in (
        ("/health", "default-src 'none'"),
        ("/me", "default-src 'none'"),
        ("/web/sign-in", "script-src 'self';"),
        ("/nowhere", "default-src 'none'"),
    ):
        answer = client.get(path)
        h = answer.headers
        assert h["x-content-type-options"] == "nosniff", path
        assert h["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in h["content-security-policy"], path
        assert csp in h["content-security-policy"], path
        assert h["referrer-policy"] == "no-referrer" and h["cache-control"] == "no-store", path
        assert "strict-transport-security" not in h, path  # plain HTTP: HSTS would mean nothing
    page = client.get("/web/sign-in").headers["content-security-policy"]
    assert "'unsafe-inline'" not in page and "'unsafe-eval'" not in page
    static = client.get("/web/static/site.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")
    assert static.headers["x-content-type-options"] == "nosniff"


def test_hsts_over_tls_or_by_setting(app, factory):
    with TestClient(app, base_url="https://testserver") as tls:
        assert tls.get("/health").headers["strict-transport-security"].startswith("max-age=31536000")
    with TestClient(create_app(_settings(factory, hsts=True), factory)) as behind_a_proxy:
        assert "strict-transport-security" in behind_a_proxy.get("/health").headers


def test_no_page_runs_an_inline_script(client):
    """The pages' CSP allows no inline script: the templates have none left to be blocked."""
    from pathlib import Path

    for template in Path("api/templates").glob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and " onclick=" not in text and " style=" not in text, template


@pytest.mark.parametrize(
    "path,size,cap",
    [("/absences", 70 * 1024, "64 KB"), ("/webhooks/sms/inbound", 17 * 1024, "16 KB"), ("/plans", 70 * 1024, "64 KB")],
)
def test_a_body_over_its_cap_is_refused_with_413(client, path, size, cap):
    kind = {"Content-Type": "application/x-www-form-urlencoded" if "webhooks" in path else "application/json"}
    answer = client.post(path, content=b"x" * size, headers=kind)
    assert answer.status_code == 413 and answer.headers["content-type"] == MEDIA_TYPE
    assert cap in answer.json()["detail"]
    # No Content-Length (chunked), or one that lies: counted as it arrives all the same.
    chunked = client.post(path, content=iter([b"x" * 1024] * (size // 1024)), headers=kind)
    assert chunked.status_code == 413


def test_an_upload_over_upload_max_mb_is_refused(factory):
    app = create_app(_settings(factory, upload_max_mb=0.05), factory)
    with TestClient(app) as client:
        files = [("files", ("children.csv", b"child_id\n" + b"C0001\n" * 20_000, "text/csv"))]
        answer = client.post("/imports", files=files)
        assert answer.status_code == 413 and "at most 51 KB" in answer.json()["detail"]
    # A page's form is small too.
    with TestClient(app) as client:
        assert client.post("/web/sign-in", data={"key": "k" * 70_000}).status_code == 413


def test_an_unexpected_error_is_a_problem_or_a_page_never_a_trace(app):
    def boom():
        raise RuntimeError("secret internals: /srv/transport/db.py line 12")

    app.add_api_route("/boom", boom)
    app.add_api_route("/web/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/boom")
        assert api.status_code == 500 and api.headers["content-type"] == MEDIA_TYPE
        body = api.json()
        assert body["status"] == 500 and body["title"] == "Internal Server Error" and "logged" in body["detail"]
        assert "secret" not in api.text and "Traceback" not in api.text
        assert api.headers["x-content-type-options"] == "nosniff" and api.headers["cache-control"] == "no-store"
        page = client.get("/web/boom")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "Something went wrong on our side" in page.text and "secret" not in page.text and "Traceback" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_openapi_schema_and_docs_are_behind_a_setting(factory):
    with TestClient(create_app(_settings(factory), factory)) as development:
        assert development.get("/openapi.json").status_code == 200
        docs = development.get("/docs")
        assert docs.status_code == 200 and "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    with TestClient(create_app(_settings(factory, api_docs=False), factory)) as production:
        for path in ("/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect"):
            assert production.get(path).status_code == 404, path
        assert production.get("/health").status_code == 200


def test_an_upload_that_unpacks_too_large_is_refused_by_name(factory, tmp_path, monkeypatch):
    """The probe's xlsx with a huge comment: refused at once, by name, nothing imported."""
    import io
    import zipfile

    from openpyxl import Workbook

    from transport.accounts import add_user
    from transport.db import transaction
    from transport.imports import files

    monkeypatch.setattr(files, "MAX_XLSX_UNPACKED_BYTES", 1024 * 1024)
    with transaction(factory) as db:
        token = add_user(db, "planner", "Pat Planner")
    book, data = Workbook(), io.BytesIO()
    book.active.append(["officer_id", "name", "phone"])
    book.save(data)
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/comments1.xml", b"<comments>" + b"a" * 3 * 1024 * 1024 + b"</comments>")
    with TestClient(create_app(_settings(factory), factory)) as client:
        answer = client.post(
            "/imports",
            files=[("files", ("officers.xlsx", data.getvalue(), "application/octet-stream"))],
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 422 and answer.headers["content-type"] == MEDIA_TYPE
    assert any(e.startswith("officers.xlsx: unpacks to more than 1 MB") for e in answer.json()["errors"])
