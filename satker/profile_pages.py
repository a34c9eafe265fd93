"""A unit's profile page (capacity and connectivity) and its edit form.

Anyone whose subtree holds the unit reads its profile; its admins and the admins
above it write it (DESIGN.md §4). Outside the subtree the pages answer 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaigns.choices import Platform

from . import capacity, scope, services
from .capacity import Skill, SkillLevel
from .forms import UnitProfileForm
from .models import Satker, UnitProfile, User
from .roles import Role


@login_required
def own_unit_profile(request):
    return redirect("unit-profile", pk=request.user.satker_id)


@login_required
def unit_profile(request, pk: int):
    unit = scope.get_visible_or_404(request.user, Satker, pk=pk)
    profile = _stored_profile(unit)
    # What is stored, by the keys the form and the audit log use (satker.services).
    values = services.unit_profile_values(profile) if profile else None
    skills = _skill_lines(values)
    context = {
        "unit": unit,
        "profile": profile,
        "skills": skills,
        "accounts": _account_lines(values),
        "covered": sum(line["covered"] for line in skills) if profile else None,
        "skill_count": len(Skill),
        "low_capacity_below": capacity.LOW_CAPACITY_BELOW,
        "may_edit": request.user.has_role(Role.ADMIN),
        "contacts": _contacts(unit),
    }
    if profile:
        context["low_capacity"] = capacity.is_low_capacity(context["covered"])
    return render(request, "satker/unit_profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_profile_edit(request, pk: int):
    # Visibility first (404 outside the subtree), then the role (403).
    unit = scope.get_visible_or_404(request.user, Satker, pk=pk)
    scope.require_role(request.user, Role.ADMIN)
    profile = _stored_profile(unit) or UnitProfile(satker=unit)
    form = UnitProfileForm(request.POST or None, values=services.unit_profile_values(profile))
    if form.is_valid():
        try:
            services.unit_profile_save(actor=request.user, unit=unit, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The profile of %(unit)s was saved.") % {"unit": unit})
            return redirect("unit-profile", pk=unit.pk)
    return render(request, "satker/unit_profile_form.html", {"unit": unit, "form": form})


def _contacts(unit: Satker) -> list[User]:
    """Whom to call about the unit: its active admins and approvers, admins first."""
    people = unit.users.filter(is_active=True, role__in=[Role.ADMIN, Role.APPROVER])
    return sorted(people, key=lambda person: (person.role != Role.ADMIN, person.username))


def _stored_profile(unit: Satker) -> UnitProfile | None:
    return (
        UnitProfile.objects.select_related("updated_by")
        .prefetch_related("skills", "accounts")
        .filter(satker=unit)
        .first()
    )


def _skill_lines(values: dict | None) -> list[dict]:
    """Every skill, with nobody where nothing is stored for it."""
    lines = []
    for skill in Skill:
        staff = values[capacity.skill_staff_key(skill)] if values else 0
        level = values[capacity.skill_level_key(skill)] if values else None
        lines.append(
            {
                "label": skill.label,
                "staff": staff,
                "level": SkillLevel(level).label if level else "",
                "covered": capacity.is_covered(staff, level),
            }
        )
    return lines


def _account_lines(values: dict | None) -> list[dict]:
    if values is None:
        return []
    urls = {platform: values[capacity.account_key(platform)] for platform in Platform}
    return [{"label": platform.label, "url": url} for platform, url in urls.items() if url]
