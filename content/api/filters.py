import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Platform
from content.choices import PostStatus
from content.models import Post
from content.workflow import review_order, review_queue


class PostFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    campaign = django_filters.NumberFilter(field_name="assignment__campaign_id")
    satker = django_filters.NumberFilter(field_name="satker_id")
    status = django_filters.ChoiceFilter(choices=PostStatus.choices)
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
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
        fields = ["assignment", "campaign", "satker", "status", "platform", "review"]

    def filter_review(self, queryset, name, value):
        if value != "mine":
            return queryset
        queue = review_queue(self.request.user)
        return queryset.filter(pk__in=queue.values("pk")).order_by(*review_order())
