from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "safehold.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from . import checks  # registers the deployment check of the database role

        post_migrate.connect(checks._post_migrate, sender=self, dispatch_uid="safehold.audit.revoke_rewrites")
