from django.apps import AppConfig


class ChildrenInCareConfig(AppConfig):
    name = "safehold.children_in_care"
    label = "children_in_care"
    verbose_name = "Children in care"

    def ready(self) -> None:
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_involvement, register_panel

        from .panels import children_in_care_involvement, children_in_care_panel

        group = "Children in care"
        for code, label in (
            ("became_looked_after", "Became looked after"),
            ("legal_status_change", "Legal status change"),
            ("placement_change", "Placement change"),
            ("left_care", "Left care"),
            ("unregistered_authorised", "Unregistered placement authorised"),
            ("dolo", "Deprivation of liberty order"),
            ("placement_request", "Director asked to authorise a placement"),
        ):
            register_event_type(code, label, group)
        register_panel(key="children_in_care", order=40, template="children_in_care/_panel.html",
                       context=children_in_care_panel)
        register_involvement(key="children_in_care", order=40, lines=children_in_care_involvement)
