from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "safehold.child_protection"
    label = "child_protection"
    verbose_name = "Multi-agency child protection"
