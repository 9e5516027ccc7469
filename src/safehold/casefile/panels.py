"""The case notes and documents panel on a child's record page."""

from safehold.accounts.policy import Perm, has_perm

from .models import Document
from .printing import printables_for
from .selectors import recent_notes


def casefile_panel(request, person) -> dict:
    return {"notes": recent_notes(person), "documents": Document.objects.filter(person=person).count(),
            "can_record": has_perm(request.user, Perm.CASEWORK_RECORD), "person": person,
            "printables": printables_for(person)}
