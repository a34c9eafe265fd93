import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Platform
from content.choices import PostStatus
from content.models import Post
from content.workflow import review_order, review_queue
from kpu_portal.ids import IdFilter
from satker import scope
from satker.timefmt import within_the_years_validator


class PostFilter(django_filters.FilterSet):
    assignment = IdFilter(field_name="assignment_id")
    campaign = IdFilter(field_name="assignment__campaign_id")
    satker = IdFilter(field_name="satker_id")
    status = django_filters.ChoiceFilter(choices=PostStatus.choices)
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    within = IdFilter(
        method="filter_within",
        label=_("Id of a unit: posts of that unit and every unit below it."),
    )
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        label=_("Published at or after this time (ISO 8601)."),
        validators=[within_the_years_validator],
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="lt",
        label=_("Published before this time (ISO 8601)."),
        validators=[within_the_years_validator],
    )
    review = django_filters.ChoiceFilter(
        choices=[("mine", _("Posts waiting for my review"))],
        method="filter_review",
        label=_(
            '"mine": the caller\'s review queue — submitted posts routed to its unit that it '
            "did not write, urgent briefs first, then by due time."
        ),
    )

    class Meta:
        model = Post
        fields = [
            "assignment",
            "campaign",
            "satker",
            "within",
            "status",
            "platform",
            "published_after",
            "published_before",
            "review",
        ]

    def filter_within(self, queryset, name, value):
        """A subtree inside the caller's own; a unit outside it matches nothing."""
        unit = scope.visible_units(self.request.user).filter(pk=value).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(scope.subtree_q(unit, "satker"))

    def filter_review(self, queryset, name, value):
        if value != "mine":
            return queryset
        queue = review_queue(self.request.user)
        return queryset.filter(pk__in=queue.values("pk")).order_by(*review_order())
