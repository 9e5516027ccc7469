from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "safehold.improvement"
    label = "improvement"
    verbose_name = "Inspection and improvement"
