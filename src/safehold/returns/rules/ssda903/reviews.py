"""SSDA903 rules on the reviews table (the date of each looked-after review and how the child took part)."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, one_of, present, uk_date
from .header import plus_years

PARTICIPATION = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")


@ssda903_rule("166", message="Date of review is invalid or blank.", table="Reviews", fields=["REVIEW"],
              says="Enter the date of the review as a real date (dd/mm/yyyy).")
def _166(ret):
    return uk_date("REVIEW").is_null()


@ssda903_rule("167", message="Data entry for participation is invalid or blank.", table="Reviews",
              fields=["REVIEW_CODE"], says="Record how the child took part in the review with a code PN0 to PN7.")
def _167(ret):
    return ~((present("REVIEW") & one_of("REVIEW_CODE", PARTICIPATION)) | (blank("REVIEW") & blank("REVIEW_CODE")))


@ssda903_rule("440", message="Participation method indicates child was under 4 years old at the time of the review, "
              "but date of birth and review date indicates the child was 4 years old or over.", table="Reviews",
              fields=["DOB", "REVIEW", "REVIEW_CODE"],
              says="PN0 is for a child under 4, but the child was 4 or over at the review: check the code or the dates.")
def _440(ret):
    return (pl.col("REVIEW_CODE") == "PN0").fill_null(False) & (
        uk_date("REVIEW") > plus_years(uk_date("DOB"), 4)).fill_null(False)


@ssda903_rule("441", message="Participation method indicates child was 4 years old or over at the time of the review, "
              "but the date of birth and review date indicates the child was under 4 years old.", table="Reviews",
              fields=["DOB", "REVIEW", "REVIEW_CODE"],
              says="The child was under 4 at the review, so the participation code is PN0: check the code or the dates.")
def _441(ret):
    return one_of("REVIEW_CODE", PARTICIPATION[1:]) & (
        uk_date("REVIEW") < plus_years(uk_date("DOB"), 4)).fill_null(False)
