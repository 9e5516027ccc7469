"""The workforce page is for managers, analysts and leaders (the measures' readers)."""

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")
EXPECTED = {"workforce:index": dict(zip(COLUMNS, (403, 200, 200, 403, 403, 200, 403, 403, 200, 200), strict=True))}


def url_kwargs(name, *, child, users) -> dict:
    return {}
