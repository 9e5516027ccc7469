from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safehold.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_panel

        from .panels import meetings_panel

        register_event_type("meeting_booked", "Meeting booked", "Meetings")
        register_event_type("meeting_held", "Meeting held", "Meetings")
        register_event_type("meeting_cancelled", "Meeting cancelled", "Meetings")
        register_panel(key="meetings", order=12, template="meetings/_panel.html", context=meetings_panel)
