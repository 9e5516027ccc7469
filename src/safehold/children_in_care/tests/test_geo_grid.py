"""Distances between the synthetic county's real outcodes are measured on the OS grid."""

from safehold.children_in_care import geo


def test_norwich_to_great_yarmouth_is_about_eighteen_miles():
    miles = geo.distance_miles("NR1 1AB", "NR30 1AA")
    assert miles is not None and 15 <= miles <= 22


def test_an_outcode_in_neither_table_gives_no_distance():
    assert geo.distance_miles("ZZ9 9ZZ", "NR1 1AB") is None
