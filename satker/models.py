from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

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
