"""Production shape: DEBUG off and a real SECRET_KEY pass Django's deployment checks."""

import secrets

from django.conf import settings

from .processes import run_manage


def production(**variables: str) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # 67 characters, many different ones
        "ALLOWED_HOSTS": "portal.kpu.example",
        **variables,
    }


def test_check_deploy_passes_in_production_shape():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_on_a_weak_secret_key():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **production(SECRET_KEY="too-short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_check_deploy_fails_when_https_is_turned_off():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        **production(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"),
    )  # fmt: skip
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    variables = production()
    del variables["SECRET_KEY"]
    result = run_manage("check", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr.splitlines()[-1]


def test_nothing_is_silenced():
    assert settings.SILENCED_SYSTEM_CHECKS == []
