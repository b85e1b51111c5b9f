"""Schemathesis throws requests made from the OpenAPI document at the API: none is a server error."""

from __future__ import annotations

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

_REQUEST = ("method", "url", "headers", "params", "cookies", "files", "data", "json")


def test_no_request_gets_a_server_error(council):
    # The document is read through the council's own client, and every request goes through it:
    # schemathesis's ASGI transport would start the app's lifespan a second time on an event loop
    # of its own (a second planning runner, dispatcher and writers' queue), and stop the
    # council's planning runner for the tests after it.
    # Starting plans is left out: each would plan a council in the background for seconds.
    document = council.client.get("/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document).exclude(method="POST", path="/plans")
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case):
            for who in ("planner", "parent", "school"):
                sent = case.as_transport_kwargs(base_url=str(council.client.base_url), headers=council.auth(who))
                made = requests.Request(**{k: v for k, v in sent.items() if k in _REQUEST}).prepare()  # the body as bytes
                answer = council.client.request(made.method, made.url, headers=dict(made.headers), content=made.body)
                case.validate_response(answer, checks=[not_a_server_error])

        no_server_error()
        tried += 1
    assert tried >= 18


def test_the_openapi_document_describes_every_endpoint_with_problem_details(council):
    doc = council.client.get("/openapi.json").json()
    paths = set(doc["paths"])
    for path in (
        "/health",
        "/schools",
        "/children",
        "/guardians",
        "/vehicles",
        "/imports",
        "/plans",
        "/plans/{plan_id}",
        "/plans/{plan_id}/publish",
        "/runs",
        "/me/children",
        "/me/children/{child_id}/transport",
        "/absences",
        "/absences/{absence_id}",
        "/schools/{school_id}/manifest",
        "/me/runs",
        "/runs/{run_id}/moves",
        "/runs/{run_id}/crew",
    ):
        assert path in paths, path
    assert "application/problem+json" in doc["paths"]["/children"]["get"]["responses"]["404"]["content"]
