"""Who may open the accounts pages declared here (the others are in test_permission_matrix.EXPECTED):
mapping imported social workers to accounts is account administration (users:manage)."""

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")
EXPECTED = {
    "accounts_imported_staff": dict(zip(COLUMNS, (403, 403, 403, 403, 403, 403, 403, 200, 403, 403), strict=True)),
}


def url_kwargs(name, *, child, users) -> dict:
    return {}
