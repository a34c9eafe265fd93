"""Template helpers of the post pages; the brief's page lists its unit's posts with these."""

from django import template

from campaigns.choices import CampaignStatus
from content.choices import TermKind
from content.forms import unused_platforms
from content.services import may_write_posts

register = template.Library()


@register.simple_tag
def assignment_posts(assignment, user) -> dict:
    """The posts of ``assignment`` in the brief's platform order, and whether ``user`` may add one.

    Only for the user's own unit's assignment, as the brief's page shows it.
    """
    order = {code: index for index, code in enumerate(assignment.campaign.platforms)}
    posts = sorted(
        assignment.posts.select_related("decided_by"), key=lambda post: order.get(post.platform, 99)
    )
    may_write = may_write_posts(user, assignment)
    return {
        "posts": posts,
        "may_add": may_write
        and assignment.campaign.status == CampaignStatus.PUBLISHED
        and bool(unused_platforms(assignment)),
    }


@register.filter
def term_kind(kind: str) -> str:
    """A neutrality flag's kind as people read it: "Party name", "Candidate name"..."""
    return TermKind(kind).label if kind in TermKind.values else kind
