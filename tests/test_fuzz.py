"""Property-based fuzzing of the whole API from its own OpenAPI description.

Schemathesis generates requests for every operation (valid and invalid) against a real daemon
process with a valid token. Every answer must be below 500, match the documented schema and
content type, and every 4xx must be the error envelope.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from rapport.routes import ROUTES
from tests.daemon import start_daemon

EXAMPLES_PER_OPERATION = 60
MINIMUM_REQUESTS = 2000
sent = {"requests": 0}


@pytest.fixture(scope="module")
def fuzzed_daemon(tmp_path_factory):
    daemon = start_daemon(tmp_path_factory.mktemp("fuzz"))
    yield daemon
    daemon.stop()


@pytest.fixture(scope="module")
def api_schema(fuzzed_daemon):
    client = fuzzed_daemon.client()
    return schemathesis.openapi.from_url(
        f"{client.base_url}/api/v1/openapi.json",
        headers={"Authorization": f"Bearer {client.token}"},
    )


def check_answer(case, response) -> None:
    case.validate_response(
        response,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) <= {"code", "message", "field"}, body
        assert body["error"]["code"] and body["error"]["message"], body


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_no_server_error_and_always_the_envelope(route, api_schema, fuzzed_daemon):
    client = fuzzed_daemon.client()
    operation = api_schema[route.path][route.method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def fuzz(case):
        response = case.call(
            base_url=client.base_url, headers={"Authorization": f"Bearer {client.token}"}
        )
        sent["requests"] += 1
        check_answer(case, response)

    fuzz()


def test_enough_requests_were_sent():
    assert sent["requests"] >= MINIMUM_REQUESTS, sent
