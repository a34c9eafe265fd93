"""The files around the code: README, scripts, CI, compose and the image."""

import importlib.util
import re
import stat
import subprocess

import pytest
import yaml

from .processes import BASE_DIR

README = (BASE_DIR / "README.md").read_text(encoding="utf-8")


def test_the_readme_documents_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "kpu_portal" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""\benv_\w+\(\s*["']([A-Z][A-Z0-9_]*)["']""", settings_source))
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= names
    assert sorted(name for name in names if f"`{name}`" not in README) == []


def test_the_readme_quick_start_is_the_two_scripts():
    quick_start = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.strip().splitlines()]
    assert commands == ["./scripts/demo", "./scripts/test"]


@pytest.mark.parametrize("path", ["scripts/demo", "scripts/test", "scripts/start-web", ".ci/run"])
def test_scripts_are_executable_strict_bash(path):
    script = BASE_DIR / path
    assert script.stat().st_mode & stat.S_IXUSR
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0


def test_ci_runs_the_readme_test_command_on_postgresql_and_redis():
    ci = (BASE_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/test" in ci
    assert "DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpu_portal" in ci
    assert "REDIS_URL=redis://127.0.0.1:6379/0" in ci


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_the_production_shape(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["worker"]["command"][:4] == ["celery", "-A", "kpu_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "kpu_portal", "beat"]
    start_web = (BASE_DIR / "scripts" / "start-web").read_text(encoding="utf-8")
    assert "migrate" in start_web
    assert "gunicorn kpu_portal.wsgi" in start_web


def test_compose_defines_the_app_once_and_reuses_it(compose):
    text = (BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8")
    assert text.count("<<: *django") == 3
    web, worker, beat = (compose["services"][name] for name in ("web", "worker", "beat"))
    assert web["image"] == worker["image"] == beat["image"]
    assert web["environment"] == worker["environment"] == beat["environment"]
    assert web["environment"]["DEBUG"] == "0"
    assert web["env_file"] == ".env"


def test_compose_checks_web_health_on_healthz(compose):
    assert "scripts/healthcheck.py" in compose["services"]["web"]["healthcheck"]["test"]
    assert "/healthz" in (BASE_DIR / "scripts" / "healthcheck.py").read_text(encoding="utf-8")


def test_the_image_runs_as_a_user_and_collects_static_files():
    dockerfile = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}


def test_the_env_example_holds_placeholders_only():
    values = dict(
        line.split("=", 1)
        for line in (BASE_DIR / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"):
        assert "change-me" in values[name]
    assert ".env" in (BASE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.fixture
def healthcheck():
    spec = importlib.util.spec_from_file_location(
        "healthcheck", BASE_DIR / "scripts/healthcheck.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("portal.kpu.go.id,localhost", "portal.kpu.go.id"),
        (".kpu.go.id", "kpu.go.id"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_container_health_check_asks_as_an_allowed_host(
    healthcheck, monkeypatch, allowed_hosts, host
):
    monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts)
    assert healthcheck.host_header() == host
