"""Breaks for the SSDA903 deprivation of liberty rules (returns/rules/ssda903/deprivation_of_liberty.py): none.

The DoLo table is collected from 2026-27, and the broken file is the county's 2025-26 return, which has no DoLo
table (and the rules do not apply in 2025-26). The rules are covered by unit tests
(test_deprivation_of_liberty.py) and were compared with the sector's validator on the county's file with a DoLo
table added, as 2026-27. The sector's validator cannot run 709 and 710 (it reads a PLACEMENT column the Episodes
table does not have) nor 706 (it needs last year's DoLo table)."""
