"""Schemathesis throws requests made from the OpenAPI document at the API: none is a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error


def test_no_request_gets_a_server_error(council):
    # Starting plans is left out: each would plan a council in the background for seconds.
    schema = schemathesis.openapi.from_asgi("/openapi.json", council.client.app).exclude(method="POST", path="/plans")
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case):
            for who in ("planner", "parent", "school"):
                case.call_and_validate(headers=council.auth(who), checks=[not_a_server_error])

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
