"""The domain's errors reach a caller as problem details with one status per kind, mapped once."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import problems
from transport.errors import Conflict, Invalid, NotFound, TransportError, Unavailable
from transport.imports.errors import ImportFailed, RowError


@pytest.mark.parametrize(
    "error,status",
    [
        (NotFound("there is no plan 9"), 404),
        (Conflict("plan 3 is still being made"), 409),
        (Invalid("that day has passed"), 422),
        (Unavailable("the road engine at http://127.0.0.1:1 did not answer"), 503),
        (TransportError("something else a person can put right"), 400),
    ],
)
def test_each_kind_of_error_has_its_status(error, status):
    app = FastAPI()
    problems.install(app)

    @app.get("/boom")
    def boom():
        raise error

    answer = TestClient(app).get("/boom")
    assert answer.status_code == status
    assert answer.headers["content-type"] == problems.MEDIA_TYPE
    assert answer.json() == {"type": "about:blank", "title": answer.reason_phrase, "status": status, "detail": str(error)}


def test_a_bad_import_lists_every_row():
    app = FastAPI()
    problems.install(app)

    @app.get("/import")
    def bad_import():
        raise ImportFailed(
            [RowError("children.csv", 3, "postcode", "is not a UK postcode"), RowError("schools.csv", 0, "", "is empty")]
        )

    body = TestClient(app).get("/import").json()
    assert body["status"] == 422
    assert body["errors"] == ["children.csv, row 3, postcode: is not a UK postcode", "schools.csv: is empty"]
