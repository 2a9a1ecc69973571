"""Every operation of a service, read from its own OpenAPI document, and a dummy request for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from fastapi import FastAPI

from shared import testing

API_PREFIX = "/v1"
METHODS = ("get", "post", "put", "patch", "delete")
DUMMY_UUID = "00000000-0000-4000-8000-000000000000"
# The operations on one trajectory, under /trajecten/{trajectId}/ (matrix and processing-log table).
TRAJECT_STAPPEN = (
    ("POST", "fase-overgangen"),
    ("PUT", "documenten"),
    ("POST", "beschikkingen"),
    ("POST", "bezwaren"),
    ("PUT", "plan-van-aanpak"),
    ("POST", "toewijzingen"),
    ("POST", "schulden"),
    ("POST", "berekeningen"),
    ("POST", "aanbiedingen"),
    ("POST", "schulden/{schuldId}/reacties"),
    ("POST", "dwangakkoord-verzoeken"),
    ("POST", "dwangakkoord-uitspraken"),
    ("PUT", "afwegingskader"),
    ("POST", "oplossingen"),
    ("POST", "voorzieningen"),
    ("POST", "voorzieningen/{voorzieningId}/beeindigingen"),
    ("POST", "programmas"),
    ("POST", "noodfonds-aanvragen"),
    ("POST", "noodfonds-aanvragen/{aanvraagId}/besluiten"),
    ("POST", "wsnp-verklaringen"),
)
OWN_CREDITOR = "creditor-a"
OTHER_CREDITOR = "creditor-b"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    document: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def body_types(self) -> list[str]:
        return list(self.document.get("requestBody", {}).get("content", {}))

    def url(self, **ids: str) -> str:
        path = self.path
        for parameter in self.document.get("parameters", []):
            if parameter["in"] != "path":
                continue
            name = parameter["name"]
            schema = parameter.get("schema", {})
            value = ids.get(name) or dummy_path_value(schema)
            path = path.replace("{" + name + "}", value)
        return API_PREFIX + path


def dummy_path_value(schema: dict[str, Any]) -> str:
    if schema.get("format") == "uuid":
        return DUMMY_UUID
    if schema.get("type") == "integer":
        return "2026"
    return "intake"


def operations(app: Any) -> list[Operation]:
    """The operations of an app (a FastAPI app, or a TestClient's `app`)."""
    document = cast(FastAPI, app).openapi()
    return [
        Operation(method=method, path=path, document=operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


# Each caller of the matrix: a name and its Authorization header (none for "anonymous").
def callers() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ("loket", "consulent", "coordinator", "kwaliteit", "bi", "privacy", "service"):
        found[role] = testing.auth_header(role)
    found["admin"] = testing.auth_header("admin")
    found["creditor"] = testing.auth_header(
        "creditor", creditor_id=OWN_CREDITOR, partner_type="Huur"
    )
    return found
