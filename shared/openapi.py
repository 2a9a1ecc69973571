"""The OpenAPI document every service publishes at `/v1/openapi.json`, shaped to pass the Logius
API Design Rules linter: servers with the major version, `API-Version` on every success response,
problem responses (and a 400) on every operation, contact info, no FastAPI 422s."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from shared.problems import PROBLEM_MEDIA_TYPE, Problem

API_PREFIX = "/v1"
CONTACT = {
    "name": "Balans Schuldhulpverlening, gemeente Amstelveen",
    "url": "https://www.amstelveen.nl/schuldhulpverlening",
    "email": "balans@amstelveen.nl",
}
PROBLEM_DESCRIPTIONS = {
    "400": "Ongeldige invoer: elk ongeldig veld staat in `invalidParams`.",
    "401": "Geen of geen geldig bearer-token.",
    "403": "Het token heeft niet de rol die deze handeling vraagt.",
    "404": "Niet gevonden.",
    "409": "Conflict met de huidige toestand.",
    "413": "De request body is te groot.",
    "422": "De handeling is in strijd met een regel.",
    "500": "Onverwachte fout.",
    "503": "De dienst of haar database is tijdelijk niet beschikbaar.",
}
STANDARD_PROBLEMS = ("400", "500", "503")
SECURED_PROBLEMS = ("401", "403")
METHODS = ("get", "put", "post", "delete", "patch")


def build_openapi(app: FastAPI, *, public_url: str) -> dict[str, Any]:
    """Generate the document once; FastAPI caches it on `app.openapi_schema`."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        contact=CONTACT,
    )
    doc["servers"] = [{"url": public_url.rstrip("/") + API_PREFIX, "description": app.title}]
    doc["paths"] = {
        (path[len(API_PREFIX) :] or "/") if path.startswith(API_PREFIX + "/") else path: item
        for path, item in doc.get("paths", {}).items()
    }
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = Problem.model_json_schema(
        by_alias=True, ref_template="#/components/schemas/{model}"
    )
    for name, sub in schemas["Problem"].pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    components.setdefault("headers", {})["API-Version"] = {
        "description": "The full version of this API (semantic versioning).",
        "schema": {"type": "string", "example": app.version},
    }
    for item in doc["paths"].values():
        for method in METHODS:
            if method in item:
                _shape_operation(item[method])
    doc = _pascal_case_schema_names(doc)
    app.openapi_schema = doc
    return doc


def _pascal_case_schema_names(doc: dict[str, Any]) -> dict[str, Any]:
    """Generic models get names like `Page_Verwerking_`; the ADR wants `PageVerwerking`."""
    schemas = doc["components"]["schemas"]
    renames = {name: re.sub(r"[^A-Za-z0-9]", "", name) for name in schemas}
    renames = {old: new for old, new in renames.items() if old != new}
    if not renames:
        return doc
    text = json.dumps(doc)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    schemas = renamed["components"]["schemas"]
    renamed["components"]["schemas"] = {renames.get(k, k): v for k, v in schemas.items()}
    return renamed


def _shape_operation(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if _is_fastapi_validation(responses.get("422")):
        del responses["422"]  # invalid input answers 400 here, not FastAPI's 422
    wanted = list(STANDARD_PROBLEMS)
    if operation.get("security"):
        wanted += SECURED_PROBLEMS
    for status in wanted:
        responses.setdefault(status, {"description": PROBLEM_DESCRIPTIONS[status]})
    for status, response in responses.items():
        if status.startswith(("2", "3")):
            response.setdefault("headers", {})["API-Version"] = {
                "$ref": "#/components/headers/API-Version"
            }
        elif status.startswith(("4", "5")):
            response["content"] = {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
            }
            if not response.get("description") or response["description"] == "Additional Response":
                response["description"] = PROBLEM_DESCRIPTIONS.get(status, "Fout.")


def _is_fastapi_validation(response: dict[str, Any] | None) -> bool:
    if not response:
        return False
    content = response.get("content", {}).get("application/json", {})
    return "HTTPValidationError" in str(content.get("schema", {}))
