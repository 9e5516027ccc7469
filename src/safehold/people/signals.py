"""Events the people app publishes for the apps above it (it imports none of them).

`break_glass_opened(sender=BreakGlassAccess, access=...)`: someone opened a record by break-glass, inside
the transaction that recorded it. casework tells the workers who hold the case (issue 14.3).

`person_merging(sender=Person, keep=..., duplicate=...)`: two records of one person are being merged,
inside the merge's transaction, before the duplicate's rows move to the survivor. casework ends the
duplicate's allocations the survivor already has in that role (one allocation per role)."""

from django.dispatch import Signal

break_glass_opened = Signal()
person_merging = Signal()
