from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safehold.returns"
    label = "returns"
    verbose_name = "Statutory returns"

    def ready(self):
        from safehold.people.record_panels import register_panel

        from . import receivers
        from .panels import return_checks_panel

        receivers.connect()
        register_panel(key="return_checks", order=5, template="returns/_panel.html", context=return_checks_panel)
