"""/api/v1/posts/: create, list, retrieve, PATCH with "version", DELETE of drafts,
and the action answers (DESIGN.md §7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from campaigns import services as brief_services
from campaigns.models import Campaign
from content import services, workflow
from content.models import Post, PostRevision
from tests.content.conftest import CAPTION

pytestmark = pytest.mark.usefixtures("english")

FIELDS = {
    "id",
    "assignment",
    "platform",
    "language",
    "title",
    "caption",
    "planned_at",
    "status",
    "version",
    "satker",
    "url",
    "published_at",
    "review_unit",
    "submitted_at",
    "review_comment",
    "neutrality_flags",
    "media",
    "created_at",
    "updated_at",
}


def detail(post) -> str:
    return f"/api/v1/posts/{post.pk}/"


def payload(assignment, **overrides) -> dict:
    data = {"assignment": assignment.pk, "platform": "instagram", "caption": CAPTION}
    data.update(overrides)
    return data


@pytest.fixture
def editor_api(client_for, editor):
    return client_for(editor)


# --- create ----------------------------------------------------------------------------


def test_an_editor_creates_a_draft_and_gets_201_with_the_post(editor_api, assignment):
    planned = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    response = editor_api.post(
        "/api/v1/posts/",
        payload(assignment, language="jv", planned_at=planned.isoformat()),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == FIELDS
    post = Post.objects.get()
    assert data["id"] == post.pk
    assert (data["assignment"], data["satker"]) == (assignment.pk, assignment.satker_id)
    assert (data["status"], data["version"], data["language"]) == ("draft", 1, "jv")
    assert data["neutrality_flags"] == [] and data["media"] == []
    assert post.planned_at == planned


def test_creating_keeps_the_first_revision_and_an_audit_row(editor_api, assignment, editor):
    response = editor_api.post("/api/v1/posts/", payload(assignment))
    post = Post.objects.get(pk=response.json()["id"])
    assert list(post.revisions.values_list("version", "caption", "author")) == [
        (1, CAPTION, editor.pk)
    ]
    entry = AuditEntry.objects.get(object_type="content.post", object_id=post.pk)
    assert (entry.action, entry.actor, entry.satker) == ("create", editor, assignment.satker)


def test_an_unknown_platform_is_400_naming_platform(editor_api, assignment):
    response = editor_api.post("/api/v1/posts/", payload(assignment, platform="myspace"))
    assert response.status_code == 400
    assert list(response.json()) == ["platform"]


def test_an_assignment_outside_scope_is_400_as_if_unknown(api_as, publish_brief):
    aceh = publish_brief().assignments.get(satker__code="11.71")
    response = api_as("33.74", "editor").post("/api/v1/posts/", payload(aceh))
    assert response.status_code == 400
    assert list(response.json()) == ["assignment"]
    assert "outside your work unit" in response.json()["assignment"][0]


@pytest.mark.parametrize(("code", "role"), [("33.74", "viewer"), ("33", "editor")])
def test_others_who_see_the_assignment_get_403(api_as, assignment, code, role):
    response = api_as(code, role).post("/api/v1/posts/", payload(assignment))
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_a_viewer_gets_403_even_for_bad_input(api_as, assignment):
    response = api_as("33.74", "viewer").post("/api/v1/posts/", {"platform": "myspace"})
    assert response.status_code == 403


def test_a_closed_brief_takes_no_new_posts(editor_api, assignment, make_user):
    brief_services.campaign_close(campaign=assignment.campaign, by=make_user("00", "approver"))
    response = editor_api.post("/api/v1/posts/", payload(assignment))
    assert response.status_code == 409
    assert not Post.objects.exists()


def test_anonymous_callers_get_401(api, assignment):
    assert api.post("/api/v1/posts/", payload(assignment)).status_code == 401
    assert api.get("/api/v1/posts/").status_code == 401


# --- list and retrieve ------------------------------------------------------------------


def test_the_list_is_paginated_newest_change_first(editor_api, write):
    first = write(platform="instagram")
    second = write(platform="x")
    data = editor_api.get("/api/v1/posts/").json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert [row["id"] for row in data["results"]] == [second.pk, first.pk]
    assert set(data["results"][0]) == FIELDS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"platform": "x"}, ["x"]),
        ({"status": "submitted"}, ["instagram"]),
        ({"status": "approved"}, []),
    ],
)
def test_the_list_filters(editor_api, write, editor, province_approver, query, expected):
    workflow.post_submit(post=write(platform="instagram"), by=editor)
    write(platform="x")
    rows = editor_api.get("/api/v1/posts/", query).json()["results"]
    assert [row["platform"] for row in rows] == expected


def test_the_list_filters_by_assignment_campaign_and_unit(api_as, write, publish_brief, make_user):
    other = publish_brief()
    banyumas = other.assignments.get(satker__code="33.02")
    theirs = services.post_create(
        assignment=banyumas, by=make_user("33.02", "editor"), platform="x", caption=CAPTION
    )
    ours = write()
    client = api_as("33", "viewer")

    def ids(**query):
        return [row["id"] for row in client.get("/api/v1/posts/", query).json()["results"]]

    assert ids(assignment=ours.assignment_id) == [ours.pk]
    assert ids(campaign=other.pk) == [theirs.pk]
    assert ids(satker=banyumas.satker_id) == [theirs.pk]
    assert set(ids()) == {ours.pk, theirs.pk}


def test_retrieve_answers_the_post(editor_api, post):
    response = editor_api.get(detail(post))
    assert response.status_code == 200
    assert response.json()["caption"] == CAPTION


# --- PATCH ---------------------------------------------------------------------------------


def test_patch_with_the_version_edits_and_keeps_a_revision(editor_api, post):
    response = editor_api.patch(detail(post), {"caption": CAPTION + " Ayo!", "version": 1})
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["caption"]) == (2, CAPTION + " Ayo!")
    assert list(PostRevision.objects.filter(post=post).values_list("version", flat=True)) == [1, 2]


def test_patch_without_the_version_is_400_naming_version(editor_api, post):
    response = editor_api.patch(detail(post), {"caption": CAPTION + " Ayo!"})
    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    post.refresh_from_db()
    assert (post.version, post.caption) == (1, CAPTION)


@pytest.mark.parametrize("version", [0, "satu"])
def test_patch_with_a_malformed_version_is_400(editor_api, post, version):
    response = editor_api.patch(detail(post), {"caption": "x", "version": version})
    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_patch_with_a_stale_version_is_409_and_changes_nothing(editor_api, post):
    editor_api.patch(detail(post), {"caption": CAPTION + " 1", "version": 1})
    audit_rows = AuditEntry.objects.count()
    response = editor_api.patch(detail(post), {"caption": CAPTION + " 2", "version": 1})
    assert response.status_code == 409
    assert "version 2" in response.json()["detail"]
    post.refresh_from_db()
    assert (post.version, post.caption) == (2, CAPTION + " 1")
    assert AuditEntry.objects.count() == audit_rows
    assert post.revisions.count() == 2


def test_patch_cannot_move_a_post_to_another_platform(editor_api, post):
    response = editor_api.patch(detail(post), {"platform": "x", "version": 1})
    assert response.status_code == 200
    assert response.json()["platform"] == "instagram"


def test_patch_breaking_a_rule_is_400_naming_the_field(editor_api, post):
    response = editor_api.patch(detail(post), {"caption": "tanpa tagar", "version": 1})
    assert response.status_code == 400
    assert list(response.json()) == ["caption"]
    post.refresh_from_db()
    assert post.version == 1


def test_put_is_not_offered(editor_api, post):
    assert editor_api.put(detail(post), {"caption": CAPTION, "version": 1}).status_code == 405


# --- DELETE --------------------------------------------------------------------------------


def test_an_editor_deletes_a_draft(editor_api, post):
    assert editor_api.delete(detail(post)).status_code == 204
    assert not Post.objects.exists()
    assert AuditEntry.objects.filter(object_id=post.pk, action="delete").count() == 1


@pytest.mark.parametrize("state", ["submitted", "changes_requested", "approved", "published"])
def test_only_drafts_are_deleted(editor_api, post_at, state):
    post = post_at(state)
    assert editor_api.delete(detail(post)).status_code == 409
    assert Post.objects.filter(pk=post.pk, status=state).exists()


def test_a_viewer_cannot_delete(api_as, post):
    assert api_as("33.74", "viewer").delete(detail(post)).status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


# --- actions answer the updated post -----------------------------------------------------


def test_submit_answers_200_with_the_submitted_post(editor_api, post, province_approver):
    response = editor_api.post(f"{detail(post)}submit/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == FIELDS
    assert (data["status"], data["version"]) == ("submitted", 2)
    assert data["review_unit"] == province_approver.satker_id
    assert data["submitted_at"]


def test_approve_answers_200_with_the_approved_post(client_for, post_at, province_approver):
    post = post_at("submitted")
    response = client_for(province_approver).post(f"{detail(post)}approve/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("approved", 3)


def test_request_changes_answers_200_with_the_comment(client_for, post_at, province_approver):
    post = post_at("submitted")
    response = client_for(province_approver).post(
        f"{detail(post)}request-changes/", {"comment": "Tambahkan tautan cekdptonline."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "changes_requested"
    assert response.json()["review_comment"] == "Tambahkan tautan cekdptonline."


@pytest.mark.parametrize("body", [{}, {"comment": "   "}])
def test_request_changes_without_a_comment_is_400_naming_comment(
    client_for, post_at, province_approver, body
):
    post = post_at("submitted")
    response = client_for(province_approver).post(f"{detail(post)}request-changes/", body)
    assert response.status_code == 400
    assert list(response.json()) == ["comment"]
    post.refresh_from_db()
    assert post.status == "submitted"


def test_a_decision_on_a_version_the_reviewer_did_not_read_is_409(
    client_for, post_at, province_approver
):
    post = post_at("submitted")
    response = client_for(province_approver).post(f"{detail(post)}approve/", {"version": 1})
    assert response.status_code == 409
    post.refresh_from_db()
    assert (post.status, post.version) == ("submitted", 2)


def brief_published_days_ago(post, days: int = 3) -> None:
    Campaign.objects.filter(pk=post.assignment.campaign_id).update(
        published_at=timezone.now() - timedelta(days=days)
    )


def test_publish_records_the_url_and_time(editor_api, post_at):
    post = post_at("approved")
    brief_published_days_ago(post)
    when = (timezone.now() - timedelta(hours=2)).replace(microsecond=0)
    response = editor_api.post(
        f"{detail(post)}publish/",
        {"url": "https://www.instagram.com/p/abc/", "published_at": when.isoformat()},
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["url"]) == ("published", "https://www.instagram.com/p/abc/")
    post.refresh_from_db()
    assert post.published_at == when


def test_publish_without_a_time_records_now(editor_api, post_at):
    post = post_at("approved")
    before = timezone.now()
    editor_api.post(f"{detail(post)}publish/", {"url": "https://www.instagram.com/p/kpu-1/"})
    post.refresh_from_db()
    assert before <= post.published_at <= timezone.now()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": "bukan alamat"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://www.instagram.com/p/kpu-1/", "published_at": "kemarin"}, "published_at"),
    ],
)
def test_publish_with_bad_input_is_400_naming_the_field(editor_api, post_at, body, field):
    post = post_at("approved")
    response = editor_api.post(f"{detail(post)}publish/", body)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_publish_in_the_future_is_400(editor_api, post_at):
    post = post_at("approved")
    tomorrow = timezone.now() + timedelta(days=1)
    response = editor_api.post(
        f"{detail(post)}publish/",
        {"url": "https://www.instagram.com/p/kpu-1/", "published_at": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["published_at"]


def test_publish_before_the_brief_was_published_is_400_naming_its_publication(editor_api, post_at):
    post = post_at("approved")
    brief_published_days_ago(post, days=1)
    two_days_ago = timezone.now() - timedelta(days=2)
    response = editor_api.post(
        f"{detail(post)}publish/",
        {"url": "https://www.instagram.com/p/kpu-1/", "published_at": two_days_ago.isoformat()},
    )
    assert response.status_code == 400
    [message] = response.json()["published_at"]
    assert message.startswith("The post cannot have gone out before its brief was published (")
    post.refresh_from_db()
    assert (post.status, post.published_at) == ("approved", None)


def test_a_wrong_state_outranks_bad_input(editor_api, post):
    # A draft cannot be published: 409, whatever was sent.
    assert editor_api.post(f"{detail(post)}publish/", {}).status_code == 409


@pytest.mark.parametrize(
    "address",
    [
        "https://www.facebook.com/kpukotasemarang/posts/1",
        "https://instagram.com.example.net/p/abc/",  # only looks like it
        "https://example.com/?u=https://www.instagram.com/p/abc/",
    ],
)
def test_publishing_at_an_address_off_the_posts_platform_is_400_naming_url(
    editor_api, post_at, address
):
    approved_post = post_at("approved")
    response = editor_api.post(f"{detail(approved_post)}publish/", {"url": address})
    assert response.status_code == 400
    assert response.json() == {
        "url": ["Give the address of the post on Instagram (instagram.com)."]
    }
    approved_post.refresh_from_db()
    assert approved_post.status == "approved"


@pytest.mark.parametrize(
    "address",
    [
        "https://instagram.com/p/abc/",
        "https://www.instagram.com/reel/abc/",
        "https://instagr.am/p/abc/",
    ],
)
def test_publishing_at_the_platforms_own_address_or_short_link_works(editor_api, post_at, address):
    response = editor_api.post(f"{detail(post_at('approved'))}publish/", {"url": address})
    assert response.status_code == 200
