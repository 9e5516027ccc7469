from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "safehold.care_leavers"
    label = "care_leavers"
    verbose_name = "Care leavers"
