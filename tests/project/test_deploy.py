"""The deployment files: docker-compose.yml (validated by Debian's docker-compose and read
as YAML), .env.example against the settings, the image, the Kubernetes manifests against
the Kubernetes schemas (kubernetes-validate, offline) and the Dagster chart's values.

The Dagster chart's own values schema ships with the chart, not with a Python package, so
the values file is checked by reading it: the keys the chart reads for what we configure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from mi_core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
K8S_VERSION = "1.30.0"
# Names that say a value is a secret.
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_KEY$|TOKEN|_PASS$")
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def one_shot(service: dict) -> bool:
    return service.get("restart") == "no"


# ---------------------------------------------------------------------------- compose


def test_docker_compose_validates_the_file():
    binary = shutil.which("docker-compose") or "/usr/bin/docker-compose"
    assert Path(binary).exists(), "install Debian's docker-compose (make test does)"
    result = subprocess.run(
        [binary, "--env-file", str(ENV_EXAMPLE), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_service_has_a_health_check(services):
    """Long-running services are health-checked; the one-shots (migrations, Metabase's
    provisioning) are waited for by completion instead, by every service after them."""
    for name, service in services.items():
        if one_shot(service):
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
    for name, service in services.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            expected = (
                "service_completed_successfully"
                if one_shot(services[dependency])
                else "service_healthy"
            )
            assert condition == {"condition": expected}, (name, dependency)


def test_the_expected_services_are_there(services):
    assert {
        "postgres",
        "migrate",
        "portal",
        "dagster-code",
        "dagster-webserver",
        "dagster-daemon",
        "metabase",
        "metabase-provision",
        "mailpit",
    } <= set(services)
    assert one_shot(services["migrate"]) and one_shot(services["metabase-provision"])
    assert services["migrate"]["command"] == ["mi", "db", "upgrade"]


def test_the_dagster_ui_is_published_on_loopback_only(services):
    for name in ("dagster-webserver", "mailpit"):
        for port in services[name].get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
    for name in ("dagster-code", "dagster-daemon", "postgres", "migrate"):
        assert not services[name].get("ports"), name


def test_no_secret_is_written_in_the_compose_file(services):
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            value = str(value)
            if SECRET_NAME.search(key):
                match = INTERPOLATION.fullmatch(value)
                assert match, f"{name}: {key} must come from the environment"
                assert ":-" not in value or value.endswith(":-}"), f"{name}: {key} has a default"
            for password in re.findall(r"://[^:/@]+:([^@]+)@", value):
                assert INTERPOLATION.fullmatch(password), f"{name}: {key} holds a password"


def test_the_portal_launches_runs_over_the_internal_network(services):
    portal = services["portal"]["environment"]
    assert portal["MI_DAGSTER_HOST"] == "dagster-webserver"
    assert portal["MI_DAGSTER_HOST"] in services
    webserver = services["dagster-webserver"]["command"]
    assert webserver[webserver.index("-p") + 1] == portal["MI_DAGSTER_PORT"]


def test_the_dagster_processes_load_the_code_server(services):
    workspace = yaml.safe_load((ROOT / "deploy" / "workspace.compose.yaml").read_text())
    [location] = workspace["load_from"]
    server = location["grpc_server"]
    code = " ".join(services["dagster-code"]["command"])
    assert server["host"] == "dagster-code"
    assert "dagster code-server start" in code and f"-p {server['port']}" in code
    for name in ("dagster-webserver", "dagster-daemon"):
        assert "deploy/workspace.compose.yaml" in services[name]["command"], name


def test_metabase_is_the_current_release_on_postgresql(services):
    metabase = services["metabase"]
    assert re.fullmatch(r"metabase/metabase:v0\.60\.\d+", metabase["image"])
    assert metabase["environment"]["MB_DB_TYPE"] == "postgres"
    assert metabase["environment"]["MB_DB_HOST"] == "postgres"
    init = services["postgres"]["volumes"]
    assert any("init-metabase.sh:/docker-entrypoint-initdb.d/" in volume for volume in init)
    warehouse = services["metabase-provision"]["environment"]["MI_METABASE_WAREHOUSE_URL"]
    assert warehouse.startswith("postgresql://mi_metabase_reader:")


def test_env_example_lists_every_setting_with_a_comment():
    lines = ENV_EXAMPLE.read_text().splitlines()
    listed = env_example()
    for field in Settings.model_fields.values():
        assert field.alias in listed, f"{field.alias} is missing from .env.example"
    for index, line in enumerate(lines):
        if line and not line.startswith("#"):
            above = lines[:index]
            # Every variable sits under a comment (its own or its group's, without gaps).
            assert above and (above[-1].startswith("#") or "=" in above[-1]), line


def test_env_example_lists_every_variable_of_the_compose_file():
    used = set(INTERPOLATION.findall(COMPOSE.read_text()))
    assert used - set(env_example()) == set()


def test_env_example_secrets_are_placeholders_production_refuses():
    listed = env_example()
    assert listed["MI_ENVIRONMENT"] == "production"
    with pytest.raises(ValueError, match="MI_SECRET_KEY"):
        Settings(_env_file=None, MI_SECRET_KEY=listed["MI_SECRET_KEY"], DATABASE_URL="x://")


# ---------------------------------------------------------------------------- the image


def test_the_image_runs_as_a_user_in_production_with_the_manifest_built():
    dockerfile = (ROOT / "Dockerfile").read_text()
    [user] = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert user not in ("root", "0")
    run_lines = re.findall(r"^RUN .*?(?<!\\)$", dockerfile, re.M | re.S)
    assert any("mi dbt prepare" in line for line in run_lines)
    assert re.search(r"^ENV MI_ENVIRONMENT=production\b", dockerfile, re.M)
    assert dockerfile.index("mi dbt prepare") < dockerfile.index(f"USER {user}")


# ---------------------------------------------------------------------------- Kubernetes


def manifests() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        found += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


@pytest.mark.parametrize(("name", "manifest"), manifests(), ids=lambda value: str(value)[:40])
def test_the_manifests_match_the_kubernetes_schemas(name, manifest):
    kubernetes_validate.validate(manifest, K8S_VERSION, strict=True)


def test_the_validator_refuses_a_broken_manifest():
    """The schema check is a real one: an unknown field and a wrong type are errors."""
    [(_, deployment)] = [(n, m) for n, m in manifests() if m["kind"] == "Deployment"]
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)
    typo = yaml.safe_load(yaml.safe_dump(deployment))
    typo["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, K8S_VERSION, strict=True)


def test_the_portal_runs_as_non_root_with_probes_and_configuration():
    [deployment] = [m for _, m in manifests() if m["kind"] == "Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    [container] = pod["containers"]
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["readinessProbe"]["httpGet"]["path"] == "/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    sources = {next(iter(source)) for source in container["envFrom"]}
    assert sources == {"configMapRef", "secretRef"}
    [config] = [m for _, m in manifests() if m["kind"] == "ConfigMap"]
    assert config["data"]["MI_STORAGE_URL"].startswith("s3://")
    for key in config["data"]:
        assert key in env_example(), key
        assert not SECRET_NAME.search(key), f"{key} belongs in the Secret"
    services = [m for _, m in manifests() if m["kind"] == "Service"]
    assert {s["spec"]["type"] for s in services} == {"ClusterIP"}


def test_the_dagster_chart_values():
    values = yaml.safe_load((ROOT / "deploy" / "helm" / "dagster-values.yaml").read_text())
    [code] = values["dagster-user-deployments"]["deployments"]
    assert code["dagsterApiGrpcArgs"] == [
        "--module-name",
        "orchestration.definitions",
        "--attribute",
        "defs",
    ]
    assert code["image"]["repository"].endswith("/mercari-intelligence")
    assert code["podSecurityContext"]["runAsNonRoot"] is True
    assert values["runLauncher"]["type"] == "K8sRunLauncher"
    assert values["postgresql"]["enabled"] is False
    assert values["postgresql"]["postgresqlHost"]
    coordinator = values["dagsterDaemon"]["runCoordinator"]
    assert coordinator["type"] == "QueuedRunCoordinator"
    limits = coordinator["config"]["queuedRunCoordinator"]["tagConcurrencyLimits"]
    # The same per-seller limit as dagster.yaml on one machine.
    instance = yaml.safe_load((ROOT / "dagster.yaml").read_text())
    expected = instance["run_coordinator"]["config"]["tag_concurrency_limits"]
    assert [(x["key"], x["value"]["applyLimitPerUniqueValue"], x["limit"]) for x in limits] == [
        (x["key"], x["value"]["applyLimitPerUniqueValue"], x["limit"]) for x in expected
    ]
    assert values["dagsterWebserver"]["service"]["type"] == "ClusterIP"
    [config] = [m for _, m in manifests() if m["kind"] == "ConfigMap"]
    assert {"name": config["metadata"]["name"]} in code["envConfigMaps"]
