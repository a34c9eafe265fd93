"""A unit's capacity and connectivity (DESIGN.md §5, "Capacity and connectivity").

Each unit keeps a self-assessed profile: how many of its staff have each content
skill and at what level, its equipment, its connectivity and its official social
accounts. The rules for "low capacity" and "poor connectivity" live here, so the
profile page and the list of units needing support say the same thing.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Connectivity(models.TextChoices):
    GOOD = "good", _("Good")
    LIMITED = "limited", _("Limited")
    POOR = "poor", _("Poor")


class Skill(models.TextChoices):
    """The five skills of a unit's content team, in the order a form lists them."""

    CONTENT_CREATOR = "content_creator", _("Content creator")
    COPYWRITER = "copywriter", _("Editor/copywriter")
    DESIGNER = "designer", _("Designer")
    VIDEOGRAPHER = "videographer", _("Videographer")
    SOCIAL_ADMIN = "social_admin", _("Social media admin")


class SkillLevel(models.IntegerChoices):
    """The self-assessed level of the staff who have a skill."""

    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")


# A skill counts as covered when at least one person has it at this level or above.
COVERED_FROM = SkillLevel.INTERMEDIATE
# Fewer covered skills than this is low capacity: the unit cannot make a post of
# every kind (text, image, video) and run its accounts without help.
LOW_CAPACITY_BELOW = 3


def is_covered(staff: int, level: int | None) -> bool:
    return staff > 0 and level is not None and level >= COVERED_FROM


def is_low_capacity(covered: int) -> bool:
    return covered < LOW_CAPACITY_BELOW


# How the audit log names the keys a profile's change records (satker.services).
def skill_staff_key(skill: str) -> str:
    return f"{skill}_staff"


def skill_level_key(skill: str) -> str:
    return f"{skill}_level"


def account_key(platform: str) -> str:
    return f"account_{platform}"


def audit_field_labels(platforms) -> dict:
    """Labels of the profile's audit keys, for audit.display."""
    labels = {}
    for skill in Skill:
        labels[skill_staff_key(skill)] = format_lazy(_("{skill}: staff"), skill=skill.label)
        labels[skill_level_key(skill)] = format_lazy(_("{skill}: level"), skill=skill.label)
    for platform in platforms:
        labels[account_key(platform)] = format_lazy(
            _("{platform} account"), platform=platform.label
        )
    return labels


def audit_value_choices() -> dict:
    """The profile's audit keys whose values are codes, for audit.display."""
    return {skill_level_key(skill): SkillLevel for skill in Skill}
