from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "safehold.worklists"
    label = "worklists"
    verbose_name = "Worklists"
