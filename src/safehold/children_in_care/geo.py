"""Distance from home to the placement (903 PL_DISTANCE), from postcode outcodes.

Straight-line miles between the centroids of the two postcodes' outcodes (the part before the
space). The `pgeocode` package needs GeoNames data downloaded at run time, which a council's
offline server cannot do, so the centroids come from a table: by default `OUTCODE_CENTROIDS` below,
or the dotted path in the setting CHILDREN_IN_CARE_OUTCODE_TABLE (a dict outcode -> (lat, lon)),
so a council can load the ONS postcode directory's centroids for its own area.

The default table covers the synthetic county only. Its SH and NF outcodes are invented (there are
no such UK postcode areas): their coordinates are made up, placed around a fictional county town,
and say nothing about the real world. LS1-LS9 are real Leeds outcodes, at approximate centroids.
A postcode outside the table gives no distance, and the page says so."""

from __future__ import annotations

import math
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string

OUTCODE_CENTROIDS: dict[str, tuple[float, float]] = {
    # Synthetic county (invented): the home districts of safehold/synthetic/names.py TOWNS ...
    "SH1": (52.950, -1.150), "SH2": (52.960, -1.050), "SH3": (52.880, -1.140), "SH4": (52.940, -1.260),
    "SH5": (53.020, -1.120), "SH6": (52.900, -1.020), "SH7": (53.010, -1.230), "SH8": (53.060, -1.060),
    "SH9": (52.860, -1.250), "SH10": (52.830, -1.060), "SH11": (53.080, -1.200), "SH12": (52.990, -0.960),
    # ... and the provider districts of safehold/synthetic/care.py.
    "NF1": (52.955, -1.145), "NF2": (52.970, -1.100), "NF3": (52.920, -1.180), "NF4": (52.990, -1.170),
    "NF5": (52.930, -1.090), "NF6": (53.000, -1.060), "NF7": (52.900, -1.200), "NF8": (53.030, -1.150),
    "NF9": (52.870, -1.100),
    # Real Leeds outcodes (approximate centroids), used by the synthetic out-of-area children's homes.
    "LS1": (53.797, -1.547), "LS2": (53.803, -1.550), "LS3": (53.800, -1.563), "LS4": (53.811, -1.580),
    "LS5": (53.822, -1.603), "LS6": (53.822, -1.571), "LS7": (53.823, -1.536), "LS8": (53.822, -1.510),
    "LS9": (53.798, -1.507),
}

EARTH_RADIUS_MILES = 3958.8


def centroids() -> dict[str, tuple[float, float]]:
    path = getattr(settings, "CHILDREN_IN_CARE_OUTCODE_TABLE", "")
    return import_string(path) if path else OUTCODE_CENTROIDS


def outcode(postcode: str) -> str:
    """The outward code: "SH1 4AB" -> "SH1"; "sh14ab" -> "SH1" (the inward code is always 3 characters)."""
    compact = (postcode or "").replace(" ", "").upper()
    return compact[:-3] if len(compact) > 3 else compact


def distance_miles(home_postcode: str, placement_postcode: str) -> Decimal | None:
    """Straight-line miles, to one decimal place, or None if either outcode is not in the table."""
    table = centroids()
    a, b = table.get(outcode(home_postcode)), table.get(outcode(placement_postcode))
    if not a or not b:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    miles = 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))
    return Decimal(str(round(miles, 1)))
