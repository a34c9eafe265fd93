"""Forms of the metrics pages: one snapshot on the post page, and the CSV upload.

They shape input only; analytics.ingest decides what is stored and names the
field of each problem, which is shown beside that field.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.forms import LocalDateTimeInput
from kpu_portal.uploads import clean_image
from satker.forms import PortalForm

from .models import FIGURES

FIGURE_LABELS = {
    "impressions": _("Impressions"),
    "reach": _("Reach"),
    "likes": _("Likes"),
    "comments": _("Comments"),
    "shares": _("Shares"),
    "views": _("Views"),
}


class SnapshotForm(PortalForm):
    """A post's figures as the platform shows them now."""

    captured_at = forms.DateTimeField(
        label=_("Captured at"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("When you read the figures; your unit's local time."),
    )
    evidence = forms.FileField(
        label=_("Screenshot (optional)"),
        required=False,
        help_text=_("A JPEG, PNG or WebP screenshot of the platform's figures, as evidence."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked by analytics.ingest, with the API's and the CSV's words, so that every
        # problem is named at once (a negative figure and a future time together).
        figures = {
            name: forms.CharField(
                label=FIGURE_LABELS[name],
                required=False,
                widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
            )
            for name in FIGURES
        }
        # The figures first, in the order the platforms show them.
        self.fields = {**figures, **self.fields}
        if not self.is_bound:
            self.initial.setdefault("captured_at", timezone.localtime().replace(second=0))

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        clean = clean_image(upload)  # its ValidationError names the file
        return ContentFile(clean.content, name=f"evidence.{clean.extension}")

    def item(self, post) -> dict:
        item = {name: self.cleaned_data[name] for name in FIGURES}
        item.update(post=post.pk, captured_at=self.cleaned_data.get("captured_at"))
        if self.cleaned_data.get("evidence"):
            item["evidence"] = self.cleaned_data["evidence"]
        return item

    def add_ingest_errors(self, errors: list[dict]) -> None:
        for error in errors:
            field = error["field"] if error["field"] in self.fields else None
            self.add_error(field, ValidationError(error["message"]))


class UploadForm(PortalForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, separated by commas or semicolons, with the template's header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
