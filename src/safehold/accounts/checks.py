"""`check --deploy`: a production instance without two-step verification is reported (issue 15.4)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_step_required(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "SAFEHOLD_REQUIRE_2FA", False):
        return []
    return [Warning(
        "Two-step verification is not required (SAFEHOLD_REQUIRE_2FA=0): a stolen password is enough to "
        "sign in.",
        hint="Leave SAFEHOLD_REQUIRE_2FA unset under the production settings. Only behind a sign-on that "
             "already asks for a second factor, silence this with SILENCED_SYSTEM_CHECKS = ['safehold.W2FA'].",
        id="safehold.W2FA")]
