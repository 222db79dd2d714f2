"""deploy/k8s, checked offline: every manifest against the Kubernetes API schemas, KEDA's
objects by their shape (its CRDs are not among kubernetes-validate's schemas), and all of
them in step with the settings, the stages and the Redis key layout."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

from tasks.pipeline import STAGE_NAMES
from tests.conftest import ROOT
from worker.keys import Keys
from worker.settings import PREFIX, Settings

K8S = ROOT / "deploy" / "k8s"
OLDEST_VERSION = "1.30.0"
"""The oldest Kubernetes the manifests are checked against (all of them use only GA APIs)."""
KEDA_API = "keda.sh/v1alpha1"
PARENT_MB = 300
"""A worker's parent process, at most (measured 264 MB for a NER worker's)."""
Doc = dict[str, Any]


def _load(name: str) -> list[Doc]:
    return [doc for doc in yaml.safe_load_all((K8S / name).read_text()) if doc]


@pytest.fixture(scope="module")
def kustomization() -> Doc:
    return _load("kustomization.yaml")[0]


@pytest.fixture(scope="module")
def docs(kustomization: Doc) -> list[Doc]:
    return [doc for name in kustomization["resources"] for doc in _load(name)]


def _named(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def _app_deployments(docs: list[Doc]) -> dict[str, Doc]:
    return {n: d for n, d in _named(docs, "Deployment").items() if n.startswith("enrich-")}


def _container(deployment: Doc) -> Doc:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()  # type: ignore[union-attr]
    return int(number) * (1024 if unit == "Gi" else 1)


def _settings_data(docs: list[Doc]) -> dict[str, str]:
    return dict(_named(docs, "ConfigMap")["enrich-settings"]["data"])


def test_the_kustomization_lists_every_manifest(kustomization: Doc) -> None:
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files
    # the Secret's values come from a file that must never be committed
    (generator,) = kustomization["secretGenerator"]
    assert generator["envs"] == ["redis.env"]
    assert "deploy/k8s/*.env" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("version", [OLDEST_VERSION, latest_version()])
def test_manifests_validate_against_the_api_schemas(docs: list[Doc], version: str) -> None:
    checked = [d for d in docs if d["apiVersion"] != KEDA_API]
    assert {d["kind"] for d in checked} >= {
        "Deployment",
        "StatefulSet",
        "Service",
        "ConfigMap",
        "PodDisruptionBudget",
    }
    for doc in checked:
        kubernetes_validate.validate(doc, version, strict=True)


def test_the_schema_check_catches_a_misspelt_field(docs: list[Doc]) -> None:
    """Strict validation rejects a field the API does not know (a typo is not ignored)."""
    deployment = yaml.safe_load(yaml.safe_dump(_named(docs, "Deployment")["enrich-worker-ner"]))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["livenesProbe"] = container.pop("livenessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, OLDEST_VERSION, strict=True)


def test_keda_objects_have_the_shape_keda_reads(docs: list[Doc]) -> None:
    keda = [d for d in docs if d["apiVersion"] == KEDA_API]
    auths = _named(keda, "TriggerAuthentication")
    scaled = _named(keda, "ScaledObject")
    assert {d["kind"] for d in keda} == {"TriggerAuthentication", "ScaledObject"}
    for auth in auths.values():
        for ref in auth["spec"]["secretTargetRef"]:
            assert set(ref) == {"parameter", "name", "key"}
            assert (ref["parameter"], ref["name"], ref["key"]) == (
                "password",
                "enrich-redis",
                "REDIS_PASSWORD",
            )
    assert set(scaled) == set(_app_deployments(docs))
    for name, obj in scaled.items():
        spec = obj["spec"]
        assert spec["scaleTargetRef"] == {"name": name}
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]
        for trigger in spec["triggers"]:
            assert trigger["type"] == "redis"
            assert trigger["authenticationRef"]["name"] in auths
            meta = trigger["metadata"]
            assert set(meta) == {"address", "listName", "listLength", "databaseIndex"}
            assert all(isinstance(value, str) for value in meta.values())  # KEDA wants strings
            assert meta["address"] == "redis.article-enrich.svc.cluster.local:6379"
            assert meta["listLength"].isdigit()


def test_each_deployment_scales_on_the_lists_it_consumes(docs: list[Doc]) -> None:
    """listName is the Redis key the Deployment pops: a stage's kombu queue, or the intake."""
    keys = Keys(Settings())
    scaled = _named(docs, "ScaledObject")
    for name, deployment in _app_deployments(docs).items():
        command = _container(deployment)["command"]
        lists = [t["metadata"]["listName"] for t in scaled[name]["spec"]["triggers"]]
        if command[1] == "ingest":
            assert lists == [keys.intake]
        else:
            stages = _option(command, "--stages").split(",")
            assert lists == [keys.queue(stage) for stage in stages]


def test_the_workers_serve_every_stage_in_order(docs: list[Doc]) -> None:
    served = [
        stage
        for name in ("enrich-worker-light", "enrich-worker-ner")
        for stage in _option(
            _container(_named(docs, "Deployment")[name])["command"], "--stages"
        ).split(",")
    ]
    assert tuple(served) == tuple(STAGE_NAMES)


def test_pods_outlast_the_longest_batch(docs: list[Doc]) -> None:
    """Warm shutdown finishes the batch in hand, which runs up to the hard time limit."""
    for deployment in _app_deployments(docs).values():
        grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        assert grace > Settings().stage_time_limit > Settings().stage_soft_time_limit


def test_probes_use_the_health_endpoint_and_command(docs: list[Doc]) -> None:
    port = int(_settings_data(docs)["ENRICH_METRICS_PORT"])
    for deployment in _app_deployments(docs).values():
        container = _container(deployment)
        assert container["ports"] == [{"name": "metrics", "containerPort": port}]
        assert container["envFrom"] == [{"configMapRef": {"name": "enrich-settings"}}]
        assert container["startupProbe"]["exec"]["command"] == ["enrich", "health"]
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/port"] == str(port)


def test_every_pod_reaches_redis_with_the_password(docs: list[Doc]) -> None:
    for deployment in _app_deployments(docs).values():
        env = {e["name"]: e for e in _container(deployment)["env"]}
        assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
            "name": "enrich-redis",
            "key": "REDIS_PASSWORD",
        }
        # $(REDIS_PASSWORD) expands only when that variable is defined before this one
        names = list(env)
        assert names.index("REDIS_PASSWORD") < names.index("ENRICH_REDIS_URL")
        assert env["ENRICH_REDIS_URL"]["value"] == "redis://:$(REDIS_PASSWORD)@redis:6379/0"


def test_memory_limits_let_celery_recycle_a_child_first(docs: list[Doc]) -> None:
    """A child over ENRICH_MAX_MEMORY_PER_CHILD_MB is replaced after its task; the limit
    leaves room for every child at that size, so the kernel's OOM killer is not first."""
    per_child = int(_settings_data(docs)["ENRICH_MAX_MEMORY_PER_CHILD_MB"])
    for name, deployment in _app_deployments(docs).items():
        container = _container(deployment)
        resources = container["resources"]
        assert "cpu" not in resources.get("limits", {}), name
        limit = _mebibytes(resources["limits"]["memory"])
        assert limit >= _mebibytes(resources["requests"]["memory"])
        if container["command"][1] == "worker":
            children = int(_option(container["command"], "--concurrency"))
            assert limit >= children * per_child + PARENT_MB, name


def test_the_configmap_holds_known_settings(docs: list[Doc]) -> None:
    data = _settings_data(docs)
    known = {PREFIX + name.upper() for name in Settings.__dataclass_fields__}
    assert set(data) <= known
    Settings.from_env(data)


def test_redis_keeps_an_append_only_file_on_its_volume(docs: list[Doc]) -> None:
    redis = _named(docs, "StatefulSet")["redis"]
    container = _container(redis)
    args = container["args"]
    assert _option(args, "--appendonly") == "yes"
    assert _option(args, "--requirepass") == "$(REDIS_PASSWORD)"
    (claim,) = redis["spec"]["volumeClaimTemplates"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts[claim["metadata"]["name"]] == _option(args, "--dir")
    assert _named(docs, "Service")["redis"]["spec"]["ports"][0]["port"] == 6379


def test_every_deployment_has_a_disruption_budget(docs: list[Doc]) -> None:
    budgets = _named(docs, "PodDisruptionBudget").values()
    for name, deployment in _app_deployments(docs).items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        matching = [
            b for b in budgets if b["spec"]["selector"]["matchLabels"].items() <= labels.items()
        ]
        assert len(matching) == 1, name


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kustomize_renders_the_base(tmp_path: Path, docs: list[Doc]) -> None:
    """`kubectl kustomize` builds it (offline), given the Secret's env file."""
    base = tmp_path / "k8s"
    shutil.copytree(K8S, base)
    (base / "redis.env").write_text("REDIS_PASSWORD=only-for-this-test\n")
    out = subprocess.run(
        ["kubectl", "kustomize", str(base)], capture_output=True, timeout=120, check=True
    )
    rendered = [doc for doc in yaml.safe_load_all(out.stdout) if doc]
    assert len(rendered) == len(docs) + 1  # the generated Secret
    assert {d["metadata"].get("namespace", "article-enrich") for d in rendered} == {
        "article-enrich"
    }
    images = {
        c["image"]
        for d in rendered
        if d["kind"] == "Deployment"
        for c in d["spec"]["template"]["spec"]["containers"]
    }
    assert images == {"article-enrich:local"}
