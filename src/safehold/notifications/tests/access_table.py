"""The notification rows of the permission matrix: everyone signed in has an inbox (issue 14.3); opening
a notification and marking all read are POSTs, tested in notifications/tests/test_notifications.py."""

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")

EXPECTED = {
    "notifications:inbox": dict.fromkeys(COLUMNS, 200),
    "notifications:open": dict.fromkeys(COLUMNS, 405),
    "notifications:mark_all_read": dict.fromkeys(COLUMNS, 405),
}


def url_kwargs(name, *, child, users) -> dict:
    return {"notification_id": 1} if name == "notifications:open" else {}
