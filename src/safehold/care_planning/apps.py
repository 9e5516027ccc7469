from django.apps import AppConfig


class CarePlanningConfig(AppConfig):
    name = "safehold.care_planning"
    label = "care_planning"
    verbose_name = "Care planning"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_panel

        from .panels import care_planning_panel

        group = "Care planning"
        for code, label in (
            ("cla_review", "Looked after review"),
            ("care_plan", "Care plan"),
            ("cla_visit", "Statutory visit (child in care)"),
            ("health_assessment", "Health assessment"),
            ("dental_check", "Dental check"),
            ("education_plan", "Personal education plan"),
            ("iro_contact", "IRO contact"),
            ("missing_episode", "Missing episode"),
            ("missing_return", "Returned from missing"),
            ("return_interview", "Return home interview"),
        ):
            register_event_type(code, label, group)
        from .signoff_kinds import register_kinds

        register_kinds()
        from .printables import register as register_printables

        register_printables()
        register_panel(key="care_planning", order=45, template="care_planning/_panel.html",
                       context=care_planning_panel)
