"""CIN census rules on the child's identifiers (ChildIdentifiers)."""

from ..engine import cin_rule
from ..expr import blank


@cin_rule("8500", message="LA Child ID missing", table="ChildIdentifiers", fields=["LAchildID"],
          says="The child has no LA child ID: every child in the census needs the council's ID.")
def _8500(ret):
    return blank("LAchildID")
