from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the Django admin shows the log but never adds, changes or removes a row."""

    list_display = ["created_at", "actor", "satker", "object_type", "object_repr", "action"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_repr", "actor__username"]
    list_select_related = ["actor", "satker"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
