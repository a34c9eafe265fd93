from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from .models import Satker, User
from .tree import tree_lock


@admin.register(Satker)
class SatkerAdmin(MPTTModelAdmin):
    """The unit tree, shown indented as a tree. Structure comes from seed_satker."""

    list_display = ["name", "code", "timezone"]
    search_fields = ["name", "code"]
    list_filter = ["level", "timezone"]
    readonly_fields = ["code", "parent"]
    mptt_level_indent = 24

    def has_add_permission(self, request):
        # Units come from the Kemendagri table (seed_satker), not from hand entry.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with tree_lock():
            super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "satker", "role", "is_active"]
    list_filter = ["role", "is_active", "satker__level"]
    search_fields = ["username", "first_name", "last_name", "email", "satker__name"]
    autocomplete_fields = ["satker"]
    list_select_related = ["satker"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Work unit and role"), {"fields": ["satker", "role"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Work unit and role"), {"fields": ["satker", "role"]}),
    ]
