from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "safehold.oversight"
    label = "oversight"
    verbose_name = "Management oversight and supervision"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_panel

        from .panels import oversight_panel

        # Supervision is about a worker, not a child: it has no chronology entry.
        register_event_type("oversight", "Management oversight", "Oversight")
        register_event_type("oversight_action", "Oversight action done", "Oversight")
        register_panel(key="oversight", order=80, template="oversight/_panel.html", context=oversight_panel)
