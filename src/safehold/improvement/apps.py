from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "safehold.improvement"
    label = "improvement"
    verbose_name = "Inspection and improvement"

    def ready(self) -> None:
        from safehold.accounts.policy import Perm, register_reach
        from safehold.performance.dashboard_sections import register_section

        from .reach import auditing_reach
        from .selectors import leaders_section

        register_reach(basis="audit", perm=Perm.AUDIT_CONDUCT, q=auditing_reach)
        register_section(key="improvement", order=10, template="improvement/_leaders.html", context=leaders_section)
