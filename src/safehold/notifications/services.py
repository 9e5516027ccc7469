"""Telling people (issue 14.3). Domain services call `notify` inside their own transaction; the rows
are written with the change that caused them (so a rolled-back change tells nobody), and any email
goes after the commit. Who to tell is decided by the helpers below, from the record's allocations and
the users' roles, never by a view."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safehold.accounts.models import Role, User
from safehold.accounts.policy import DIRECTOR_ROLES

from .models import Kind, Notification
from .tasks import email_notifications

TITLE_MAX = Notification._meta.get_field("title").max_length


def _people(recipients: Iterable) -> list:
    seen, out = set(), []
    for user in recipients:
        if user is None or not getattr(user, "is_active", True) or user.pk in seen:
            continue
        seen.add(user.pk)
        out.append(user)
    return out


def notify(*, recipients: Iterable, kind: str, title: str, url: str, person=None, actor=None,
           key: str = "") -> list[Notification]:
    """Put a notification in each recipient's inbox (not the actor's own: nobody is told what they did).
    `key` makes a reminder idempotent: a recipient already told under that key is not told again."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        raise ValueError("A notification links to a page inside Safehold")
    people = [u for u in _people(recipients) if actor is None or u.pk != actor.pk]
    if key:
        told = set(Notification.objects.filter(key=key, recipient__in=people).values_list("recipient_id", flat=True))
        people = [u for u in people if u.pk not in told]
    rows = [Notification(recipient=u, kind=kind, title=title[:TITLE_MAX], url=url, person=person, actor=actor,
                         key=key) for u in people]
    made = Notification.objects.bulk_create(rows)
    if made and getattr(settings, "SAFEHOLD_NOTIFY_EMAIL", False):
        ids = [n.pk for n in made if n.pk]  # SQLite and PostgreSQL both return the keys of a bulk insert
        transaction.on_commit(lambda: _enqueue_email(ids))
    return made


def _enqueue_email(ids: list[int]) -> None:
    email_notifications.enqueue(ids)


def email_body(notification: Notification) -> tuple[str, str]:
    """(subject, body) of the email for a notification. Email leaves the secure system, so it says only
    what kind of thing is waiting and where: no name, no ID, no words from the record."""
    base = getattr(settings, "SAFEHOLD_BASE_URL", "").rstrip("/")
    subject = f"Safehold: {notification.get_kind_display()}"
    body = (f"You have a new notification in Safehold: {notification.get_kind_display()}.\n\n"
            f"Sign in to read it: {base}/notifications/\n\n"
            "This email holds no details of the child or family. Do not reply to it.")
    return subject, body


def mark_read(*, by, notification: Notification) -> Notification:
    if notification.recipient_id != by.pk:
        raise PermissionError("Only the recipient marks a notification read")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


# --- Who to tell -------------------------------------------------------------------------------------

def team_managers(team) -> list:
    """The team's managers: its team managers, else the service managers of its service."""
    if team is None:
        return []
    managers = list(User.objects.filter(team=team, role=Role.TEAM_MANAGER, is_active=True))
    if not managers and team.service_id:
        managers = list(User.objects.filter(Q(service_id=team.service_id) | Q(team__service_id=team.service_id),
                                            role=Role.SERVICE_MANAGER, is_active=True))
    return managers


def directors() -> list:
    """Who may authorise a placement the unregistered provision guard refused (accounts.policy)."""
    return list(User.objects.filter(is_director=True, role__in=list(DIRECTOR_ROLES), is_active=True))
