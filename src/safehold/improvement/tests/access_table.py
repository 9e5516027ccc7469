"""The improvement rows of the permission matrix (accounts/tests/test_permission_matrix.py), one table per
part of the app (access_inspections, access_audits, access_plans), merged here."""

from . import access_audits, access_inspections, access_plans

_PARTS = (access_inspections, access_audits, access_plans)
EXPECTED = {}
_OWNER = {}
for _part in _PARTS:
    for _name, _row in _part.EXPECTED.items():
        assert _name not in EXPECTED, f"{_name} declared twice"
        EXPECTED[_name] = _row
        _OWNER[_name] = _part


def url_kwargs(name, *, child, users) -> dict:
    return _OWNER[name].url_kwargs(name, child=child, users=users)
