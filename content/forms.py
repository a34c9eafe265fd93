"""Browser forms for posts. They shape input; content.services and content.workflow
decide what is stored and answer with errors that name the field."""

from dataclasses import dataclass

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Platform
from campaigns.forms import LocalDateTimeInput
from satker.forms import ServiceErrorsMixin

from .choices import Language
from .models import NeutralityTerm, Post
from .validation import NeutralityFlag, hashtags_in, highlight_terms, limits_for, neutrality_flags


class PostForm(ServiceErrorsMixin, forms.Form):
    """A post for one platform: new (the platform is chosen) or an edit (it carries the version).

    Caption and title are checked by the service against the platform's limits and
    the brief's hashtags, so the form leaves them optional and shows those messages.
    """

    field_names = {"version": None}

    platform = forms.ChoiceField(label=_("Platform"))
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.INDONESIAN
    )
    title = forms.CharField(
        label=_("Video title"),
        required=False,
        max_length=200,
        help_text=_("YouTube only."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Include the brief's required hashtags."),
    )
    planned_at = forms.DateTimeField(
        label=_("Planned time"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Optional. Your unit's local time."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, assignment, post: Post | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        if post is not None:
            kwargs.setdefault("initial", self.initial_from(post))
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.post = post
        if post is None:
            del self.fields["version"]
            self.fields["platform"].choices = [
                (code, Platform(code).label) for code in unused_platforms(assignment)
            ]
        else:
            del self.fields["platform"]
            if post.platform != Platform.YOUTUBE:
                del self.fields["title"]
            else:
                self.fields["title"].help_text = ""

    @staticmethod
    def initial_from(post: Post) -> dict:
        return {
            "language": post.language,
            "title": post.title,
            "caption": post.caption,
            "planned_at": post.planned_at,
            "version": post.version,
        }

    def platform_value(self) -> str:
        """The platform the text is written for (chosen, or the post's own)."""
        if self.post is not None:
            return self.post.platform
        if self.is_bound:
            return self.data.get("platform", "")
        choices = self.fields["platform"].choices
        return choices[0][0] if choices else ""

    def text_value(self, name: str) -> str:
        """What the person typed in ``name`` (valid or not), else what the post holds."""
        if name not in self.fields:
            return ""
        if self.is_bound:
            return self.data.get(name, "")
        return self.initial.get(name) or ""

    def preview(self) -> "Preview":
        """Counters, missing hashtags, neutrality flags and the text as it would read."""
        platform = self.platform_value()
        title = self.text_value("title") if platform == Platform.YOUTUBE else ""
        return post_preview(
            campaign=self.assignment.campaign,
            platform=platform,
            title=title,
            caption=self.text_value("caption"),
        )

    def fields_for_service(self) -> dict:
        data = self.cleaned_data
        fields = {
            "language": data["language"],
            "caption": data["caption"],
            "planned_at": data["planned_at"],
        }
        platform = self.platform_value()
        fields["title"] = data.get("title", "") if platform == Platform.YOUTUBE else ""
        return fields


@dataclass(frozen=True)
class Count:
    """One counter of the preview: characters of a field, or hashtags."""

    label: str
    used: int
    limit: int | None
    of_hashtags: bool = False

    @property
    def over(self) -> bool:
        return self.limit is not None and self.used > self.limit

    @property
    def excess(self) -> int:
        return self.used - self.limit if self.over else 0


@dataclass(frozen=True)
class Preview:
    platform: str
    platform_label: str
    counts: list[Count]
    missing_hashtags: list[str]
    flags: list[NeutralityFlag]
    title_html: SafeString
    caption_html: SafeString


def post_preview(*, campaign, platform: str, title: str, caption: str) -> Preview:
    """What the editor sees beside the text: the rules of content.validation, counted."""
    limits = limits_for(platform)
    counts = []
    if platform == Platform.YOUTUBE:
        counts.append(Count(str(_("Video title")), len(title), limits.get("title")))
    counts.append(Count(str(_("Caption")), len(caption), limits.get("caption")))
    counts.append(
        Count(str(_("Hashtags")), len(hashtags_in(caption)), limits.get("hashtags"), True)
    )
    used = {tag.lower() for tag in hashtags_in(f"{title} {caption}")}
    flags = neutrality_flags(f"{title}\n{caption}")
    return Preview(
        platform=platform,
        platform_label=Platform(platform).label if platform in Platform.values else "",
        counts=counts,
        missing_hashtags=[tag for tag in campaign.hashtags if tag.lower() not in used],
        flags=flags,
        title_html=highlight_terms(title, flags),
        caption_html=highlight_terms(caption, flags),
    )


def unused_platforms(assignment) -> list[str]:
    """The brief's platforms that the unit has no post for yet, in the brief's order."""
    used = set(assignment.posts.values_list("platform", flat=True))
    return [code for code in assignment.campaign.platforms if code not in used]


class MediaForm(ServiceErrorsMixin, forms.Form):
    # Both optional here: the service names what is missing, beside each field.
    file = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=500,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "media_%s")
        super().__init__(*args, **kwargs)


class PublicationForm(ServiceErrorsMixin, forms.Form):
    url = forms.CharField(
        label=_("Address of the published post"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    published_at = forms.DateTimeField(
        label=_("Published at"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Optional; now if left empty. Your unit's local time."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReviewForm(ServiceErrorsMixin, forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        required=False,  # required by the service, which says so beside the field
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The editor sees this comment with the post."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class NeutralityTermForm(forms.ModelForm):
    """National admins keep the words the neutrality check flags to reviewers."""

    class Meta:
        model = NeutralityTerm
        fields = ["term", "kind", "is_active"]
        help_texts = {
            "term": _("Flagged wherever it stands as a whole word, in any letter case."),
            "is_active": _("Inactive terms are no longer flagged."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        same = NeutralityTerm.objects.filter(term__iexact=term).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("This term is already on the list."))
        return term
