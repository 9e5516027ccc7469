"""Admin for changing a timescale rule (../shared/domain/timescales.md) from an effective-from date.

Versions are add-only: a saved version is read-only, so the history that judged past work cannot be
rewritten. Only a version that has not yet taken effect can be deleted. Every addition and deletion
is written to the audit log in the same transaction.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot

from .engine import Unit
from .models import RuleVersion
from .rules import DEFAULT_RULES


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "limit", "effective_from", "default_limit", "kind", "changed_by", "created_at"]
    list_filter = ["code", "unit", "effective_from"]
    search_fields = ["code", "note"]
    date_hierarchy = "effective_from"
    fields = ["code", "amount", "unit", "effective_from", "note", "changed_by", "created_at"]
    readonly_fields = ["changed_by", "created_at"]

    @admin.display(description="Limit")
    def limit(self, obj: RuleVersion) -> str:
        return f"{obj.amount} {Unit(obj.unit).label}"

    @admin.display(description="Default limit")
    def default_limit(self, obj: RuleVersion) -> str:
        return DEFAULT_RULES[obj.code].limit

    @admin.display(description="Kind")
    def kind(self, obj: RuleVersion) -> str:
        return str(DEFAULT_RULES[obj.code].kind)

    def has_change_permission(self, request: HttpRequest, obj: RuleVersion | None = None) -> bool:
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RuleVersion | None = None) -> bool:
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: RuleVersion, form: forms.ModelForm, change: bool) -> None:
        with transaction.atomic():
            if not request.user.is_authenticated:  # never: the admin site lets in signed-in staff only
                raise PermissionDenied
            obj.changed_by = request.user
            super().save_model(request, obj, form, change)
            audit_change(
                actor=request.user, action=AuditAction.TIMESCALES_RULE_VERSION_CREATE, instance=obj, reason=obj.note
            )

    def delete_model(self, request: HttpRequest, obj: RuleVersion) -> None:
        with transaction.atomic():
            before = snapshot(obj)
            audit_change(
                actor=request.user, action=AuditAction.TIMESCALES_RULE_VERSION_DELETE, instance=obj, before=before
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RuleVersion]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
