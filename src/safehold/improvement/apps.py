from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "safehold.improvement"
    label = "improvement"
    verbose_name = "Inspection and improvement"

    def ready(self) -> None:
        from safehold.accounts.policy import Perm, register_reach

        from .reach import auditing_reach

        register_reach(basis="audit", perm=Perm.AUDIT_CONDUCT, q=auditing_reach)
