from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safehold.accounts"
    label = "accounts"
    verbose_name = "Accounts, teams and roles"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 (check --deploy: two-step verification required)
            signals,  # noqa: F401 (sign-in events into the audit log)
        )
