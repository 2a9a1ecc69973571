"""The conventions every service gets from the app factory: problems, API-Version, 404 on
trailing slashes, 405 with Allow, health, metrics, trace context and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine

from shared import testing

BI = testing.auth_header("bi")


def test_every_response_carries_the_api_version(client_for) -> None:
    client = client_for("intake")
    for response in (
        client.get("/health/live"),
        client.get("/v1/events", headers=BI),
        client.get("/v1/does-not-exist"),
        client.get("/v1/events"),
    ):
        assert response.headers["API-Version"] == "1.0.0"


def test_every_response_carries_the_security_headers(client_for, any_service: str) -> None:
    client = client_for(any_service)
    for response in (
        client.get("/health/live"),
        client.get("/v1/events", headers=BI),
        client.get("/v1/does-not-exist"),
        client.get("/v1/events"),
        client.get("/v1/openapi.json"),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        assert response.headers["Cache-Control"] == "no-store"


def test_an_endpoints_own_cache_control_is_kept(make_app) -> None:
    from fastapi import Response
    from fastapi.testclient import TestClient

    app = make_app("intake")

    @app.get("/cached")
    async def cached() -> Response:
        return Response("x", headers={"Cache-Control": "max-age=60"})

    with TestClient(app) as client:
        assert client.get("/cached").headers.get_list("Cache-Control") == ["max-age=60"]


def _melding_met(client_for, content: Any) -> Any:
    """POST `content` as a melding to intake with a body cap of 2048 bytes."""
    client = client_for("intake", max_body_bytes=2048)
    return client.post(
        "/v1/meldingen",
        content=content,
        headers=testing.auth_header("loket") | {"Content-Type": "application/json"},
    )


def test_a_body_over_the_cap_is_a_413_problem_before_it_is_read(client_for) -> None:
    response = _melding_met(client_for, b"{" + b" " * 4096 + b"}")
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "2048 bytes" in response.json()["detail"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_body_at_the_cap_is_read(client_for) -> None:
    response = _melding_met(client_for, b"{" + b" " * 2046 + b"}")
    assert response.status_code == 400  # read, and refused for what it lacks


def test_a_body_in_chunks_without_a_length_is_cut_off_at_the_cap(client_for) -> None:
    def chunks():  # httpx sends a generator without Content-Length (chunked)
        for _ in range(8):
            yield b" " * 1024

    response = _melding_met(client_for, chunks())
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "2048 bytes" in response.json()["detail"]


def test_an_endpoint_with_its_own_cap_takes_a_larger_body(client_for) -> None:
    client = client_for("signals", max_body_bytes=2048)
    rows = [{"partnerId": f"p{i}"} for i in range(200)]  # about 4 kB, refused row by row
    response = client.post(
        "/v1/signaal-batches",
        json=rows,
        headers=testing.auth_header("creditor", creditor_id="c", partner_type="Huur"),
    )
    assert response.status_code == 202, response.text


def test_unknown_path_is_a_404_problem(client_for) -> None:
    response = client_for("intake").get("/v1/does-not-exist")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert body["status"] == 404
    assert body["instance"] == "/v1/does-not-exist"


def test_trailing_slash_is_a_404_not_a_redirect(client_for) -> None:
    response = client_for("intake").get("/v1/events/", headers=BI, follow_redirects=False)
    assert response.status_code == 404


def test_unsupported_method_is_a_405_with_allow(client_for) -> None:
    response = client_for("intake").delete("/v1/events", headers=BI)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.headers["content-type"] == "application/problem+json"


def test_invalid_query_is_a_400_listing_every_invalid_field(client_for) -> None:
    response = client_for("intake").get("/v1/events?after=-1&limit=abc", headers=BI)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert sorted(p["name"] for p in body["invalidParams"]) == ["after", "limit"]
    assert all(p["reason"] for p in body["invalidParams"])


def test_missing_token_is_a_401_with_a_bearer_challenge(client_for) -> None:
    response = client_for("intake").get("/v1/events")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_health_live_and_ready(client_for, any_service: str) -> None:
    client = client_for(any_service)
    assert client.get("/health/live").json() == {"status": "up"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["migrations"] == "head"


def test_unreachable_database_gives_503_and_a_failing_readiness_check(client_for) -> None:
    client = client_for("intake")
    app = client.app
    healthy_engine, healthy_sessions = app.state.engine, app.state.connect
    # Nothing listens on port 1: connections are refused at once.
    dead = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    app.state.engine, app.state.connect = dead, dead.connect
    try:
        assert client.get("/health/ready").status_code == 503
        response = client.get("/v1/events", headers=BI)
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
    finally:
        app.state.engine, app.state.connect = healthy_engine, healthy_sessions
        dead.dispose()
    # It recovers by itself when the database is back.
    assert client.get("/health/ready").status_code == 200
    assert client.get("/v1/events", headers=BI).status_code == 200


def test_metrics_count_requests_per_route_and_show_the_outbox_backlog(client_for) -> None:
    client = client_for("intake")
    client.get("/v1/events", headers=BI)
    text = client.get("/metrics").text
    assert (
        'http_requests_total{method="GET",route="/v1/events",service="intake",status="200"}' in text
    )
    assert "outbox_backlog" in text
    assert "event_feed_position" in text


def test_trace_context_is_taken_from_traceparent(client_for) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    response = client_for("intake").get(
        "/health/live", headers={"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
    )
    assert response.headers["traceresponse"].split("-")[1] == trace_id


def test_openapi_document_is_published_with_contact_and_servers(client_for, any_service) -> None:
    document = client_for(any_service).get("/v1/openapi.json").json()
    assert set(document["info"]["contact"]) == {"name", "url", "email"}
    assert document["servers"][0]["url"].endswith("/v1")
    assert all(not path.startswith("/v1/") for path in document["paths"])


def test_openapi_declares_api_version_and_problems_on_every_operation(make_app, any_service):
    document = make_app(any_service).openapi()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert "400" in responses, f"{method} {path}"
            assert "422" not in responses or "Problem" in str(responses["422"])
            for status, response in responses.items():
                if status[0] in "23":
                    assert "API-Version" in response["headers"], f"{method} {path} {status}"
                else:
                    assert "application/problem+json" in response["content"]


@pytest.mark.parametrize("path", ["/v1/openapi.json", "/health/live", "/health/ready", "/metrics"])
def test_operational_endpoints_need_no_token(client_for, path: str) -> None:
    assert client_for("signals").get(path).status_code == 200
