"""Checks on identifiers, so bad input is refused on the field with a clear message."""

from __future__ import annotations

import re
import unicodedata

import jellyfish
from django.core.exceptions import ValidationError

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE UPN check letters: I, O and S are never used


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_nhs_number(value: str) -> None:
    """NHS numbers are 10 digits whose last digit is a modulus 11 check digit."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("Enter an NHS number with 10 digits, like 943 476 5919", code="nhs_format")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValidationError("Enter a real NHS number: the check digit of this one is wrong", code="nhs_check")


def _codes(*spans: tuple[int, int] | int) -> frozenset[str]:
    out = set()
    for span in spans:
        lo, hi = span if isinstance(span, tuple) else (span, span)
        out.update(f"{n:03d}" for n in range(lo, hi + 1))
    return frozenset(out)


# Characters 2-4 of a UPN: a post-April 1998 LA code or a recognised pseudo-LA code (CIN rule 1530,
# cin-census.md 2.1; the list as data-to-insight's cin2023_24/rule_1530.py has it).
UPN_LA_CODES = _codes((1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
                      (390, 394), 420, (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), 815, 816,
                      (820, 823), 825, 826, 830, 831, (835, 841), 845, 846, (850, 852), (855, 857), 860, 861,
                      (865, 896), 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, (935, 938), (940, 943))


def upn_check_letter(upn: str) -> str:
    """The check letter a UPN's first character must be (DfE UPN guidance; CIN rule 1510)."""
    total = 0
    for weight, ch in zip(range(2, 14), upn[1:13], strict=False):
        value = int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch.upper())
        total += value * weight
    return _UPN_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    """A UPN is a check letter, 11 digits and a digit or letter (cin-census.md 2.1, rules 1510-1550)."""
    upn = (value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
        raise ValidationError(
            "Enter a UPN as a letter followed by 11 digits and a final digit or letter, like A123456789012",
            code="upn_format",
        )
    if upn[12].isalpha() and upn[12] not in _UPN_LETTERS:
        raise ValidationError("The last character of a UPN cannot be I, O or S", code="upn_format")
    if upn[0] != upn_check_letter(upn):
        raise ValidationError("Enter a real UPN: the check letter of this one is wrong", code="upn_check")


def validate_person_id(value: str) -> None:
    """LA person IDs: at most 20 characters, letters and digits only (CIN rules 1570 and 1580)."""
    if not re.fullmatch(r"[A-Za-z0-9]{1,20}", value or ""):
        raise ValidationError("Person ID must be 1 to 20 letters or digits, with no spaces or symbols")


def normalise_postcode(value: str) -> str:
    pc = re.sub(r"\s+", "", (value or "").upper())
    return f"{pc[:-3]} {pc[-3:]}" if len(pc) > 3 else pc


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", (value or "").upper().strip()):
        raise ValidationError("Enter a real postcode, like SW1A 1AA")


def fold(text: str) -> str:
    """Lower-case ASCII with punctuation folded to spaces: "O'Brien-Smith" -> "o brien smith"."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", ascii_text.lower()).split())


def name_key(name: str) -> str:
    """Soundex of the first word of a name: the candidate key for fuzzy search."""
    folded = fold(name).replace(" ", "")
    return jellyfish.soundex(folded) if folded else ""
