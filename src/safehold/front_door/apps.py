from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "safehold.front_door"
    label = "front_door"
    verbose_name = "Front door"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_panel

        from .panels import front_door_panel

        register_event_type("contact", "Contact received", "Front door")
        register_event_type("contact_decision", "Front door decision", "Front door")
        register_panel(key="front_door", order=10, template="front_door/_panel.html", context=front_door_panel)
