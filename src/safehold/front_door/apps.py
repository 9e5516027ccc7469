from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "safehold.front_door"
    label = "front_door"
    verbose_name = "Front door"
