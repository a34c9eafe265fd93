from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from . import routing, services
from .models import Satker, UnitAccount, UnitProfile, UnitSkill, User
from .roles import Level
from .tree import tree_lock


class LevelFilter(admin.SimpleListFilter):
    """National / province / regency instead of MPTT's bare 0, 1, 2."""

    title = _("level")
    parameter_name = "level"
    lookup = "level"

    def lookups(self, request, model_admin):
        return [(str(level.depth), level.label) for level in Level]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.lookup: self.value()})


class UnitLevelFilter(LevelFilter):
    title = _("unit level")
    parameter_name = "unit_level"
    lookup = "satker__level"


@admin.register(Satker)
class SatkerAdmin(MPTTModelAdmin):
    """The unit tree, indented by level. Structure comes from seed_satker, not from here."""

    list_display = ["name", "code", "tier_label", "timezone"]
    search_fields = ["name", "code"]
    list_filter = [LevelFilter, "timezone"]
    readonly_fields = ["code", "parent"]
    mptt_level_indent = 24
    list_per_page = 200

    @admin.display(description=_("level"), ordering="level")
    def tier_label(self, unit: Satker) -> str:
        return unit.tier.label

    def has_add_permission(self, request):
        # Units come from the Kemendagri table (seed_satker), not from hand entry.
        return False

    def has_delete_permission(self, request, obj=None):
        # People and work hang off every unit; a deleted unit would orphan them.
        return False

    def save_model(self, request, obj, form, change):
        # Only name and time zone are editable, and django-mptt saves an unmoved
        # node with update_fields, but the lock keeps this write in line with seeding.
        with tree_lock():
            super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "satker", "satker_code", "role", "is_active"]
    list_filter = ["role", UnitLevelFilter, "is_active", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "satker__name", "satker__code"]
    autocomplete_fields = ["satker"]
    list_select_related = ["satker"]
    fieldsets = [
        (_("Work unit and role"), {"fields": ["satker", "role", "language"]}),
        *BaseUserAdmin.fieldsets,
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Work unit and role"), {"fields": ["satker", "role"]}),
    ]

    @admin.display(description=_("code"), ordering="satker__code")
    def satker_code(self, user: User) -> str:
        return user.satker.code

    # The admin's views run each save and delete in a transaction: the reviews waiting
    # at a unit left without approvers move up within it (satker.services).

    def save_model(self, request, obj, form, change):
        stored = User.objects.filter(pk=obj.pk).first() if change else None
        approving_before = routing.approving_unit(stored) if stored else None
        super().save_model(request, obj, form, change)
        services.approvers_changed(approving_before, obj, actor=request.user)

    def delete_model(self, request, obj):
        approving_before = routing.approving_unit(obj)
        super().delete_model(request, obj)
        services.approvers_changed(approving_before, None, actor=request.user)

    def delete_queryset(self, request, queryset):
        approving_before = [routing.approving_unit(user) for user in queryset]
        super().delete_queryset(request, queryset)
        for unit_id in set(approving_before):
            services.approvers_changed(unit_id, None, actor=request.user)


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UnitSkillInline(ReadOnlyInline):
    model = UnitSkill


class UnitAccountInline(ReadOnlyInline):
    model = UnitAccount


@admin.register(UnitProfile)
class UnitProfileAdmin(admin.ModelAdmin):
    """Read-only here: the portal's profile page writes profiles and audits them."""

    list_display = ["satker", "connectivity", "updated_at"]
    list_filter = ["connectivity"]
    search_fields = ["satker__name", "satker__code"]
    inlines = [UnitSkillInline, UnitAccountInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
