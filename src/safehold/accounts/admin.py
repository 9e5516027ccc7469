"""The administration site, for the system administrator: staff accounts, teams and services.

People's records are never edited here: changes to the record go through the services, which
audit them. Disabling an account (untick "active") refuses its next request at once.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Service, Team, User


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


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("team_id", "name", "kind", "service")
    list_filter = ("kind", "service")
    search_fields = ("team_id", "name")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    search_fields = ("name",)
