"""The audit log's filters: a unit of the admin's subtree, the kind of object, the
action, the actor and a date range in the admin's own time zone."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from satker import scope
from satker.forms import PortalForm, add_subtree_filter, check_day_range, day_field, within_days
from satker.models import User

from .display import ACTION_LABELS, object_type_choices
from .models import AuditEntry


class AuditFilterForm(PortalForm):
    """A value that is not understood is reported and ignored, as on the user list."""

    object_type = forms.ChoiceField(label=_("Object"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *ACTION_LABELS.items()],
    )
    actor = forms.CharField(
        label=_("Done by"),
        required=False,
        max_length=150,
        help_text=_("Username, exactly."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    date_from = day_field(_("From"))
    date_to = day_field(_("Until"))

    field_order = ["unit", "object_type", "action", "actor", "date_from", "date_to"]

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        add_subtree_filter(self, viewer)
        self.fields["object_type"].choices = [("", _("All objects")), *object_type_choices()]
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        check_day_range(self, "date_from", "date_to")
        return data

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        self.is_valid()  # cleaned_data then holds the fields that are valid
        data = self.cleaned_data
        if data.get("unit"):
            entries = entries.filter(scope.subtree_q(data["unit"], "satker"))
        if data.get("object_type"):
            entries = entries.filter(object_type=data["object_type"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("actor", "").strip():
            entries = entries.filter(actor__username__iexact=data["actor"].strip())
        return within_days(
            entries, "created_at", data.get("date_from"), data.get("date_to"), self.viewer.satker
        )
