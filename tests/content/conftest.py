"""Shared set-up of the post API, workflow, validation and progress tests.

The people, made on demand at named units: an editor of KPU Kota Semarang (33.74)
writes; the approvers of KPU Provinsi Jawa Tengah (33) review Semarang's posts;
Banyumas (33.02) is a sibling regency, Aceh (11) and Banda Aceh (11.71) another
province. The brief comes from the centre, addressed to those regencies, and
targets every platform.

Nothing here is autouse: the post pages' tests share this directory.
"""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from campaigns import services as brief_services
from content import services, workflow
from content.choices import PostStatus
from content.models import Post
from tests.factories import CampaignFactory

CAPTION = "Sudah cek nama Anda di DPT? Cek di cekdptonline.kpu.go.id #PemiluDamai #CekDPT"
ALL_PLATFORMS = ["facebook", "instagram", "x", "youtube", "tiktok"]
REGENCIES = ["33.74", "33.02", "11.71"]


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client signed in as ``user``."""

    def client(user) -> APIClient:
        signed_in = APIClient()
        signed_in.force_authenticate(user)
        return signed_in

    return client


@pytest.fixture
def api_as(make_user, client_for):
    """``api_as("33", "approver")``: a client signed in as a new user there."""

    def client(code: str, role: str = "viewer") -> APIClient:
        return client_for(make_user(code, role))

    return client


@pytest.fixture
def english(settings):
    """Messages in English, whatever the default language (requests carry none)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh, private MEDIA_ROOT for the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def publish_brief(tree, make_user):
    """``publish_brief(code="00", units=REGENCIES, **fields)``: a published brief of
    unit ``code`` addressed to ``units`` (its whole subtree when None), targeting
    every platform unless told."""

    def publish(code: str = "00", units=REGENCIES, **fields):
        fields.setdefault("platforms", ALL_PLATFORMS)
        if units is None:
            brief = CampaignFactory(satker=tree(code), **fields)
        else:
            brief = CampaignFactory(satker=tree(code), scope_mode="units", **fields)
            brief.scope_units.set([tree(unit) for unit in units])
        brief_services.campaign_publish(campaign=brief, by=make_user(code, "approver"))
        brief.refresh_from_db()
        return brief

    return publish


@pytest.fixture
def brief(publish_brief):
    return publish_brief()


@pytest.fixture
def assignment(brief):
    """Semarang's assignment of the brief."""
    return brief.assignments.get(satker__code="33.74")


@pytest.fixture
def editor(make_user):
    """An editor of KPU Kota Semarang."""
    return make_user("33.74", "editor")


@pytest.fixture
def province_approver(make_user):
    """An approver of KPU Provinsi Jawa Tengah: Semarang's posts are routed to it."""
    return make_user("33", "approver")


@pytest.fixture
def write(assignment, editor):
    """``write(platform="instagram", caption=CAPTION, **fields)``: a draft through the
    service, by Semarang's editor unless ``by`` (and ``assignment``) say otherwise."""

    def make(platform: str = "instagram", caption: str = CAPTION, by=None, on=None, **fields):
        return services.post_create(
            assignment=on or assignment,
            by=by or editor,
            platform=platform,
            caption=caption,
            **fields,
        )

    return make


@pytest.fixture
def post(write):
    """A draft Instagram post of Semarang."""
    return write()


# Where a Semarang post of each platform went out.
PUBLISHED_AT = {
    "facebook": "https://www.facebook.com/kpukotasemarang/posts/1",
    "instagram": "https://www.instagram.com/p/kpu-semarang-1/",
    "x": "https://x.com/kpukotasemarang/status/1",
    "youtube": "https://www.youtube.com/watch?v=kpusemarang1",
    "tiktok": "https://www.tiktok.com/@kpukotasemarang/video/1",
}


@pytest.fixture
def post_at(write, editor, province_approver):
    """``post_at("approved")``: a Semarang post brought to a state by the real workflow."""

    def bring(state: str, platform: str = "instagram") -> Post:
        post = write(platform=platform)
        if state == PostStatus.DRAFT:
            return post
        post = workflow.post_submit(post=post, by=editor)
        if state == PostStatus.SUBMITTED:
            return post
        if state == PostStatus.CHANGES_REQUESTED:
            return workflow.post_request_changes(
                post=post, by=province_approver, comment="Tambahkan tautan."
            )
        post = workflow.post_approve(post=post, by=province_approver)
        if state == PostStatus.APPROVED:
            return post
        assert state == PostStatus.PUBLISHED, state
        return workflow.post_publish(post=post, by=editor, url=PUBLISHED_AT[platform])

    return bring
