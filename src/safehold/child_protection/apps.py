from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "safehold.child_protection"
    label = "child_protection"
    verbose_name = "Multi-agency child protection"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_involvement, register_panel

        from .panels import child_protection_involvement, child_protection_panel

        group = "Child protection"
        for code, label in (
            ("strategy_discussion", "Strategy discussion"),
            ("section_47", "Section 47 enquiry"),
            ("icpc", "Initial child protection conference"),
            ("cp_plan_start", "Child protection plan started"),
            ("rcpc", "Review child protection conference"),
            ("core_group", "Core group meeting"),
            ("cp_visit", "Child protection visit"),
            ("cp_plan_end", "Child protection plan ended"),
        ):
            register_event_type(code, label, group)
        from .printables import register as register_printables

        register_printables()
        register_panel(key="child_protection", order=30, template="child_protection/_panel.html",
                       context=child_protection_panel)
        register_involvement(key="child_protection", order=30, lines=child_protection_involvement)
