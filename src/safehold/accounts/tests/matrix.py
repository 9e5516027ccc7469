"""What every app's access table (`<app>/tests/access_table.py`) shares: the roles as columns, in the order the
rows are written, and a row builder that refuses a row of the wrong length."""

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


def every(status: int) -> dict[str, int]:
    return dict.fromkeys(COLUMNS, status)
