"""How audit rows read on the page and in the export: labels and "old -> new" values."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Platform
from satker import capacity
from satker.models import Satker
from satker.roles import Level
from satker.timefmt import format_unit_time

from .models import AuditEntry

# Every action written by the services (campaigns, content, satker), as people say it.
ACTION_LABELS = {
    "create": _("Created"),
    "edit": _("Edited"),
    "amend": _("Amended"),
    "delete": _("Deleted"),
    "publish": _("Published"),
    "close": _("Closed"),
    "acknowledge": _("Acknowledged"),
    "add_asset": _("File added"),
    "remove_asset": _("File removed"),
    "add_media": _("Media added"),
    "submit": _("Submitted"),
    "approve": _("Approved"),
    "request_changes": _("Changes requested"),
    "reroute": _("Review moved up"),
    "lessons": _("Lessons written"),
}

# The kinds of object that write audit rows (model labels, as stored in object_type).
OBJECT_TYPES = [
    "campaigns.campaign",
    "campaigns.assignment",
    "content.post",
    "satker.user",
    "satker.unitprofile",
]

# Keys of ``changes`` that are not model fields, or that read better under another name.
FIELD_LABELS = {
    "full_name": _("Name"),
    "satker": _("Work unit"),
    "password": _("Password"),
    "assets": _("Files"),
    "media": _("Media"),
    "assignments": _("Assignments"),
    "segments": _("Voter segments"),
    "scope_units": _("Chosen units"),
    "review_unit": _("Reviewed by"),
    **capacity.audit_field_labels(Platform),
}

# Lists of codes stored in JSON fields, shown by their names.
VALUE_CHOICES = {
    "platforms": Platform,
    "platform": Platform,
    "scope_levels": Level,
    **capacity.audit_value_choices(),
}

EMPTY = "\u2013"  # an en dash, as the other lists show an empty value


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str
    note: str = ""  # said instead of old -> new, e.g. "password changed"


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return capfirst(model._meta.verbose_name) if model else object_type


def object_type_choices() -> list[tuple[str, str]]:
    return [(label, object_type_label(label)) for label in OBJECT_TYPES]


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def describe_changes(entry: AuditEntry, viewer_unit: Satker) -> list[Change]:
    """Each changed field of ``entry`` with its old and new value as text."""
    model = _model(entry.object_type)
    described = []
    for key, pair in (entry.changes or {}).items():
        field = _field(model, key)
        label = str(FIELD_LABELS.get(key) or _field_label(field) or key)
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if key == "password":
            described.append(Change(label, "", "", note=str(_("password changed"))))
            continue
        choices = VALUE_CHOICES.get(key)
        described.append(
            Change(
                label,
                _show(old, field, viewer_unit, choices),
                _show(new, field, viewer_unit, choices),
            )
        )
    return described


def changes_text(entry: AuditEntry, viewer_unit: Satker) -> str:
    """``describe_changes`` as one line: "Role: Editor → Approver; Active: Yes → No"."""
    return "; ".join(
        f"{change.label}: {change.note or f'{change.old} → {change.new}'}"
        for change in describe_changes(entry, viewer_unit)
    )


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _field_label(field) -> str:
    verbose = getattr(field, "verbose_name", None)
    return capfirst(verbose) if verbose else ""


def _show(value, field, viewer_unit: Satker, named=None) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(_show(item, field, viewer_unit, named) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    if named is not None and value in named.values:
        return str(named(value).label)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return format_unit_time(moment, viewer_unit)
    return str(value)
