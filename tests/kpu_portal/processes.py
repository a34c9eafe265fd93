"""Run Django in a fresh process with a chosen environment (settings are read at import)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Only what a process needs to start: none of the variables the settings read.
_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def environment(**variables: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in _KEPT if name in os.environ}
    env.update(PYTHONPATH=str(BASE_DIR), DJANGO_SETTINGS_MODULE="kpu_portal.settings")
    env.update(variables)
    return env


def run_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(names: list[str], **variables: str) -> dict:
    """The named settings as a process with exactly this environment sees them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = run_python(code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
