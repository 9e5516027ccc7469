"""Deploy check: documents are virus-scanned in production (`safehold check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def virus_scanning_on(app_configs, **kwargs):
    if getattr(settings, "SAFEHOLD_VIRUS_SCAN", "off") == "off":
        return [Error("Documents are not virus-scanned (SAFEHOLD_VIRUS_SCAN=off)",
                      hint="Run ClamAV's daemon (apt-get install clamav-daemon) and set SAFEHOLD_VIRUS_SCAN=clamd and "
                           "SAFEHOLD_CLAMD_ADDRESS (docs/operations.md)", id="casefile.E001")]
    return []
