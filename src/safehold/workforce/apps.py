from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "safehold.workforce"
    label = "workforce"
    verbose_name = "Workforce"
