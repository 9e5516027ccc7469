from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "safehold.family_help"
    label = "family_help"
    verbose_name = "Family Help"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_involvement, register_panel

        from .panels import family_help_involvement, family_help_panel
        from .signoff_kinds import register_kinds

        group = "Family Help"
        for code, label in (
            ("referral", "Referral"),
            ("assessment_started", "Assessment started"),
            ("assessment_authorised", "Assessment authorised"),
            ("cin_plan", "Child in need plan"),
            ("plan_review", "Plan review"),
            ("visit", "Family Help visit"),
            ("early_help", "Family Help (targeted early help)"),
            ("pre_proceedings", "Pre-proceedings and FGDM"),
            ("closure", "Episode closure"),
        ):
            register_event_type(code, label, group)
        register_kinds()
        from .printables import register as register_printables

        register_printables()
        register_panel(key="family_help", order=20, template="family_help/_panel.html", context=family_help_panel)
        register_involvement(key="family_help", order=20, lines=family_help_involvement)
