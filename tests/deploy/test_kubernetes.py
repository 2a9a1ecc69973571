"""The Kubernetes manifests (deploy/k8s): every resource valid against the Kubernetes schemas
(kubernetes-validate, offline, strict), the base and the production overlay rendered the way
Kustomize would, and the checks a schema cannot make: probes, resources, a migration Job per
service, the policy ConfigMap equal to shared/policies, and NetworkPolicies that let through
exactly the calls the code makes."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.deploy.variables import all_variables

REPO_ROOT = Path(__file__).resolve().parents[2]
K8S = REPO_ROOT / "deploy" / "k8s"
BASE = K8S / "base"
OVERLAY = K8S / "overlays" / "production"
SERVICES = ("intake", "signals", "trajectory", "reporting")
# The oldest Kubernetes minor still supported by the major clouds, and the newest schema known.
KUBERNETES_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())

Resource = dict[str, Any]


# --- a small Kustomize: resources, namespace, images, labels, strategic-merge and JSON patches --


def _documents(path: Path) -> list[Resource]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _merge(target: Any, patch: Any) -> Any:
    # Maps merge key by key; lists are replaced (all our patches patch maps only).
    if isinstance(target, dict) and isinstance(patch, dict):
        merged = dict(target)
        for key, value in patch.items():
            merged[key] = _merge(target.get(key), value) if key in target else value
        return merged
    return copy.deepcopy(patch)


def _json_patch(resource: Resource, operations: list[dict[str, Any]]) -> None:
    for operation in operations:
        assert operation["op"] == "replace", "only replace is used"
        *parents, last = [
            int(p) if p.isdigit() else p for p in operation["path"].lstrip("/").split("/")
        ]
        node: Any = resource
        for part in parents:
            node = node[part]
        assert isinstance(node, list) or last in node, f"no {operation['path']}"
        node[last] = operation["value"]


def _matches(resource: Resource, target: dict[str, str]) -> bool:
    if "kind" in target and resource["kind"] != target["kind"]:
        return False
    return "name" not in target or bool(re.fullmatch(target["name"], resource["metadata"]["name"]))


def _images(resource: Resource) -> Iterator[dict[str, Any]]:
    spec = resource.get("spec", {})
    pod = spec.get("template", {}).get("spec", {})
    yield from pod.get("initContainers", [])
    yield from pod.get("containers", [])


def render(folder: Path) -> list[Resource]:
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    resources: list[Resource] = []
    for entry in kustomization.get("resources", []):
        path = folder / entry
        resources.extend(render(path) if path.is_dir() else _documents(path))
    for label in kustomization.get("labels", []):
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    for patch in kustomization.get("patches", []):
        if "path" in patch:
            (partial,) = _documents(folder / patch["path"])
            matched = [
                r
                for r in resources
                if (r["kind"], r["metadata"]["name"])
                == (partial["kind"], partial["metadata"]["name"])
            ]
            assert len(matched) == 1, f"patch {patch['path']} matches {len(matched)} resources"
            index = resources.index(matched[0])
            resources[index] = _merge(matched[0], partial)
        else:
            matched = [r for r in resources if _matches(r, patch["target"])]
            assert matched, f"patch for {patch['target']} matches nothing"
            for resource in matched:
                _json_patch(resource, yaml.safe_load(patch["patch"]))
    for image in kustomization.get("images", []):
        for resource in resources:
            for container in _images(resource):
                if container["image"].split(":")[0] == image["name"]:
                    container["image"] = f"{image['newName']}:{image['newTag']}"
    if "namespace" in kustomization:
        for resource in resources:
            if resource["kind"] != "Namespace":
                resource["metadata"]["namespace"] = kustomization["namespace"]
    return resources


RENDERED = {"base": render(BASE), "production": render(OVERLAY)}


def by_kind(resources: list[Resource], kind: str) -> dict[str, Resource]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


# --- schema validation ---------------------------------------------------------------------


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("variant", list(RENDERED))
def test_every_resource_is_valid_against_the_kubernetes_schemas(variant: str, version: str) -> None:
    errors = []
    for resource in RENDERED[variant]:
        try:
            kubernetes_validate.validate(resource, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            name = f"{resource['kind']}/{resource['metadata']['name']}"
            errors.append(f"{name}: {error.message} at {list(error.path)}")
    assert not errors, "\n".join(errors)


def test_the_validator_is_not_vacuous() -> None:
    deployment = copy.deepcopy(by_kind(RENDERED["base"], "Deployment")["intake"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[0], strict=True)


def test_the_overlay_sets_namespace_image_and_urls() -> None:
    resources = RENDERED["production"]
    namespaced = [r for r in resources if r["kind"] != "Namespace"]
    assert {r["metadata"]["namespace"] for r in namespaced} == {"balans"}
    images = {c["image"] for r in resources for c in _images(r)}
    assert images == {"registry.example.org/balans:1.0.0"}
    config = by_kind(resources, "ConfigMap")["balans-config"]["data"]
    assert config["JWT_ISSUER"].startswith("https://")
    assert config["ENVIRONMENT"] == "production"  # kept from the base


# --- what the services need ----------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_deployment_service_job_and_autoscaler(service: str) -> None:
    resources = RENDERED["production"]
    deployment = by_kind(resources, "Deployment")[service]
    pod = deployment["spec"]["template"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod["metadata"]["labels"].items()
    (container,) = pod["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    assert env["SERVICE"]["value"] == service
    assert env[f"{service.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    (init,) = pod["spec"]["initContainers"]
    assert init["command"] == ["python", "-m", "deploy.migrate", service]

    kube_service = by_kind(resources, "Service")[service]
    assert kube_service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    job = by_kind(resources, "Job")[f"migrate-{service}"]
    (migration,) = job["spec"]["template"]["spec"]["containers"]
    assert migration["command"] == ["python", "-m", "deploy.migrate", service]
    assert migration["image"] == container["image"]
    hpa = by_kind(resources, "HorizontalPodAutoscaler")[service]
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": service,
    }
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]


def test_every_container_has_requests_limits_and_runs_unprivileged() -> None:
    for resource in RENDERED["production"]:
        if resource["kind"] not in ("Deployment", "Job"):
            continue
        pod = resource["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        for container in _images(resource):
            name = f"{resource['metadata']['name']}/{container['name']}"
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= container["resources"][kind].keys(), name
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["capabilities"]["drop"] == ["ALL"], name


def test_graceful_shutdown_fits_in_the_grace_period() -> None:
    resources = RENDERED["production"]
    config = by_kind(resources, "ConfigMap")["balans-config"]["data"]
    for deployment in by_kind(resources, "Deployment").values():
        pod = deployment["spec"]["template"]["spec"]
        pre_stop = 5  # the preStop sleep, so the endpoints are gone before SIGTERM
        assert "time.sleep(5)" in pod["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][2]
        shutdown = int(config["GRACEFUL_SHUTDOWN_SECONDS"]) + pre_stop
        assert shutdown < pod["terminationGracePeriodSeconds"]


def test_the_policy_configmap_is_the_policy_file_and_is_mounted_where_policy_file_points() -> None:
    resources = RENDERED["production"]
    policy = by_kind(resources, "ConfigMap")["balans-policy"]["data"]
    assert policy == {"GM0362.toml": (REPO_ROOT / "shared/policies/GM0362.toml").read_text()}
    policy_file = Path(by_kind(resources, "ConfigMap")["balans-config"]["data"]["POLICY_FILE"])
    for deployment in by_kind(resources, "Deployment").values():
        mounts = deployment["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
        (mount,) = [m for m in mounts if m["name"] == "policy"]
        assert policy_file.parent == Path(mount["mountPath"])
        assert policy_file.name in policy


def test_secrets_hold_placeholders_only() -> None:
    for secret in by_kind(RENDERED["production"], "Secret").values():
        for value in secret["stringData"].values():
            assert "REPLACE-ME" in value


def test_every_configured_variable_is_one_the_services_read() -> None:
    known = all_variables()
    config = by_kind(RENDERED["production"], "ConfigMap")["balans-config"]["data"]
    assert not set(config) - known
    for deployment in by_kind(RENDERED["production"], "Deployment").values():
        for container in _images(deployment):
            assert not {e["name"] for e in container["env"]} - known


# --- network policies: exactly the calls the code makes -------------------------------------


def calls_in_code() -> dict[str, set[str]]:
    """Which service calls which, read from the source: peer URLs used and outbox targets."""
    calls: dict[str, set[str]] = {}
    for service in SERVICES:
        found: set[str] = set()
        for path in (REPO_ROOT / "services" / service).rglob("*.py"):
            text = path.read_text()
            found.update(re.findall(r"settings\.(intake|signals|trajectory|reporting)_url", text))
            found.update(re.findall(r'destination="(intake|signals|trajectory|reporting)"', text))
        calls[service] = found - {service}
    return calls


def _peers(rules: list[dict[str, Any]]) -> set[str]:
    return {
        peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        for rule in rules
        for peer in rule.get("from", rule.get("to", []))
        if "podSelector" in peer and "namespaceSelector" not in peer
    }


def test_the_code_makes_the_calls_the_architecture_describes() -> None:
    assert calls_in_code() == {
        "intake": {"trajectory"},
        "signals": {"intake", "trajectory"},
        "trajectory": set(),
        "reporting": {"intake", "signals", "trajectory"},
    }


def test_network_policies_allow_exactly_the_calls_the_code_makes() -> None:
    policies = by_kind(RENDERED["production"], "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny
    assert "egress" not in deny
    calls = calls_in_code()
    for service in SERVICES:
        spec = policies[service]["spec"]
        assert spec["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == service
        assert set(spec["policyTypes"]) == {"Ingress", "Egress"}
        assert _peers(spec["egress"]) == calls[service], f"{service} may call"
        callers = {caller for caller, peers in calls.items() if service in peers}
        assert _peers(spec["ingress"]) == callers, f"{service} may be called by"
        for rule in spec["ingress"] + spec["egress"]:
            assert rule["ports"], "every rule names its ports"


def test_only_signals_reaches_outside_the_cluster() -> None:
    policies = by_kind(RENDERED["production"], "NetworkPolicy")
    for name, policy in policies.items():
        for rule in policy["spec"].get("egress", []):
            for peer in rule.get("to", []):
                if peer.get("ipBlock", {}).get("cidr") == "0.0.0.0/0":
                    assert name == "signals"
                    assert rule["ports"] == [{"protocol": "TCP", "port": 443}]
                    assert "10.0.0.0/8" in peer["ipBlock"]["except"]
    migrations = policies["migrations"]["spec"]
    assert migrations["ingress"] == []
    assert len(migrations["egress"]) == 1


def test_the_entry_point_asks_a_service_token_of_exactly_the_services_that_call() -> None:
    from deploy.serve import CALLERS

    assert {service for service, peers in calls_in_code().items() if peers} == CALLERS
