"""The measures, one module per area of the service; importing this package registers them all, in
the order the pages list them."""

from . import front_door  # noqa: F401, I001 (order matters: the catalogue's order)
from . import help_and_protection  # noqa: F401
from . import children_in_care  # noqa: F401
from . import care_leavers  # noqa: F401
from . import oversight  # noqa: F401
