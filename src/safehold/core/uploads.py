"""Limits on files brought in for import (issue 15.6): a workbook that expands far beyond its size, XML
with entity declarations, files or sheets too large to load, truncated CSV rows and NUL bytes are
refused with a clear message, before anything is read into memory or the record."""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings

XML_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def file_problem(path: Path) -> str | None:
    """The file's size against SAFEHOLD_IMPORT_MAX_MB."""
    limit = settings.SAFEHOLD_IMPORT_MAX_MB * 2**20
    size = path.stat().st_size
    if size > limit:
        return f"The file is {size / 2**20:.0f} MB; an import is at most {settings.SAFEHOLD_IMPORT_MAX_MB} MB"
    return None


def workbook_problem(path: Path) -> str | None:
    """An xlsx is a zip: refuse one whose parts expand past SAFEHOLD_IMPORT_MAX_MB, or more than
    SAFEHOLD_IMPORT_MAX_RATIO times their packed size (a "zip bomb"), or whose XML declares entities."""
    problem = file_problem(path)
    if problem:
        return problem
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
            unpacked = sum(p.file_size for p in parts)
            packed = max(1, sum(p.compress_size for p in parts))
            limit = settings.SAFEHOLD_IMPORT_MAX_MB * 2**20
            if unpacked > limit:
                return (f"The workbook expands to {unpacked / 2**20:.0f} MB; an import is at most "
                        f"{settings.SAFEHOLD_IMPORT_MAX_MB} MB unpacked")
            if unpacked / packed > settings.SAFEHOLD_IMPORT_MAX_RATIO:
                return (f"The workbook expands {unpacked / packed:.0f} times over its size, far more than a "
                        "real workbook does: it is refused as unsafe")
            for part in parts:
                if part.filename.endswith(".xml"):
                    with zf.open(part) as fh:
                        head = fh.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        return f"The workbook's part {part.filename} declares XML entities, which no workbook needs"
    except zipfile.BadZipFile:
        return "The file cannot be read as an Excel workbook (it is not a zip file)"
    return None


def cell_problem(value: object) -> str | None:
    if isinstance(value, str) and "\x00" in value:
        return "contains a NUL byte, which cannot be stored"
    return None
