from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safehold.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from .chronology import register_event_type

        register_event_type("person_recorded", "Person recorded", "Record")
        register_event_type("address_change", "Change of address", "Record")
        register_event_type("relationship", "Relationship recorded", "Record")
        register_event_type("restriction", "Record restricted or unrestricted", "Record")
        register_event_type("merge", "Duplicate record merged", "Record")
        register_event_type("death", "Death recorded", "Record")
