"""The environment helpers fail loudly, naming the variable they could not use."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kpu_portal.env import env_bool, env_choice, env_int, env_list, env_rate, env_str

from .processes import run_manage


@pytest.mark.parametrize("raw", ["1", "true", "Yes", " on "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "NO", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", True) is False


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", True) is True


def test_env_bool_refuses_a_value_that_is_not_a_boolean(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "587")
    assert env_int("EMAIL_PORT", 25) == 587


def test_env_int_uses_the_default_when_unset_or_blank(monkeypatch):
    monkeypatch.delenv("EMAIL_PORT", raising=False)
    assert env_int("EMAIL_PORT", 25) == 25
    monkeypatch.setenv("EMAIL_PORT", " ")
    assert env_int("EMAIL_PORT", 25) == 25


@pytest.mark.parametrize("raw", ["25x", "2.5", "twenty"])
def test_env_int_refuses_what_is_not_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("EMAIL_PORT", raw)
    with pytest.raises(ImproperlyConfigured, match=r"EMAIL_PORT=.* is not a whole number"):
        env_int("EMAIL_PORT", 25)


def test_env_int_refuses_a_value_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "-1")
    with pytest.raises(ImproperlyConfigured, match=r"SECURE_HSTS_SECONDS='-1' is below"):
        env_int("SECURE_HSTS_SECONDS", 0, minimum=0)


def test_env_str_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("s3cret-from-a-file\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env_str("SECRET_KEY") == "s3cret-from-a-file"


def test_env_str_refuses_both_a_variable_and_its_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-the-file")
    monkeypatch.setenv("SECRET_KEY", "from-the-variable")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    with pytest.raises(ImproperlyConfigured, match="Set either SECRET_KEY or SECRET_KEY_FILE"):
        env_str("SECRET_KEY")


def test_env_str_refuses_a_missing_secret_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL_FILE", str(tmp_path / "nowhere"))
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL_FILE=.* cannot be read"):
        env_str("DATABASE_URL")


def test_env_str_refuses_an_empty_secret_file(monkeypatch, tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(empty))
    with pytest.raises(ImproperlyConfigured, match=r"SECRET_KEY_FILE=.* is empty"):
        env_str("SECRET_KEY")


def test_env_str_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("EMAIL_HOST", raising=False)
    monkeypatch.delenv("EMAIL_HOST_FILE", raising=False)
    assert env_str("EMAIL_HOST", "localhost") == "localhost"


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " portal.kpu.go.id, ,localhost ")
    assert env_list("ALLOWED_HOSTS", []) == ["portal.kpu.go.id", "localhost"]


def test_env_choice_takes_a_listed_word_in_any_case(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "warning")
    assert env_choice("LOG_LEVEL", "INFO", ["INFO", "WARNING"]) == "WARNING"


def test_env_choice_refuses_an_unlisted_word(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ImproperlyConfigured, match=r"LOG_LEVEL='LOUD' is not one of INFO"):
        env_choice("LOG_LEVEL", "INFO", ["INFO", "WARNING"])


def test_env_rate_takes_a_rest_framework_rate(monkeypatch):
    monkeypatch.setenv("AUTH_THROTTLE_RATE", "5/min")
    assert env_rate("AUTH_THROTTLE_RATE", "20/minute") == "5/min"


def test_env_rate_refuses_a_rate_it_cannot_read(monkeypatch):
    monkeypatch.setenv("AUTH_THROTTLE_RATE", "20 per minute")
    with pytest.raises(ImproperlyConfigured, match="AUTH_THROTTLE_RATE="):
        env_rate("AUTH_THROTTLE_RATE", "20/minute")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("EMAIL_PORT", "smtp"),
        ("CELERY_TASK_TIME_LIMIT", "3m"),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_the_portal_refuses_to_start_on_a_bad_value(variable, value):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.splitlines()[-1]


def test_the_soft_time_limit_must_be_below_the_hard_one():
    result = run_manage("check", CELERY_TASK_SOFT_TIME_LIMIT="300", CELERY_TASK_TIME_LIMIT="200")
    assert result.returncode != 0
    assert "CELERY_TASK_SOFT_TIME_LIMIT (300) must be below" in result.stderr
