from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

from campaigns.choices import Platform

from .capacity import Connectivity, Skill, SkillLevel
from .roles import Level, Role, Zone

ROOT_CODE = "00"


class Satker(MPTTModel):
    """A work unit (satuan kerja): the national KPU, a province or a regency/city.

    Write the tree only through satker.tree, which holds the tree lock.
    """

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_('Kemendagri region code, such as "33" or "33.74"; "00" for the national KPU.'),
    )
    name = models.CharField(_("name"), max_length=200)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=Zone.choices, default=Zone.WIB
    )

    class MPTTMeta:
        order_insertion_by = ["code"]

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")

    def __str__(self) -> str:
        return self.name

    @property
    def tier(self) -> Level:
        """National, province or regency; derived from the node's depth."""
        return Level.of_depth(self.level)

    @property
    def zone_label(self) -> str:
        return Zone(self.timezone).label

    @property
    def has_children_level(self) -> bool:
        """Units above the regencies have children and may write briefs for them."""
        return self.level < Level.REGENCY.depth


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # createsuperuser does not ask for a unit: a superuser sits at the root as admin.
        if "satker" not in extra_fields and "satker_id" not in extra_fields:
            root = Satker.objects.filter(code=ROOT_CODE).first()
            if root is None:
                raise ImproperlyConfigured(
                    "The unit tree is empty: run `python manage.py seed_satker` first."
                )
            extra_fields["satker"] = root
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person: exactly one unit and one role."""

    satker = models.ForeignKey(
        Satker,
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the e-mails this person receives and of the pages after "
            "signing in: the one last picked with the language switch (empty: Indonesian)."
        ),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["satker", "role"])]

    def has_role(self, role: Role) -> bool:
        """True when this user's role is ``role`` or a stronger one."""
        return Role(self.role).at_least(role)


STAFF_MAX = 999
CONNECTIVITY_NOTE_MAX_LENGTH = 300
ACCOUNT_URL_MAX_LENGTH = 300
EQUIPMENT_MAX_LENGTH = 1000


class UnitProfile(models.Model):
    """A unit's self-assessed capacity and connectivity (satker.capacity), kept by
    its admins and those above; written only through satker.services."""

    satker = models.OneToOneField(
        Satker,
        verbose_name=_("work unit"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
    )
    connectivity = models.CharField(
        _("connectivity"),
        max_length=8,
        choices=Connectivity.choices,
        blank=True,
        help_text=_(
            "How well the office can upload photos and video. Poor: uploads often fail or "
            "must wait for another place or time."
        ),
    )
    connectivity_note = models.CharField(
        _("about the connection"),
        max_length=CONNECTIVITY_NOTE_MAX_LENGTH,
        blank=True,
        help_text=_('For example "4G only in town; the office line drops when it rains".'),
    )
    equipment = models.TextField(
        _("equipment"),
        max_length=EQUIPMENT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "What the unit has to make content: cameras, phones, computers, editing "
            "software, microphones, lighting."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("unit profile")
        verbose_name_plural = _("unit profiles")

    def __str__(self) -> str:
        return str(self.satker)


class UnitSkill(models.Model):
    """How many of a unit's staff have one skill, and at what level."""

    profile = models.ForeignKey(UnitProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.CharField(_("skill"), max_length=20, choices=Skill.choices)
    staff = models.PositiveSmallIntegerField(
        _("staff"), default=0, validators=[MaxValueValidator(STAFF_MAX)]
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="one_row_per_skill"),
            # Nobody with the skill has no level; somebody with it always has one.
            models.CheckConstraint(
                condition=Q(staff=0, level__isnull=True) | Q(staff__gt=0, level__isnull=False),
                name="skill_level_given_with_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_skill_display()}: {self.staff}"


class UnitAccount(models.Model):
    """One of a unit's official social media accounts (one per platform)."""

    profile = models.ForeignKey(UnitProfile, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    url = models.URLField(_("address"), max_length=ACCOUNT_URL_MAX_LENGTH)

    class Meta:
        verbose_name = _("official account")
        verbose_name_plural = _("official accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "platform"], name="one_account_per_platform"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.url}"
