from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "safehold.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type

        register_event_type("allocation", "Allocation changed", "Casework")
