"""No page loads anything from another host: units on poor links and intranets must work.

Every template and static file is read for absolute URLs (http://, https:// or
protocol-relative //host in src, href, url() or @import). XML namespaces and the
licence comments that vendored files carry are not loads, and are left out.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = ["kpu_portal", "satker", "campaigns", "content", "analytics"]
TEXT_SUFFIXES = {".html", ".txt", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".webmanifest"}

_COMMENTS = re.compile(r"/\*.*?\*/|<!--.*?-->|\{#.*?#\}", re.DOTALL)
_LICENCE = re.compile(r"^/\*!|licen[cs]e|copyright|\(c\)", re.IGNORECASE)
_NAMESPACE = re.compile(r"""xmlns(?::[\w-]+)?\s*=\s*["'][^"']*["']""")
_ABSOLUTE = re.compile(r"""https?://[^\s"'<>)]+""", re.IGNORECASE)
_PROTOCOL_RELATIVE = re.compile(
    r"""(?:\b(?:src|href|action|srcset)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])//[^\s"'<>)]+""",
    re.IGNORECASE,
)


def external_urls(text: str) -> list[str]:
    text = _COMMENTS.sub(lambda m: "" if _LICENCE.search(m.group()) else m.group(), text)
    text = _NAMESPACE.sub("", text)
    return _ABSOLUTE.findall(text) + _PROTOCOL_RELATIVE.findall(text)


def project_files() -> list[Path]:
    roots = [BASE_DIR / "templates", BASE_DIR / "static"]
    for app in PROJECT_APPS:
        roots += [BASE_DIR / app / "templates", BASE_DIR / app / "static"]
    return sorted(
        path
        for root in roots
        if root.is_dir()
        for path in root.rglob("*")
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/htmx.org"></script>', True),
        ('<link href="//fonts.googleapis.com/css?family=Inter" rel="stylesheet">', True),
        ("@import url(//cdn.example.com/x.css);", True),
        ('<a href="http://kpu.go.id">KPU</a>', True),
        ("<!-- http://cdn.example.com/a.js -->", True),
        ('<svg xmlns="http://www.w3.org/2000/svg"></svg>', False),
        ("/*! htmx 2.0 | BSD-2-Clause licence | https://htmx.org */", False),
        ('<script src="/static/js/htmx.min.js"></script>', False),
        ("{% url 'home' %} and // a comment in a script", False),
    ],
)
def test_the_scanner_tells_a_load_from_a_licence(text, found):
    assert bool(external_urls(text)) is found


def test_templates_and_static_files_exist_to_be_scanned():
    names = {path.name for path in project_files()}
    assert "base.html" in names
    assert any(name.endswith(".css") for name in names)


def test_no_template_or_static_file_names_another_host():
    offenders = {
        str(path.relative_to(BASE_DIR)): urls
        for path in project_files()
        if (urls := external_urls(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert offenders == {}


def test_the_sign_in_page_loads_nothing_from_another_host(client, db):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert external_urls(response.content.decode()) == []


def test_the_api_docs_load_nothing_from_another_host(client, make_user):
    client.force_login(make_user("33.74", "editor"))

    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert "drf_spectacular_sidecar" in response.content.decode()
    assert external_urls(response.content.decode()) == []
