from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "safehold.performance"
    label = "performance"
    verbose_name = "Performance measures"

    def ready(self) -> None:
        from . import measures  # noqa: F401 (each module registers its measures in the catalogue)
