"""What a post must be for its platform and its brief (content.validation, through
content.services and the API): the limits of DESIGN.md §5 from settings.POST_LIMITS,
the brief's required hashtags, only the brief's platforms, one post per platform."""

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Campaign
from content import workflow
from content.models import Post

pytestmark = pytest.mark.usefixtures("english")

TAGS = "#PemiluDamai #CekDPT"


def caption_of(length: int, tags: str = TAGS) -> str:
    """A caption of exactly ``length`` characters carrying the brief's hashtags."""
    return tags + " " + "a" * (length - len(tags) - 1)


def refused(write, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        write(**fields)
    assert not Post.objects.exists()
    return error.value.message_dict


# --- lengths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "limit"),
    [("x", 280), ("instagram", 2_200), ("tiktok", 2_200), ("facebook", 63_206)],
)
def test_a_caption_at_the_limit_is_accepted(write, platform, limit):
    assert write(platform=platform, caption=caption_of(limit)).pk


@pytest.mark.parametrize(
    ("platform", "limit", "name"),
    [
        ("x", 280, "X"),
        ("instagram", 2_200, "Instagram"),
        ("tiktok", 2_200, "TikTok"),
        ("facebook", 63_206, "Facebook"),
    ],
)
def test_a_caption_over_the_limit_is_refused_naming_caption(write, platform, limit, name):
    errors = refused(write, platform=platform, caption=caption_of(limit + 1))
    assert errors == {"caption": [f"{name} allows {limit} characters here; this has {limit + 1}."]}


def test_youtube_takes_a_title_of_100_and_a_description_of_5000(write):
    post = write(platform="youtube", title="t" * 100, caption=caption_of(5_000))
    assert post.pk


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "t" * 101, "caption": caption_of(100)}, "title"),
        ({"title": "Cek DPT", "caption": caption_of(5_001)}, "caption"),
        ({"title": "", "caption": caption_of(100)}, "title"),
    ],
)
def test_youtube_limits_and_needs_a_title(write, fields, field):
    assert list(refused(write, platform="youtube", **fields)) == [field]


def hashtags(count: int) -> str:
    """The brief's two hashtags and more, ``count`` in all."""
    return TAGS + " " + " ".join(f"#tag{n}" for n in range(count - 2))


def test_instagram_takes_30_hashtags(write):
    assert write(platform="instagram", caption=hashtags(30)).pk


@pytest.mark.parametrize("platform", ["x", "tiktok", "facebook"])
def test_other_platforms_do_not_count_hashtags(write, platform):
    assert write(platform=platform, caption=hashtags(31)).pk


def test_the_31st_hashtag_on_instagram_is_refused(write):
    assert refused(write, platform="instagram", caption=hashtags(31)) == {
        "caption": ["Instagram allows at most 30 hashtags."]
    }


def test_settings_change_the_limits(write, settings):
    settings.POST_LIMITS = {**settings.POST_LIMITS, "x": {"caption": 100}}
    assert list(refused(write, platform="x", caption=caption_of(101))) == ["caption"]
    assert write(platform="x", caption=caption_of(100)).pk


def test_the_api_answers_400_naming_the_field(client_for, editor, assignment):
    response = client_for(editor).post(
        "/api/v1/posts/",
        {"assignment": assignment.pk, "platform": "x", "caption": caption_of(281)},
    )
    assert response.status_code == 400
    assert response.json() == {"caption": ["X allows 280 characters here; this has 281."]}


def test_every_broken_rule_is_named_at_once(write):
    errors = refused(write, platform="youtube", title="t" * 101, caption="", language="xx")
    assert set(errors) == {"title", "caption", "language"}


# --- the brief's hashtags ---------------------------------------------------------------------


def test_a_missing_required_hashtag_is_named(write):
    errors = refused(write, caption="Cek DPT Anda. #PemiluDamai")
    assert errors == {"caption": ["The brief requires these hashtags: #CekDPT."]}


@pytest.mark.parametrize(
    "caption",
    ["#pemiludamai #cekdpt, ayo!", "Ayo #CEKDPT sekarang (#PemiluDamai)"],
)
def test_required_hashtags_match_in_any_case(write, caption):
    assert write(caption=caption).pk


def test_a_longer_hashtag_does_not_count_as_the_required_one(write):
    errors = refused(write, caption="#PemiluDamaiSekali #CekDPTOnline")
    assert errors == {"caption": ["The brief requires these hashtags: #PemiluDamai #CekDPT."]}


def test_a_brief_amended_after_writing_is_checked_again_on_submit(post, editor, province_approver):
    Campaign.objects.filter(pk=post.assignment.campaign_id).update(hashtags=["#TolakHoaks"])
    post.assignment.campaign.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        workflow.post_submit(post=post, by=editor)
    assert list(error.value.message_dict) == ["caption"]
    post.refresh_from_db()
    assert (post.status, post.version) == ("draft", 1)


# --- platforms --------------------------------------------------------------------------------


def test_a_platform_the_brief_does_not_target_is_refused(publish_brief, make_user, write):
    brief = publish_brief(platforms=["instagram", "x"])
    assignment = brief.assignments.get(satker__code="33.74")
    errors = refused(write, platform="tiktok", on=assignment)
    assert errors == {"platform": ["The brief targets Instagram, X, not TikTok."]}


def test_one_post_per_platform_per_assignment(write, client_for, editor, assignment):
    write(platform="x")
    with pytest.raises(ValidationError) as error:
        write(platform="x")
    assert error.value.message_dict == {
        "platform": ["This assignment already has a X post; edit that one."]
    }
    response = client_for(editor).post(
        "/api/v1/posts/", {"assignment": assignment.pk, "platform": "x", "caption": TAGS}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["platform"]
    assert Post.objects.count() == 1


def test_other_platforms_of_the_same_assignment_are_fine(write):
    for platform in ("facebook", "instagram", "x", "tiktok"):
        write(platform=platform)
    write(platform="youtube", title="Cek DPT")
    assert Post.objects.count() == 5
