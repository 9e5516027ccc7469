from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "safehold.family_help"
    label = "family_help"
    verbose_name = "Family Help"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type

        register_event_type("referral", "Referral", "Family Help")
