"""POST /api/v1/metrics/ (DESIGN.md §7)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from analytics.models import Snapshot

from .conftest import item

pytestmark = pytest.mark.django_db
URL = "/api/v1/metrics/"


def test_it_answers_the_counts(api_for, editor, post):
    response = api_for(editor).post(URL, [item(post)], format="json")
    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}


def test_sending_again_is_unchanged_and_a_correction_is_updated(api_for, editor, post):
    client = api_for(editor)
    moment = timezone.now() - timedelta(hours=1)
    client.post(URL, [item(post, moment)], format="json")
    assert client.post(URL, [item(post, moment)], format="json").json() == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    corrected = client.post(URL, [item(post, moment, likes=99)], format="json").json()
    assert corrected == {"created": 0, "updated": 1, "unchanged": 0}


def test_a_bad_item_answers_400_naming_it_and_stores_nothing(api_for, editor, post):
    batch = [item(post), item(post, timezone.now() - timedelta(minutes=3), reach=-1)]
    response = api_for(editor).post(URL, batch, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["index"], error["field"]) == (1, "reach")
    assert error["message"]
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("body", [{"post": 1}, "snapshots", 12])
def test_a_body_that_is_not_a_list_answers_400(api_for, editor, body):
    response = api_for(editor).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] is None


def test_anonymous_callers_answer_401(post):
    assert APIClient().post(URL, [item(post)], format="json").status_code == 401


def test_leadership_answers_403(api_for, make_user, post):
    response = api_for(make_user("33.74", "viewer")).post(URL, [item(post)], format="json")
    assert response.status_code == 403
    assert not Snapshot.objects.exists()


def test_a_regency_cannot_report_on_another_units_post(api_for, editor, published):
    banyumas = published("33.02")  # a sibling regency: outside Semarang's subtree
    response = api_for(editor).post(URL, [item(banyumas)], format="json")
    assert response.status_code == 400
    unknown = item(banyumas)
    unknown["post"] = banyumas.pk + 1000
    as_unknown = api_for(editor).post(URL, [unknown], format="json")
    assert response.json() == as_unknown.json()  # existence does not leak
    assert not Snapshot.objects.exists()


def test_a_province_editor_is_told_only_the_regency_reports(api_for, make_user, post):
    response = api_for(make_user("33", "editor")).post(URL, [item(post)], format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "post"


def test_the_schema_documents_the_endpoint(db):
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/metrics/"]["post"]
    assert {"200", "400", "403"} <= set(operation["responses"])
    assert operation["requestBody"]["content"]["application/json"]["schema"]["type"] == "array"
