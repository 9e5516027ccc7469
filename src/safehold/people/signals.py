"""Events the people app publishes for the apps above it (it imports none of them).

`break_glass_opened(sender=BreakGlassAccess, access=...)`: someone opened a record by break-glass, inside
the transaction that recorded it. casework tells the workers who hold the case (issue 14.3)."""

from django.dispatch import Signal

break_glass_opened = Signal()
