"""Email for notifications (django-tasks: `safehold db_worker` runs it), sent after the change commits."""

from __future__ import annotations

from django_tasks import task


@task()
def email_notifications(ids: list[int]) -> int:
    """Email each notification to its recipient, through Django's mail backend (EMAIL_BACKEND and the
    EMAIL_* settings), once. Returns how many were sent."""
    from django.core.mail import send_mail  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from .models import Notification  # noqa: PLC0415
    from .services import email_body  # noqa: PLC0415

    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient"):
        address = notification.recipient.email
        if not address:
            continue
        subject, body = email_body(notification)
        send_mail(subject, body, None, [address])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
