"""GET /api/v1/schema/ and /api/v1/docs/: the OpenAPI schema and its docs, no CDN."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS


def test_the_schema_answers_json_and_lists_the_endpoints(api, db):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/satker/",
        "/api/v1/satker/{id}/",
    } <= set(schema["paths"])


def test_the_schema_names_the_levels_a_client_may_filter_by(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/satker/"]["get"]["parameters"]
    level = next(p for p in parameters if p["name"] == "level")
    assert level["schema"] == {
        "type": "string",
        "enum": ["national", "province", "regency"],
    }


def test_the_schema_has_no_warnings(db, tmp_path):
    # Fails with the offending view named when an endpoint cannot be described.
    GENERATOR_STATS.reset()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )


@pytest.fixture
def docs_html(api, db) -> str:
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_docs_load_nothing_from_another_host(docs_html):
    # Absolute URLs, and protocol-relative ones such as src="//cdn.example/x.js".
    assert not re.search(r"https?://|[\"'(]//", docs_html)


def test_the_docs_assets_are_served_from_static(docs_html):
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs_html)
    assert assets  # the page does load its scripts and styles
    for asset in assets:
        assert asset.startswith("/static/")
        assert finders.find(asset.removeprefix("/static/")), asset
