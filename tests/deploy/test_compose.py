"""compose.yaml and the Keycloak realm it imports, validated without a container engine:
the compose-spec JSON schema (tests/deploy/schemas) and the checks `docker compose config`
cannot make (every service healthy-checked and migrated first, its settings real, the realm's
roles and claims the ones shared/auth.py reads)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shared.auth import Role, principal_from_claims
from shared.settings import DEFAULT_AUDIENCE
from tests.deploy.variables import all_variables

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"
COMPOSE_FILE = REPO_ROOT / "compose.yaml"
REALM_FILE = REPO_ROOT / "deploy" / "keycloak" / "realm-balans.json"
INIT_SQL = REPO_ROOT / "deploy" / "postgres" / "init-databases.sql"
APP_SERVICES = ("intake", "signals", "trajectory", "reporting")


def load_compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return document


def interpolate(value: str) -> str:
    """Compose's `${VAR:-default}` with nothing set: the default (`${VAR}` alone: empty)."""
    return re.sub(r"\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}", lambda m: m.group(2) or "", value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def realm() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(REALM_FILE.read_text())
    return document


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    assert isinstance(env, dict), "environment as a mapping"
    return {key: interpolate(str(value)) for key, value in env.items()}


def test_the_file_is_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validators.validator_for(schema).check_schema(schema)
    validator = jsonschema.validators.validator_for(schema)(
        schema, format_checker=jsonschema.FormatChecker()
    )
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_schema_rejects_a_broken_file(compose: dict[str, Any]) -> None:
    # The validation is not vacuous: a misspelt key and a wrong condition are caught.
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    broken = json.loads(json.dumps(compose))
    broken["services"]["intake"]["helthcheck"] = broken["services"]["intake"].pop("healthcheck")
    broken["services"]["signals"]["depends_on"]["migrate-signals"]["condition"] = "done"
    assert len(list(validator.iter_errors(broken))) >= 2


def test_every_long_running_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if name.startswith("migrate-"):
            assert service["restart"] == "no", f"{name} runs once"
            continue
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        assert check["test"], f"{name} has no healthcheck command"
        assert not check.get("disable", False)


def test_each_service_waits_for_its_migration_and_the_identity_provider(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["depends_on"][f"migrate-{name}"] == {
            "condition": "service_completed_successfully"
        }
        assert service["depends_on"]["keycloak"] == {"condition": "service_healthy"}
        assert service["healthcheck"]["test"] == ["CMD", "python", "-m", "deploy.healthcheck"]
        migration = services[f"migrate-{name}"]
        assert migration["command"] == ["python", "-m", "deploy.migrate", name]
        assert migration["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert (
            environment(migration)[f"{name.upper()}_DATABASE_URL"]
            == environment(service)[f"{name.upper()}_DATABASE_URL"]
        )
    assert services["keycloak"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_each_service_gets_its_database_and_the_oidc_settings(
    compose: dict[str, Any], realm: dict[str, Any]
) -> None:
    created = set(re.findall(r"CREATE DATABASE (\w+);", INIT_SQL.read_text()))
    for name in APP_SERVICES:
        env = environment(compose["services"][name])
        assert env["SERVICE"] == name
        database = env[f"{name.upper()}_DATABASE_URL"]
        assert database.startswith("postgresql+psycopg://")
        assert database.rsplit("/", 1)[1] in created
        assert env["ENVIRONMENT"] == "production"
        assert env["JWT_JWKS_URL"] == (
            f"http://keycloak:8080/realms/{realm['realm']}/protocol/openid-connect/certs"
        )
        assert env["JWT_ISSUER"].endswith(f"/realms/{realm['realm']}")
        assert env["JWT_AUDIENCE"] == DEFAULT_AUDIENCE
        assert env["OIDC_TOKEN_URL"] == (
            f"http://keycloak:8080/realms/{realm['realm']}/protocol/openid-connect/token"
        )
        (client,) = [c for c in realm["clients"] if c["clientId"] == env["SERVICE_CLIENT_ID"]]
        assert client["serviceAccountsEnabled"]
        assert env["SERVICE_CLIENT_SECRET"] == client["secret"]  # the development placeholder
        assert "PSEUDONYM_KEY" in env
        for peer in APP_SERVICES:
            assert env[f"{peer.upper()}_URL"] == f"http://{peer}:8000"


def test_every_variable_set_for_a_service_is_one_it_reads(compose: dict[str, Any]) -> None:
    known = all_variables()
    for name, service in compose["services"].items():
        if name in APP_SERVICES or name.startswith("migrate-"):
            unknown = set(environment(service)) - known
            assert not unknown, f"{name} sets variables nothing reads: {sorted(unknown)}"


def test_keycloak_imports_the_realm(compose: dict[str, Any]) -> None:
    keycloak = compose["services"]["keycloak"]
    assert "--import-realm" in keycloak["command"]
    assert "./deploy/keycloak:/opt/keycloak/data/import:ro" in keycloak["volumes"]


# --- the realm -----------------------------------------------------------------------------


def test_the_realm_defines_exactly_the_roles_the_services_know(realm: dict[str, Any]) -> None:
    defined = {role["name"] for role in realm["roles"]["realm"]}
    assert defined == {role.value for role in Role}


def test_every_role_the_code_checks_is_defined(realm: dict[str, Any]) -> None:
    used: set[str] = set()
    for path in [*REPO_ROOT.glob("services/**/*.py"), *REPO_ROOT.glob("shared/**/*.py")]:
        used.update(re.findall(r"\bRole\.([a-z_]+)\b", path.read_text()))
    assert used, "the services check roles"
    assert used <= {role["name"] for role in realm["roles"]["realm"]}


def token_issuing_clients(realm: dict[str, Any]) -> list[dict[str, Any]]:
    return [client for client in realm["clients"] if not client.get("bearerOnly", False)]


def mapper(client: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [m for m in client.get("protocolMappers", []) if m["protocolMapper"] == kind]


def test_every_client_puts_the_audience_and_the_roles_where_shared_auth_reads_them(
    realm: dict[str, Any],
) -> None:
    audience_clients = [c for c in realm["clients"] if c["clientId"] == DEFAULT_AUDIENCE]
    assert audience_clients
    assert audience_clients[0]["bearerOnly"]
    for client in token_issuing_clients(realm):
        (audience,) = mapper(client, "oidc-audience-mapper")
        assert audience["config"]["included.custom.audience"] == DEFAULT_AUDIENCE
        assert audience["config"]["access.token.claim"] == "true"
        (roles,) = mapper(client, "oidc-usermodel-realm-role-mapper")
        assert roles["config"]["claim.name"] == "roles"
        assert roles["config"]["multivalued"] == "true"
        assert roles["config"]["access.token.claim"] == "true"


def access_token_claims(realm: dict[str, Any], client_id: str, username: str) -> dict[str, Any]:
    """The claims Keycloak would put in an access token of `username` through `client_id`,
    built from the realm's mappers (what a real token carries; compose shows it end to end)."""
    (client,) = [c for c in realm["clients"] if c["clientId"] == client_id]
    (user,) = [u for u in realm["users"] if u["username"] == username]
    claims: dict[str, Any] = {"sub": f"id-of-{username}", "iss": "issuer", "exp": 0}
    for item in client["protocolMappers"]:
        config = item["config"]
        if config.get("access.token.claim") != "true":
            continue
        if item["protocolMapper"] == "oidc-usermodel-realm-role-mapper":
            claims[config["claim.name"]] = list(user.get("realmRoles", []))
        elif item["protocolMapper"] == "oidc-audience-mapper":
            claims["aud"] = config["included.custom.audience"]
        elif item["protocolMapper"] == "oidc-hardcoded-claim-mapper":
            claims[config["claim.name"]] = config["claim.value"]
        elif item["protocolMapper"] == "oidc-usermodel-attribute-mapper":
            values = user.get("attributes", {}).get(config["user.attribute"])
            if values:
                claims[config["claim.name"]] = values[0]
    return claims


def test_a_creditor_token_carries_its_creditor_id_and_partner_type(
    realm: dict[str, Any],
) -> None:
    client_id = "creditor-woonstichting-demo"
    claims = access_token_claims(realm, client_id, f"service-account-{client_id}")
    principal = principal_from_claims(claims)
    assert principal.roles == {Role.creditor}
    assert principal.creditor_id == "woonstichting-demo"
    assert principal.partner_type == "Huur"


@pytest.mark.parametrize(
    ("client_id", "username", "role"),
    [
        ("balans-service", "service-account-balans-service", Role.service),
        ("balans-bi", "service-account-balans-bi", Role.bi),
        ("balans-frontend", "consulent.demo", Role.consulent),
        ("balans-frontend", "privacy.demo", Role.privacy),
    ],
)
def test_tokens_of_the_realms_accounts_carry_their_role(
    realm: dict[str, Any], client_id: str, username: str, role: Role
) -> None:
    claims = access_token_claims(realm, client_id, username)
    assert claims["aud"] == DEFAULT_AUDIENCE
    assert principal_from_claims(claims).roles == {role}


def test_every_staff_role_has_a_demo_user_and_the_service_clients_have_accounts(
    realm: dict[str, Any],
) -> None:
    users = {u["username"]: u for u in realm["users"]}
    for role in Role:
        if role in (Role.creditor, Role.service):
            continue
        assert users[f"{role.value}.demo"]["realmRoles"] == [role.value]
    for client in token_issuing_clients(realm):
        if client.get("serviceAccountsEnabled"):
            account = users[f"service-account-{client['clientId']}"]
            assert account["serviceAccountClientId"] == client["clientId"]
