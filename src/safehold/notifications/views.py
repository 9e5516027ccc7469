"""The notification inbox: every signed-in user has one. Opening a notification marks it read and goes
to the work it links to; only its recipient can open or mark it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notification


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page_obj, rows = selectors.inbox(request.user, page=request.GET.get("page", 1), unread_only=unread_only)
    return render(request, "notifications/inbox.html", {
        "page_obj": page_obj, "rows": rows, "unread_only": unread_only,
        "unread": selectors.unread_count(request.user),
    })


def _own(request, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, recipient=request.user).first()
    if notification is None:  # someone else's: as if it did not exist
        raise Http404("No such notification")
    return notification


@login_required
@require_POST
def open_notification(request, notification_id: int):
    notification = services.mark_read(by=request.user, notification=_own(request, notification_id))
    # Links are made by Safehold's own services, but check anyway: only a page on this site.
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return redirect("notifications:inbox")
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(by=request.user)
    return redirect("notifications:inbox")
