"""The front door's routing rules, edited by the system administrator (front_door/routing.py)."""

from django.contrib import admin

from .models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("order", "__str__", "team", "active")
    list_editable = ("active",)
    list_filter = ("decision", "team", "active")
    ordering = ("order", "id")
