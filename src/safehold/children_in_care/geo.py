"""Distance from home to the placement (903 PL_DISTANCE), from postcode outcodes.

Straight-line miles between the centroids of the two postcodes' outcodes (the part before the
space). The `pgeocode` package needs GeoNames data downloaded at run time, which a council's
offline server cannot do, so the centroids come from a table: by default `OUTCODE_CENTROIDS` below,
or the dotted path in the setting CHILDREN_IN_CARE_OUTCODE_TABLE (a dict outcode -> (lat, lon)),
so a council can load the ONS postcode directory's centroids for its own area.

The default table covers the synthetic county only. Its SH and NF outcodes are invented (there are
no such UK postcode areas): their coordinates are made up, placed around a fictional county town,
and say nothing about the real world. LS1-LS9 are real Leeds outcodes, at approximate centroids.
The synthetic county's homes and placements now use real Norfolk and Suffolk postcodes
(safehold/synthetic/postcodes.py); their outcodes' centroids are in `OUTCODE_EASTING_NORTHING`, in
OS National Grid metres (mean of the outcode's postcodes in the ONS Postcode Directory, OGL), and the
distance between two of them is measured on the grid as the DfE's SSDA903 guidance does.
A postcode outside both tables gives no distance, and the page says so."""

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

# Outcode centroids on the OS National Grid (easting, northing in metres): the synthetic county's real
# outcodes (see the module note). A council can use the setting above for its own area instead.
OUTCODE_EASTING_NORTHING: dict[str, tuple[int, int]] = {
    "IP1": (615490, 245149), "IP11": (629152, 235101), "IP12": (630516, 249290), "IP13": (627126, 259325),
    "IP14": (606941, 260581), "IP2": (615040, 243284), "IP20": (625792, 283815), "IP22": (609160, 279959),
    "IP23": (612802, 273029), "IP24": (587578, 283752), "IP25": (592227, 301774), "IP26": (574968, 292915),
    "IP27": (575711, 284449), "IP28": (572860, 273029), "IP30": (594159, 260897), "IP4": (617801, 244894),
    "IP5": (622161, 245287), "IP6": (613014, 252395), "IP8": (611432, 245002), "IP9": (616195, 237379),
    "IP98": (611828, 279950), "NR1": (624019, 308603), "NR10": (619162, 320194), "NR11": (620669, 332011),
    "NR12": (633959, 323406), "NR13": (634497, 309751), "NR14": (628829, 301825), "NR15": (621769, 294730),
    "NR16": (607513, 291080), "NR17": (603438, 295126), "NR18": (610834, 301551), "NR19": (598258, 312730),
    "NR2": (622418, 308738), "NR20": (601292, 317870), "NR21": (592080, 330792), "NR23": (592103, 342904),
    "NR25": (607379, 340296), "NR26": (615899, 342615), "NR27": (621897, 341506), "NR28": (628954, 330378),
    "NR29": (646212, 316439), "NR3": (623020, 310157), "NR30": (652381, 308739), "NR31": (651444, 304115),
    "NR32": (653537, 294317), "NR33": (652722, 290697), "NR34": (643602, 288439), "NR35": (633317, 290370),
    "NR4": (620735, 306764), "NR5": (619166, 309779), "NR6": (622158, 312111), "NR7": (625592, 310486),
    "NR8": (616943, 313577), "NR9": (610777, 308304), "PE14": (549029, 306908), "PE30": (562948, 320646),
    "PE31": (572696, 334062), "PE32": (577204, 317838), "PE33": (566671, 308764), "PE34": (558250, 317014),
    "PE36": (568461, 340795), "PE37": (582315, 308543), "PE38": (561075, 302024),
}

EARTH_RADIUS_MILES = 3958.8
METRES_PER_MILE = 1609.3


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
        grid = OUTCODE_EASTING_NORTHING
        e, f = grid.get(outcode(home_postcode)), grid.get(outcode(placement_postcode))
        if not e or not f:
            return None
        return Decimal(str(round(math.hypot(e[0] - f[0], e[1] - f[1]) / METRES_PER_MILE, 1)))
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    miles = 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))
    return Decimal(str(round(miles, 1)))
