import django_filters
from django.utils import timezone

from campaigns.choices import AssignmentStatus, CampaignStatus, Priority
from campaigns.models import Assignment, Campaign
from kpu_portal.ids import IdFilter


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices)
    priority = django_filters.ChoiceFilter(choices=Priority.choices)
    satker = IdFilter(field_name="satker_id")

    class Meta:
        model = Campaign
        fields = ["status", "priority", "satker"]


class AssignmentFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    satker = IdFilter(field_name="satker_id")
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Assignment
        fields = ["campaign", "satker", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = {"campaign__due_at__lt": timezone.now()}
        unfinished = queryset.exclude(status=AssignmentStatus.PUBLISHED)
        if value:
            return unfinished.filter(**late)
        return queryset.exclude(pk__in=unfinished.filter(**late).values("pk"))
