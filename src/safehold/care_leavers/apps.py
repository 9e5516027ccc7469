from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "safehold.care_leavers"
    label = "care_leavers"
    verbose_name = "Care leavers"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_involvement, register_panel

        from .panels import care_leavers_involvement, care_leavers_panel

        group = "Care leavers"
        for code, label in (
            ("care_leaver_status", "Care leaver category"),
            ("pathway_plan", "Pathway plan"),
            ("pathway_plan_review", "Pathway plan review"),
            ("care_leaver_contact", "Keeping in touch contact"),
            ("care_leaver_accommodation", "Care leaver accommodation"),
            ("care_leaver_check_in", "Birthday check-in"),
        ):
            register_event_type(code, label, group)
        from .signoff_kinds import register_kinds

        register_kinds()
        from .printables import register as register_printables

        register_printables()
        register_panel(key="care_leavers", order=45, template="care_leavers/_panel.html", context=care_leavers_panel)
        register_involvement(key="care_leavers", order=45, lines=care_leavers_involvement)
