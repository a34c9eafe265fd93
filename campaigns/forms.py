"""Browser forms for briefs. They shape input; campaigns.services decides what is stored."""

from datetime import timedelta
from functools import cache

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kpu_portal.widgets import LongSelect, LongSelectMultiple
from satker.forms import ListFilterForm, PortalForm, ServiceErrorsMixin
from satker.models import Satker, User
from satker.roles import Level

from .choices import CampaignStatus, Platform, Priority, ScopeMode
from .models import Campaign, VoterSegment
from .selectors import visible_campaigns
from .validation import HASHTAG


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _words(text: str) -> list[str]:
    return text.replace(",", " ").split()


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; read in the user's unit's zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CampaignForm(ServiceErrorsMixin, PortalForm):
    field_names = {"scope": "scope_mode", "scope_levels": "scope_mode"}

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    key_messages = forms.CharField(
        label=_("Key messages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One message per line."),
    )
    hashtags = forms.CharField(
        label=_("Required hashtags"),
        required=False,
        help_text=_("Separated by spaces, each starting with #, e.g. #PemiluDamai #CekDPT."),
    )
    guidance = forms.CharField(
        label=_("Do and don't guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("Voter segments"),
        queryset=VoterSegment.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    platforms = forms.MultipleChoiceField(
        label=_("Target platforms"), choices=Platform.choices, widget=forms.CheckboxSelectMultiple
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
    )
    starts_at = forms.DateTimeField(label=_("Start"), widget=LocalDateTimeInput())
    due_at = forms.DateTimeField(
        label=_("Due"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Your unit's local time. Urgent clarifications use the deadline in hours."),
    )
    deadline_hours = forms.IntegerField(
        label=_("Deadline in hours"),
        required=False,
        min_value=1,
        max_value=72,
        help_text=_("Only for urgent hoax clarifications: hours from the start."),
    )
    scope_mode = forms.ChoiceField(
        label=_("Who receives it"),
        choices=ScopeMode.choices,
        initial=ScopeMode.SUBTREE,
        widget=forms.RadioSelect,
    )
    scope_levels = forms.MultipleChoiceField(
        label=_("Levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With “Chosen levels”."),
    )
    scope_units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        required=False,
        queryset=Satker.objects.none(),
        help_text=_("With “Chosen units”. Hold Ctrl (or ⌘) to choose several."),
        widget=LongSelectMultiple(attrs={"size": 10}),  # 552 options for the centre
    )

    def __init__(self, *args, publisher: User, campaign: Campaign | None = None, **kwargs):
        """The form for a new brief of ``publisher``'s unit, or for changing ``campaign``."""
        if campaign is not None:
            kwargs.setdefault("initial", self.initial_from(campaign))
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        unit = campaign.satker if campaign is not None else publisher.satker
        levels = [(level.value, level.label) for level in Level if level.depth > unit.level]
        self.fields["scope_levels"].choices = levels
        # Only the writer's subtree is offered; a forged value is refused by name.
        self.fields["scope_levels"].error_messages["invalid_choice"] = gettext(
            "Choose levels below your own unit: %(levels)s."
        ) % {"levels": ", ".join(str(label) for _value, label in levels)}
        self.fields["scope_units"].queryset = unit.get_descendants()
        # Indented by depth, so a province's regencies read as below it.
        self.fields["scope_units"].label_from_instance = lambda u: (
            "\u00a0\u00a0\u00a0" * (u.level - unit.level - 1) + f"{u.code} {u.name}"
        )
        self.fields["scope_units"].error_messages["invalid_choice"] = gettext(
            "Choose units below your own unit, %(unit)s."
        ) % {"unit": unit.name}
        if campaign is not None:
            # A segment made inactive later stays on the briefs that already have it.
            self.fields["segments"].queryset = VoterSegment.objects.filter(
                Q(is_active=True) | Q(pk__in=campaign.segments.values("pk"))
            )
            if campaign.status != CampaignStatus.DRAFT:
                # The units a published brief was sent to are fixed: shown, not changed.
                for name in ["scope_mode", "scope_levels", "scope_units"]:
                    self.fields[name].disabled = True

    @staticmethod
    def initial_from(campaign: Campaign) -> dict:
        return {
            "title": campaign.title,
            "summary": campaign.summary,
            "key_messages": "\n".join(campaign.key_messages),
            "hashtags": " ".join(campaign.hashtags),
            "guidance": campaign.guidance,
            "segments": [segment.pk for segment in campaign.segments.all()],
            "platforms": campaign.platforms,
            "priority": campaign.priority,
            "starts_at": campaign.starts_at,
            "due_at": campaign.due_at,
            "deadline_hours": campaign.deadline_hours,
            "scope_mode": campaign.scope_mode,
            "scope_levels": campaign.scope_levels,
            "scope_units": [unit.pk for unit in campaign.scope_units.all()],
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "key_messages": _lines(data["key_messages"]),
            "hashtags": _words(data["hashtags"]),
            "guidance": data["guidance"],
            "platforms": data["platforms"],
            "priority": data["priority"],
            "starts_at": data["starts_at"],
            "deadline_hours": data["deadline_hours"],
            "scope_mode": data["scope_mode"],
            "scope_levels": data["scope_levels"],
        }
        if data["due_at"] or data["priority"] != Priority.URGENT:
            fields["due_at"] = data["due_at"]
        return {
            "fields": fields,
            "segments": list(data["segments"]),
            # Units are kept only for "chosen units"; other modes do not name any.
            "scope_units": list(data["scope_units"])
            if data["scope_mode"] == ScopeMode.UNITS
            else [],
        }

    def clean_hashtags(self) -> str:
        # Checked here too, so a bad hashtag shows with the form's other errors at once.
        bad = [tag for tag in _words(self.cleaned_data["hashtags"]) if not HASHTAG.match(tag)]
        if bad:
            raise forms.ValidationError(
                gettext("A hashtag starts with # followed by letters, digits or _: %(tags)s.")
                % {"tags": ", ".join(bad)}
            )
        return self.cleaned_data["hashtags"]

    def clean(self):
        data = super().clean()
        self._keep_unchanged_times(data)
        if data.get("priority") == Priority.NORMAL and not data.get("due_at"):
            self.add_error("due_at", _("Give the due date and time."))
        mode = data.get("scope_mode")
        if (
            mode == ScopeMode.LEVELS
            and not data.get("scope_levels")
            and "scope_levels" not in self.errors
        ):
            self.add_error("scope_levels", _("Choose at least one level."))
        if (
            mode == ScopeMode.UNITS
            and not data.get("scope_units")
            and "scope_units" not in self.errors
        ):
            self.add_error("scope_units", _("Choose at least one unit."))
        return data

    def _keep_unchanged_times(self, data: dict) -> None:
        """A time the form shows to the minute and that comes back unchanged keeps its seconds.

        Otherwise saving a brief written through the API (with seconds) would change
        its times, and a published brief would become a new version for nothing.
        """
        if self.campaign is None:
            return
        for name in ["starts_at", "due_at"]:
            before, after = getattr(self.campaign, name), data.get(name)
            if before and after and after <= before < after + timedelta(minutes=1):
                data[name] = before


class AssetForm(ServiceErrorsMixin, PortalForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A JPEG, PNG or WebP image, or a PDF document."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )
    alt_text = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=500,
        help_text=_("For images: what the image shows, for people who cannot see it."),
    )


class VoterSegmentForm(forms.ModelForm):
    """National admins keep the list of voter segments briefs can target."""

    class Meta:
        model = VoterSegment
        fields = ["code", "name_id", "name_en", "position", "is_active"]
        help_texts = {
            "code": _("Lower-case letters, digits and _; used by the API. Cannot change later."),
            "is_active": _("Inactive segments stay on old briefs but cannot be chosen."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class BriefListFilterForm(ListFilterForm):
    """The brief list's search and filters; a bad value is reported and ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the title."),
        widget=forms.SearchInput(),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CampaignStatus.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("All")), *Priority.choices]
    )

    def apply(self, briefs):
        self.is_valid()  # cleaned_data then holds the fields that are valid
        data = self.cleaned_data
        # Each word must match, so "hoaks pemilu" finds "Klarifikasi hoaks: pemilu ulang".
        for word in data.get("q", "").split():
            briefs = briefs.filter(title__icontains=word)
        if data.get("status"):
            briefs = briefs.filter(status=data["status"])
        if data.get("priority"):
            briefs = briefs.filter(priority=data["priority"])
        return briefs


# --- A brief chosen in a list's filters (the dashboard, the post list) ----------------

LISTED_BRIEFS = 100  # briefs a filter's select offers


def brief_filter_field(**kwargs) -> forms.ModelChoiceField:
    """A select of released briefs; ``offer_briefs`` gives it the user's."""
    kwargs.setdefault("label", _("Voter-education brief"))
    kwargs.setdefault("empty_label", _("All briefs"))
    return forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, widget=LongSelect, **kwargs
    )


def released_briefs(user: User):
    """The published and closed briefs ``user`` sees, the latest published first."""
    return (
        visible_campaigns(user)
        .filter(status__in=[CampaignStatus.PUBLISHED, CampaignStatus.CLOSED])
        .order_by("-published_at", "-pk")
    )


def offer_briefs(field: forms.ModelChoiceField, briefs, listed) -> None:
    """Any of ``briefs`` may be chosen in ``field``; its select offers ``listed()``.

    A national viewer sees well over a thousand briefs, and a select of them all
    weighs ~130 KB and most of a page's time: the select offers a few (the latest
    LISTED_BRIEFS, say), read only when it is drawn (downloads never read it).
    """
    field.queryset = briefs

    @cache
    def listed_choices() -> list[tuple]:
        return [("", field.empty_label)] + [
            (brief.pk, field.label_from_instance(brief)) for brief in listed()
        ]

    field.widget.choices = listed_choices


def latest_briefs(briefs, chosen: Campaign | None, **published) -> list[Campaign]:
    """The latest LISTED_BRIEFS of ``briefs`` (filtered by ``published``, such as
    published_at__date__gte=...), and always the ``chosen`` one."""
    # Only what an option shows: a brief's texts and guidance are large.
    shown = list(
        briefs.filter(**published).select_related(None).only("pk", "title")[:LISTED_BRIEFS]
    )
    if chosen is not None and chosen not in shown:
        shown.append(chosen)
    return shown
