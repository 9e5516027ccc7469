from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "safehold.casefile"
    label = "casefile"
    verbose_name = "Case notes and documents"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_panel

        from . import checks  # noqa: F401  (the deploy check on virus scanning)
        from .panels import casefile_panel

        register_event_type("case_note", "Case note", "Case file")
        register_event_type("document", "Document added", "Case file")
        register_panel(key="casefile", order=15, template="casefile/_panel.html", context=casefile_panel)
