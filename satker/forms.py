"""Forms of the portal's user management.

They only shape input and offer the units of the admin's own subtree;
satker.services decides what may be stored, and its errors are shown here
beside the field they name.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from campaigns.choices import PLATFORM_HOSTS, Platform
from kpu_portal.widgets import LongSelect

from . import capacity, scope, services
from .capacity import Connectivity, Skill, SkillLevel
from .models import (
    ACCOUNT_URL_MAX_LENGTH,
    CONNECTIVITY_NOTE_MAX_LENGTH,
    EQUIPMENT_MAX_LENGTH,
    STAFF_MAX,
    Satker,
    UnitProfile,
    User,
)
from .roles import Role
from .timefmt import FIRST_DAY, LAST_DAY, within_the_years_validator


class _UnitOptions(ModelChoiceIterator):
    """A unit select's options from four columns per unit: a national select lists
    553 units, and building each as a tree node took most of a list page's time."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        columns = self.queryset.values_list("pk", "code", "name", "level")
        for pk, code, name, level in columns:
            yield (pk, self.field.option_label(code, name, level))


class UnitChoiceField(forms.ModelChoiceField):
    """The units of a subtree, indented by depth so the select reads as a tree."""

    iterator = _UnitOptions

    def __init__(self, *, actor: User, **kwargs):
        self.base_level = actor.satker.level
        kwargs.setdefault("label", _("Work unit"))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose a work unit within your own subtree.")}
        )
        super().__init__(queryset=scope.visible_units(actor), **kwargs)

    def label_from_instance(self, unit: Satker) -> str:
        return self.option_label(unit.code, unit.name, unit.level)

    def option_label(self, code: str, name: str, level: int) -> str:
        indent = "\u00a0\u00a0\u00a0" * (level - self.base_level)
        return f"{indent}{code} {name}"


def add_subtree_filter(form: forms.Form, actor: User) -> None:
    """A list's unit filter ("unit"): any unit of the actor's subtree, or all of them;
    the list then keeps that unit and the units below it. None for an actor whose unit
    has no units below (a regency would choose among one)."""
    if not actor.satker.has_children_level:
        return
    form.fields["unit"] = UnitChoiceField(
        actor=actor,
        required=False,
        empty_label=_("All units"),
        help_text=_("Includes the units below it."),
        widget=LongSelect,  # 553 options for a national reader
    )


class PlainLabelsMixin:
    """Labels without a trailing colon: the portal's forms put each label on its own line.
    For Django's own forms (sign-in, password reset) as much as the portal's."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PortalForm(PlainLabelsMixin, forms.Form):
    """The portal's plain forms."""


class ListFilterForm(PortalForm):
    """A list page's filters (a GET form): a bad value is reported and ignored."""

    @property
    def filtered(self) -> bool:
        """Whether any filter holds a value: an empty list then says "no match" rather
        than "nothing yet"."""
        return any(self.cleaned_data.get(name) for name in self.fields)


# --- Whole days as the reader's unit counts them (list filters) ---------------------


class DayField(forms.DateField):
    """An optional day between FIRST_DAY and LAST_DAY, picked with the browser's date
    picker (which is told the same bounds)."""

    default_validators = [within_the_years_validator]

    def __init__(self, **kwargs):
        attrs = {"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
        kwargs.setdefault("widget", forms.DateInput(attrs=attrs, format="%Y-%m-%d"))
        super().__init__(required=False, **kwargs)


def day_field(label) -> forms.DateField:
    return DayField(label=label)


def check_day_range(form: forms.Form, start: str, end: str) -> None:
    """In ``clean()``: a range that ends before it starts is named on its end field
    (which is then ignored, the start still applies)."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The end date is before the start date."))


def within_days(rows: QuerySet, field: str, first, last, unit: Satker) -> QuerySet:
    """``rows`` whose ``field`` (a moment) falls on the days ``first`` to ``last``
    (either may be None), each running from midnight to midnight in ``unit``'s zone
    (WIB, WITA or WIT)."""
    zone = zoneinfo.ZoneInfo(unit.timezone)
    if first:
        rows = rows.filter(**{f"{field}__gte": datetime.combine(first, time.min, tzinfo=zone)})
    if last:
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        rows = rows.filter(**{f"{field}__lt": end})
    return rows


class SignInForm(PlainLabelsMixin, AuthenticationForm):
    """Django's sign-in form with a plainer message for a wrong password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
    }


class ServiceErrorsMixin:
    """Show a service's ValidationError beside the form fields it names."""

    # The services speak in model fields; these forms name a few of them differently.
    field_names = {"satker": "unit", "first_name": "full_name", "last_name": "full_name"}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for model_field, messages in error.message_dict.items():
            name = self.field_names.get(model_field, model_field)
            self.add_error(name if name in self.fields else None, messages)


def _full_name_field(autocomplete: str = "off", required: bool = True) -> forms.CharField:
    """ "off" where an admin types someone else's; "name" for one's own. An admin may
    leave it empty: accounts made by add_user have none, and deactivating or moving
    such a person must not wait for a name."""
    return forms.CharField(
        label=_("Full name"),
        max_length=300,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def _email_field(autocomplete: str = "off", help_text: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete}),
        help_text=help_text,
    )


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        help_text=_(
            "Leadership reads; an editor writes its unit's posts; an approver also reviews "
            "and publishes briefs; an admin also manages people."
        ),
    )


class UserCreateForm(ServiceErrorsMixin, PortalForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    full_name = _full_name_field(required=False)
    email = _email_field()
    role = _role_field()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not too common, not only digits."),
    )
    password_confirm = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "email", "unit", "role"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(actor=actor, empty_label=_("Choose a work unit"))
        if not actor.satker.has_children_level:  # its own unit is the only choice
            self.fields["unit"].initial = actor.satker_id
        self.order_fields(self.field_order)

    def clean_username(self):
        # Said with the other fields' errors, not only once they all pass.
        username = self.cleaned_data["username"]
        if problems := services.username_errors(username):
            raise ValidationError(problems)
        return username

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_confirm")
        if password and again and password != again:
            self.add_error("password_confirm", _("The two passwords differ."))
        return cleaned


class UserUpdateForm(ServiceErrorsMixin, PortalForm):
    full_name = _full_name_field(required=False)
    email = _email_field()
    role = _role_field()
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("People who are not active cannot sign in."),
    )

    field_order = ["full_name", "email", "unit", "role", "is_active"]

    def __init__(self, *args, actor: User, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "full_name": user.get_full_name(),
                "email": user.email,
                "unit": user.satker_id,
                "role": user.role,
                "is_active": user.is_active,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(actor=actor, empty_label=_("Choose a work unit"))
        self.order_fields(self.field_order)


class UserFilterForm(PortalForm):
    """The user list's search and filters; a bad value is reported and ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Username, name or email."),
        widget=forms.SearchInput(),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Active and inactive")),
            ("active", _("Active")),
            ("inactive", _("Inactive")),
        ],
    )

    field_order = ["q", "unit", "role", "status"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        add_subtree_filter(self, actor)
        self.order_fields(self.field_order)

    def apply(self, users: QuerySet[User]) -> QuerySet[User]:
        self.is_valid()  # cleaned_data then holds the fields that are valid
        data = self.cleaned_data
        # Each word must match somewhere, so "budi santoso" finds first and last name.
        for word in data.get("q", "").split():
            users = users.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        if data.get("unit"):
            users = users.filter(scope.subtree_q(data["unit"], "satker"))
        if data.get("role"):
            users = users.filter(role=data["role"])
        if data.get("status"):
            users = users.filter(is_active=data["status"] == "active")
        return users


class AccountAddressField(forms.URLField):
    """An official account's address, "https://" added when left out. Whether it is a
    valid address on the platform's site is the service's check, said together with
    the profile's other problems rather than in a round of its own."""

    default_validators: list = []


class UnitProfileForm(ServiceErrorsMixin, PortalForm):
    """A unit's profile: connectivity, equipment, staff per skill, official accounts.

    Field names are the audit keys of satker.capacity, so the service's errors land
    beside the field they name.
    """

    connectivity = forms.ChoiceField(
        label=_("Connectivity"),
        required=False,
        choices=[("", _("Not assessed")), *Connectivity.choices],
        widget=forms.RadioSelect,
        help_text=UnitProfile._meta.get_field("connectivity").help_text,
    )
    connectivity_note = forms.CharField(
        label=_("About the connection"),
        required=False,
        max_length=CONNECTIVITY_NOTE_MAX_LENGTH,
        help_text=UnitProfile._meta.get_field("connectivity_note").help_text,
    )
    equipment = forms.CharField(
        label=_("Equipment"),
        required=False,
        max_length=EQUIPMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=UnitProfile._meta.get_field("equipment").help_text,
    )

    def __init__(self, *args, values: dict, **kwargs):
        kwargs.setdefault("initial", values)
        super().__init__(*args, **kwargs)
        for skill in Skill:
            self.fields[capacity.skill_staff_key(skill)] = forms.IntegerField(
                label=_("%(skill)s: staff") % {"skill": skill.label},
                required=False,
                min_value=0,
                max_value=STAFF_MAX,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow-number"}),
            )
            self.fields[capacity.skill_level_key(skill)] = forms.TypedChoiceField(
                label=_("%(skill)s: level") % {"skill": skill.label},
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "\u2013"), *SkillLevel.choices],
            )
        for platform in Platform:
            self.fields[capacity.account_key(platform)] = AccountAddressField(
                label=platform.label,
                required=False,
                max_length=ACCOUNT_URL_MAX_LENGTH,
                assume_scheme="https",
                widget=forms.URLInput(
                    attrs={"placeholder": f"https://{PLATFORM_HOSTS[platform][0]}/..."}
                ),
            )

    def skill_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(skill, its staff field, its level field), in the order of Skill."""
        return [
            (
                skill.label,
                self[capacity.skill_staff_key(skill)],
                self[capacity.skill_level_key(skill)],
            )
            for skill in Skill
        ]

    def account_fields(self) -> list[forms.BoundField]:
        return [self[capacity.account_key(platform)] for platform in Platform]

    def service_arguments(self) -> dict:
        """What satker.services.unit_profile_save takes, from the cleaned data."""
        data = self.cleaned_data
        return {
            "connectivity": data["connectivity"],
            "connectivity_note": data["connectivity_note"],
            "equipment": data["equipment"],
            "skills": {
                skill: (
                    data[capacity.skill_staff_key(skill)] or 0,
                    data[capacity.skill_level_key(skill)],
                )
                for skill in Skill
            },
            "accounts": {platform: data[capacity.account_key(platform)] for platform in Platform},
        }


class AccountForm(ServiceErrorsMixin, PortalForm):
    """A person's own name and e-mail address; a new address needs the password."""

    full_name = _full_name_field(autocomplete="name")
    email = _email_field(
        autocomplete="email",
        help_text=_("Notices and the link to set a new password, if you forget it, go here."),
    )
    current_password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change the e-mail address."),
    )

    def __init__(self, *args, request, **kwargs):
        self.request, self.user = request, request.user
        kwargs.setdefault(
            "initial", {"full_name": self.user.get_full_name(), "email": self.user.email}
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        changes_address = email is not None and email.lower() != self.user.email.lower()
        if changes_address and not self._password_is_right(cleaned.get("current_password")):
            self.add_error(
                "current_password",
                _("Give your current password to change the e-mail address."),
            )
        return cleaned

    def _password_is_right(self, password: str | None) -> bool:
        # Through authenticate(), so wrong guesses here count toward the sign-in
        # lockout (satker.lockout) like those on the sign-in page.
        if not password:
            return False
        return (
            authenticate(self.request, username=self.user.username, password=password) is not None
        )
