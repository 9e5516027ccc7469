"""The sector validators' rules Safehold does not implement, each with the reason (issue 16.4). A test checks
that every rule the sector's validator has for a supported year is either implemented here or listed below,
and that docs/returns.md lists these too."""

from __future__ import annotations

# code: why Safehold does not implement it (filled from the rule authors' notes).
NOT_IMPLEMENTED: dict[str, dict[str, str]] = {
    "cin": {},
    "ssda903": {},
}
