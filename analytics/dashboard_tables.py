"""The sync dashboard's tables for one unit's subtree: what the page shows and the
exports write, built once so that both always say the same.

Everything comes from the stored roll-ups, never from posts or snapshots: the
per-child figures, the totals and the trend of engagement (analytics.dashboard),
posts published per day (RollupPublished), the per-platform breakdown
(RollupPlatform) and the per-segment breakdown (each brief's roll-up, under each
segment it targets). Every part is computed on first use, so an export of one
table runs only that table's queries.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from django import forms
from django.conf import settings
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Platform
from campaigns.forms import (
    LISTED_BRIEFS,
    brief_filter_field,
    latest_briefs,
    offer_briefs,
    released_briefs,
)
from campaigns.models import Campaign
from satker.forms import day_field
from satker.models import Satker

from .dashboard import DashboardRow, dashboard_rows, engagement_trend
from .models import FIGURES
from .rollup_models import Rollup, RollupPlatform, RollupPublished, RollupScope

STATES = ["acknowledged", "submitted", "approved", "published"]
RANKED = 5  # leaders and laggards: at most this many each
MAX_DAYS = 731  # the longest date range a trend shows: two years, a leap day included
TREND_DAYS = 90  # days the trend shows when no start is given
# Days end at midnight in the zone the roll-ups' daily rows use (the centre's).
DAY_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def state_labels() -> dict[str, str]:
    return {
        "acknowledged": _("Acknowledged"),
        "submitted": _("Submitted"),
        "approved": _("Approved"),
        "published": _("Published"),
    }


def engagement_of(figures: dict) -> int:
    """Engagement: likes, comments and shares added up."""
    return figures["likes"] + figures["comments"] + figures["shares"]


# --- Filters -------------------------------------------------------------------------


class FilterForm(forms.Form):
    """A brief the viewer may see (or all of them) and a date range for the trend."""

    campaign = brief_filter_field()
    start = day_field(_("Trend from"))
    end = day_field(_("Trend until"))

    def __init__(self, data=None, *, user):
        super().__init__(data)
        field = self.fields["campaign"]
        field.help_text = gettext(
            "The latest %(count)d briefs are listed; for an older one, set the trend's "
            "dates around its publication."
        ) % {"count": LISTED_BRIEFS}
        field.widget.attrs["aria-describedby"] = "campaign-hint"
        offer_briefs(field, released_briefs(user), self._listed)

    def _listed(self) -> list[Campaign]:
        """The latest briefs, or those published within the trend's dates when they
        are given, and always the chosen one."""
        values = self._checked()
        published = {}
        if values.get("start"):
            published["published_at__date__gte"] = values["start"]
        if values.get("end"):
            published["published_at__date__lte"] = values["end"]
        return latest_briefs(self.fields["campaign"].queryset, values.get("campaign"), **published)

    def _checked(self) -> dict:
        """The filters' values that passed their checks ({} when none were given)."""
        if not self.is_bound:
            return {}
        self.is_valid()  # checks once; the fields that pass stay in cleaned_data
        return self.cleaned_data

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The trend's start comes after its end."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose a range of at most two years."))
        return data


def filter_form(request) -> FilterForm:
    """The filters of the query string (unbound when none is given: no errors shown)."""
    given = {
        name: request.GET[name] for name in ("campaign", "start", "end") if name in request.GET
    }
    return FilterForm(given or None, user=request.user)


# --- Rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFigures:
    """One unit's subtree as a dashboard row: states with their shares, and figures."""

    satker: Satker
    counts: dict
    overdue: int
    median_hours: float | None

    @classmethod
    def of(cls, row: DashboardRow) -> "UnitFigures":
        return cls(row.satker, dict(row.counts), row.overdue, row.median_hours_to_publish)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["counts"][name]
        except KeyError:
            raise AttributeError(name) from None

    def percent(self, state: str) -> int:
        total = self.counts["total"]
        return round(100 * self.counts[state] / total) if total else 0

    @property
    def states(self) -> list[dict]:
        labels = state_labels()
        return [
            {
                "name": state,
                "label": labels[state],
                "count": self.counts[state],
                "percent": self.percent(state),
            }
            for state in STATES
        ]

    @property
    def engagement(self) -> int:
        return engagement_of(self.counts)

    @property
    def percent_published(self) -> int:
        return self.percent("published")

    @property
    def published_ratio(self) -> float:
        return self.counts["published"] / self.counts["total"] if self.counts["total"] else 0.0


@dataclass(frozen=True)
class TrendDay:
    day: date
    posts_published: int  # that day
    figures: dict  # as of the end of the day

    @property
    def engagement(self) -> int:
        return engagement_of(self.figures)


@dataclass
class Breakdown:
    """Figures of one platform or one voter segment."""

    key: str
    label: str
    briefs: int = 0
    total: int = 0
    published: int = 0
    posts: int = 0
    posts_published: int = 0
    figures: dict = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))

    @property
    def engagement(self) -> int:
        return engagement_of(self.figures)

    @property
    def percent_published(self) -> int:
        return round(100 * self.published / self.total) if self.total else 0


# --- The dashboard ---------------------------------------------------------------------


class Dashboard:
    """The dashboard of ``unit``'s subtree, optionally for one brief and a date range."""

    def __init__(
        self,
        unit: Satker,
        *,
        campaign: Campaign | None = None,
        start: date | None = None,
        end: date | None = None,
        now: datetime | None = None,
    ):
        self.unit, self.campaign, self.start, self.end, self.now = unit, campaign, start, end, now

    @cached_property
    def _rows(self) -> DashboardRow:
        return dashboard_rows(self.unit, self.campaign, now=self.now)

    @cached_property
    def total(self) -> UnitFigures:
        return UnitFigures.of(self._rows)

    @cached_property
    def children(self) -> list[UnitFigures]:
        return [UnitFigures.of(row) for row in self._rows.children]

    @property
    def as_of(self) -> datetime | None:
        return self._rows.as_of

    @property
    def changes_at(self) -> datetime | None:
        """The next instant the clock alone changes these figures (a brief falls due)."""
        return self._rows.next_change

    @property
    def has_data(self) -> bool:
        return self.total.counts["total"] > 0

    @cached_property
    def _ranking(self) -> tuple[list[UnitFigures], list[UnitFigures]]:
        """Top and bottom children by published share; ties go to fewer overdue."""
        ranked = [child for child in self.children if child.counts["total"]]
        size = min(RANKED, len(ranked) // 2)
        if not size:
            return [], []
        leaders = sorted(ranked, key=lambda r: (-r.published_ratio, r.overdue, r.satker.code))
        laggards = sorted(ranked, key=lambda r: (r.published_ratio, -r.overdue, r.satker.code))
        return leaders[:size], laggards[:size]

    @property
    def leaders(self) -> list[UnitFigures]:
        return self._ranking[0]

    @property
    def laggards(self) -> list[UnitFigures]:
        return self._ranking[1]

    @property
    def trend(self) -> list[TrendDay]:
        """Each day: posts published that day, and the engagement as of its end."""
        return self._trend[0]

    @property
    def trend_cut(self) -> bool:
        """Whether earlier days have figures that the trend leaves out: with no start
        chosen it shows the last TREND_DAYS (an election cycle runs for years)."""
        return self._trend[1]

    @cached_property
    def _trend(self) -> tuple[list[TrendDay], bool]:
        figures = engagement_trend(self.unit, self.campaign, self.start, self.end)
        published = self._published_per_day()
        days = [day for day, _ in figures] + list(published)
        if not days:
            return [], False
        if self.end:  # not beyond today: later days would repeat today's figures
            today = (self.now or timezone.now()).astimezone(DAY_ZONE).date()
            last = min(self.end, today)
        elif self.start:  # at most MAX_DAYS, as when both are chosen
            last = min(max(days), self.start + timedelta(days=MAX_DAYS - 1))
        else:
            last = max(days)
        first = self.start or max(min(days), last - timedelta(days=TREND_DAYS - 1))
        by_day = dict(figures)
        # The figures as of the day before the first shown (figures run by day).
        current = next(
            (values for day, values in reversed(figures) if day < first),
            dict.fromkeys(FIGURES, 0),
        )
        series = []
        day = first
        while day <= last:
            current = by_day.get(day, current)
            series.append(TrendDay(day, published.get(day, 0), current))
            day += timedelta(days=1)
        return series, self.start is None and first > min(days)

    def _published_per_day(self) -> dict[date, int]:
        rows = self._stored(RollupPublished)
        if self.start:
            rows = rows.filter(day__gte=self.start)
        if self.end:
            rows = rows.filter(day__lte=self.end)
        return dict(rows.values("day").annotate(n=Sum("posts")).values_list("day", "n"))

    def _stored(self, model):
        """The roll-up rows of ``model`` for this subtree and brief (or every brief)."""
        rows = model.objects.filter(satker=self.unit).order_by()
        return rows if self.campaign is None else rows.filter(campaign=self.campaign)

    @cached_property
    def platforms(self) -> list[Breakdown]:
        """Posts and engagement per platform, each post with its latest snapshot."""
        sums = {name: Sum(name) for name in ["posts", "posts_published", *FIGURES]}
        rows = []
        for values in self._stored(RollupPlatform).values("platform").annotate(**sums):
            code = values["platform"]
            row = Breakdown(code, Platform(code).label if code in Platform.values else code)
            row.posts, row.posts_published = values["posts"], values["posts_published"]
            row.figures = {name: values[name] or 0 for name in FIGURES}
            rows.append(row)
        order = {code: index for index, code in enumerate(Platform.values)}
        return sorted(rows, key=lambda r: order.get(r.key, len(order)))

    @cached_property
    def segments(self) -> list[Breakdown]:
        """Per voter segment, the briefs that target it (a brief counts under each).

        One aggregate in the database over each brief's roll-up joined to the
        segments it targets (the nation has a row per brief: 1,600 on --full);
        briefs that target none come out under no segment, listed last."""
        stored = Rollup.objects.filter(scope=RollupScope.SUBTREE, satker=self.unit)
        if self.campaign is not None:
            stored = stored.filter(campaign=self.campaign)
        english = (get_language() or "id").startswith("en")
        segment = "campaign__segments__"
        sums = {name: Sum(name) for name in ["total", "published", "posts_published", *FIGURES]}
        grouped = (
            stored.order_by()
            .values(
                code=F(f"{segment}code"),
                name=F(f"{segment}name_en" if english else f"{segment}name_id"),
                position=F(f"{segment}position"),
            )
            .annotate(briefs=Count("campaign_id"), **sums)
        )
        rows = []
        for values in grouped:
            targeted = values["code"] is not None
            row = Breakdown(
                values["code"] if targeted else "",
                values["name"] if targeted else str(_("All voters (no segment chosen)")),
                briefs=values["briefs"],
                total=values["total"],
                published=values["published"],
                posts_published=values["posts_published"],
                figures={name: values[name] for name in FIGURES},
            )
            rows.append(((not targeted, values["position"] or 0, row.key), row))
        return [row for _order, row in sorted(rows, key=lambda pair: pair[0])]
