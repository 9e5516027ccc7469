"""The establishment and the workforce records are kept by the system administrator (HR data comes
from the council's HR system or the census import)."""

from django.contrib import admin

from .models import Absence, Appointment, Post, Worker


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "org_role", "fte", "established_on", "disestablished_on")
    list_filter = ("team", "org_role")


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "swe_number", "agency", "user", "imported")
    list_filter = ("agency", "imported")
    search_fields = ("name", "swe_number")
    inlines = [AppointmentInline]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("worker", "start_date", "end_date", "reason", "working_days")
