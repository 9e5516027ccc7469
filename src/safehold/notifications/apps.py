from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safehold.notifications"
    label = "notifications"
    verbose_name = "Notifications"
