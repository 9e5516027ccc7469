from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safehold.web"
    label = "web"
    verbose_name = "Web"
