"""The administration site, for the system administrator: staff accounts, teams and services.

People's records are never edited here: changes to the record go through the services, which
audit them. Disabling an account (untick "active") refuses its next request at once.
Two-step verification: the users' action "Reset two-step verification", or deleting an app under
"TOTP devices", removes a user's authenticator app, audited; secret keys are never shown here.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .models import Service, Team, User
from .policy import Perm, has_perm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "agency", "is_active")
    list_filter = ("role", "agency", "is_active", "team__service")
    search_fields = ("username", "first_name", "last_name", "staff_id")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Safehold", {"fields": ("role", "team", "service", "agency", "job_title", "staff_id",
                                 "swe_registration", "is_agency_worker")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Safehold", {"fields": ("first_name", "last_name", "role", "team", "service", "agency")}),
    )
    actions = ["reset_two_step"]

    @admin.action(description="Reset two-step verification (they set their app up again)")
    def reset_two_step(self, request, queryset):
        if not has_perm(request.user, Perm.USERS_MANAGE):
            self.message_user(request, "Only a system administrator can reset two-step verification", messages.ERROR)
            return
        done = []
        for user in queryset:
            try:
                services.two_step_reset(by=request.user, user=user, reason="Reset in the administration site")
            except ValidationError:
                continue
            done.append(str(user))
        self.message_user(request, f"Two-step verification reset for {', '.join(done)}" if done
                          else "None of them had two-step verification set up", messages.INFO)


class SafeholdTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's list of authenticator apps, read only: never the secret key
    (OTP_ADMIN_HIDE_SENSITIVE_DATA), no apps made here, and a deletion is an audited reset."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return has_perm(request.user, Perm.USERS_MANAGE) and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        self.delete_queryset(request, TOTPDevice.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for user in User.objects.filter(pk__in=queryset.filter(confirmed=True).values("user_id")):
                services.two_step_reset(by=request.user, user=user, reason="Deleted in the administration site")
            queryset.delete()  # apps never confirmed: nothing was in force, nothing to audit


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, SafeholdTOTPDeviceAdmin)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("team_id", "name", "kind", "service")
    list_filter = ("kind", "service")
    search_fields = ("team_id", "name")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    search_fields = ("name",)
