from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safehold.audit"
    label = "audit"
    verbose_name = "Audit"
