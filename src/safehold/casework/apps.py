from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "safehold.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from safehold.accounts.policy import register_scope_reach
        from safehold.accounts.signals import staff_mapped
        from safehold.people.chronology import register_event_type
        from safehold.people.record_panels import register_case_holders, register_panel
        from safehold.people.signals import break_glass_opened, person_merging

        from .panels import sign_off_panel
        from .reach import held_reach
        from .receivers import (
            end_allocations_merged_away,
            move_imported_staff_allocations,
            tell_holders_of_break_glass,
        )
        from .selectors import current_allocations
        from .signoff_kinds import register_kinds

        register_event_type("allocation", "Allocation changed", "Casework")
        register_event_type("sign_off_returned", "Returned for changes", "Casework")
        register_event_type("sign_off_authorised", "Signed off", "Casework")
        register_kinds()
        register_scope_reach(held_reach)
        break_glass_opened.connect(tell_holders_of_break_glass, dispatch_uid="casework.break_glass")
        person_merging.connect(end_allocations_merged_away, dispatch_uid="casework.person_merging")
        register_case_holders(current_allocations)
        staff_mapped.connect(move_imported_staff_allocations, dispatch_uid="casework.staff_mapped")
        register_panel(key="sign_off", order=5, template="casework/_sign_off_panel.html", context=sign_off_panel)
