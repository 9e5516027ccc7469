from django.apps import AppConfig


class CarePlanningConfig(AppConfig):
    name = "safehold.care_planning"
    label = "care_planning"
    verbose_name = "Care planning for children in care"
