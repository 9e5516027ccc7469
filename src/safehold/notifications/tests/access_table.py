"""The notification rows of the permission matrix: everyone signed in has an inbox (issue 14.3); opening
a notification and marking all read are POSTs, tested in notifications/tests/test_notifications.py."""

from safehold.accounts.tests.matrix import every

EXPECTED = {
    "notifications:inbox": every(200),
    "notifications:open": every(405),
    "notifications:mark_all_read": every(405),
}


def url_kwargs(name, *, child, users) -> dict:
    return {"notification_id": 1} if name == "notifications:open" else {}
