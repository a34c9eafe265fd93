"""The list of posts: every post of the signed-in person's subtree, filtered by brief,
unit, platform, status and publication date, with each post's latest figures.

Leadership reads its units' posts here (DESIGN.md §4: a viewer reads everything in
its subtree); editors find their unit's. Scope is satker.scope's: a unit outside the
subtree cannot be chosen, and its posts are never listed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from analytics.latest import with_latest_figures
from analytics.templatetags.dashboard_numbers import grouped
from campaigns.choices import Platform
from campaigns.forms import (
    LISTED_BRIEFS,
    brief_filter_field,
    latest_briefs,
    offer_briefs,
    released_briefs,
)
from kpu_portal.api import IdsFirstPaginator
from kpu_portal.csv_files import streamed_csv
from satker import scope
from satker.forms import (
    ListFilterForm,
    add_subtree_filter,
    check_day_range,
    day_field,
    within_days,
)
from satker.models import User
from satker.timefmt import unit_local, written_unit_time

from .choices import PostStatus
from .models import Post

POSTS_PER_PAGE = 25
# The most rows one download holds: a national list of every post would run to a
# million lines, more than a spreadsheet opens or a slow connection fetches.
EXPORT_MAX = 50_000


class PostFilterForm(ListFilterForm):
    """The list's filters; a bad value is reported and ignored."""

    campaign = brief_filter_field()
    platform = forms.ChoiceField(label=gettext_lazy("Platform"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    published_from = day_field(gettext_lazy("Published from"))
    published_until = day_field(gettext_lazy("Published until"))

    field_order = ["campaign", "unit", "platform", "status", "published_from", "published_until"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        brief = self.fields["campaign"]
        brief.help_text = _(
            "The latest %(count)d briefs are listed; a brief's own page links to all its posts."
        ) % {"count": LISTED_BRIEFS}
        offer_briefs(brief, released_briefs(actor), self._listed_briefs)
        add_subtree_filter(self, actor)
        self.fields["platform"].choices = [("", _("All platforms")), *Platform.choices]
        self.fields["status"].choices = [("", _("All statuses")), *PostStatus.choices]
        for name in ("published_from", "published_until"):
            self.fields[name].help_text = _("A day in your unit's time zone.")
        self.order_fields(self.field_order)
        self.is_valid()  # cleaned_data then holds the fields that are valid

    def _listed_briefs(self):
        briefs = self.fields["campaign"].queryset
        return latest_briefs(briefs, self.cleaned_data.get("campaign"))

    def clean(self):
        data = super().clean()
        check_day_range(self, "published_from", "published_until")
        return data

    def apply(self, posts: QuerySet[Post]) -> QuerySet[Post]:
        data = self.cleaned_data
        if data.get("campaign"):
            posts = posts.filter(assignment__campaign=data["campaign"])
        if data.get("unit"):
            posts = posts.filter(scope.subtree_q(data["unit"], "satker"))
        if data.get("platform"):
            posts = posts.filter(platform=data["platform"])
        if data.get("status"):
            posts = posts.filter(status=data["status"])
        first, last = data.get("published_from"), data.get("published_until")
        return within_days(posts, "published_at", first, last, self.actor.satker)


def listed_posts(user: User, filters: PostFilterForm) -> QuerySet[Post]:
    """The posts ``user`` sees that ``filters`` keep, the latest changed first (the
    order the posts' indexes are kept in, so a deep page walks an index)."""
    posts = scope.visible(user, Post).select_related("assignment__campaign", "satker")
    return filters.apply(posts).order_by("-updated_at", "-pk")


@login_required
@require_GET
def post_list(request):
    filters = PostFilterForm(request.GET, actor=request.user)
    posts = listed_posts(request.user, filters)
    page = IdsFirstPaginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    # The page's rows only: each post's latest figures are two index lookups.
    page.object_list = list(with_latest_figures(page.object_list))
    return render(request, "content/post_list.html", {"filters": filters, "page": page})


@login_required
@require_GET
def post_export(request):
    """The filtered list as CSV, streamed, with each post's latest figures; a list
    longer than EXPORT_MAX sends the reader back to narrow it."""
    filters = PostFilterForm(request.GET, actor=request.user)
    posts = listed_posts(request.user, filters)
    count = posts.count()
    if count > EXPORT_MAX:
        messages.error(
            request,
            _(
                "This list has %(count)s posts; a download holds at most %(max)s. Choose a "
                "brief, a unit or publication days first."
            )
            % {"count": grouped(count), "max": grouped(EXPORT_MAX)},
        )
        return redirect(f"{reverse('post-list')}?{request.GET.urlencode()}")
    unit = request.user.satker
    # Only the cells' columns, as tuples: up to EXPORT_MAX rows, without building a
    # post, its brief (with its long texts) and its unit for each.
    values = with_latest_figures(posts).values_list(*EXPORT_COLUMNS).iterator(2000)
    labels = {
        "platform": {value: str(label) for value, label in Platform.choices},
        "status": {value: str(label) for value, label in PostStatus.choices},
    }
    rows = (_export_row(row, labels, unit) for row in values)
    today = unit_local(timezone.now(), unit).date().isoformat()
    return streamed_csv(_export_header(), rows, f"posts-{unit.code}-{today}.csv")


EXPORT_COLUMNS = (
    "pk",
    "assignment__campaign__title",
    "satker__code",
    "satker__name",
    "platform",
    "status",
    "published_at",
    "url",
    "reach",
    "engagement",
)


def _export_header() -> list[str]:
    return [
        _("Post"),
        _("Voter-education brief"),
        _("Code"),
        _("Work unit"),
        _("Platform"),
        _("Status"),
        _("Published at"),
        _("Address"),
        _("Reach"),
        _("Engagement (likes + comments + shares)"),
    ]


def _export_row(row: tuple, labels: dict, unit) -> list:
    pk, title, code, name, platform, status, published_at, url, reach, engagement = row
    return [
        pk,
        title,
        code,
        name,
        labels["platform"].get(platform, platform),
        labels["status"].get(status, status),
        written_unit_time(published_at, unit),
        url,
        reach,
        engagement,
    ]
