from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """The synthetic county (no models): the `seed` and `demo_logins` commands live here, above every
    app they fill, rather than in core."""

    name = "safehold.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic county"
