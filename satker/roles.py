"""Roles, levels and time zones: the small vocabularies of DESIGN.md §3-4."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Ordered from least to most: each role may do everything the one before may."""

    VIEWER = "viewer", _("Leadership")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    ADMIN = "admin", _("Admin")

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: "Role") -> bool:
        return self.rank >= Role(other).rank


class Level(models.TextChoices):
    """The tree's three levels, named as the API names them; the value is MPTT's level."""

    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")

    @property
    def depth(self) -> int:
        return list(Level).index(self)

    @classmethod
    def of_depth(cls, depth: int) -> "Level":
        return list(cls)[depth]


class Zone(models.TextChoices):
    """Indonesia's three time zones; the label is the abbreviation shown beside times."""

    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"
