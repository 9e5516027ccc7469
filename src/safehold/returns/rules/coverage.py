"""The sector validators' rules Safehold does not implement, each with the reason (issue 16.4). A test checks
that every rule the sector's validator has for a supported year is either implemented here or listed below,
and that docs/returns.md lists these too."""

from __future__ import annotations

# code: why Safehold does not implement it (filled from the rule authors' notes).
NOT_IMPLEMENTED: dict[str, dict[str, str]] = {
    "cin": {},
    "ssda903": {},
}


# Rules where Safehold keeps the DfE's meaning and the sector's validator reads it otherwise: left out of the
# like-for-like comparison (compare.py), each pinned by a unit test and explained in docs/returns.md.
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {
    "cin": {
        "8540": "The sector's validator finds the failing rows but drops them when it reports them (its row column "
                "is named ROW_ID_x, not ROW_ID), so it never reports 8540; Safehold reports them.",
        "2887Q": "The DfE's rule is about fewer than 8 different disability codes other than NONE being used; the "
                 "sector's validator counts the rows that are NONE.",
    },
    "ssda903": {},
}
