"""Hostile import files (issue 15.6) are refused with a clear message before anything is loaded: a
workbook that expands far past its size, XML entity declarations, files over the size limit, CSV rows
cut short, and NUL bytes."""

from __future__ import annotations

import time
import zipfile

import pytest

from safehold.returns.imports import annex_a, cin, ssda903

pytestmark = pytest.mark.django_db


def _xlsx(path, sheet_xml: bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def test_a_workbook_that_expands_far_past_its_size_is_refused(tmp_path):
    bomb = _xlsx(tmp_path / "bomb.xlsx", b"<worksheet>" + b"0" * 30_000_000 + b"</worksheet>")
    assert bomb.stat().st_size < 200_000
    started = time.perf_counter()
    sheets, problems = annex_a._read(bomb)
    assert sheets is None and "expands" in problems[0] and "unsafe" in problems[0]
    assert time.perf_counter() - started < 5  # refused from the zip's directory, not by reading it


def test_a_workbook_declaring_xml_entities_is_refused(tmp_path):
    evil = _xlsx(tmp_path / "evil.xlsx", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>')
    sheets, problems = annex_a._read(evil)
    assert sheets is None and "declares XML entities" in problems[0]


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.SAFEHOLD_IMPORT_MAX_MB = 1
    big = tmp_path / "census.xml"
    big.write_bytes(b"<Message>" + b" " * (2 * 2**20) + b"</Message>")
    _children, _year, problems = cin.read(big)
    assert problems == ["The file is 2 MB; an import is at most 1 MB"]


def test_a_census_with_an_entity_bomb_is_not_expanded(tmp_path):
    bomb = tmp_path / "census.xml"
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 9))
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY l0 "lol">{laughs}]>'
                    "<Message><Children><Child><ChildIdentifiers><LAchildID>&l8;</LAchildID></ChildIdentifiers>"
                    "</Child></Children></Message>")
    started = time.perf_counter()
    children, _year, problems = cin.read(bomb)
    assert time.perf_counter() - started < 5
    assert all(len(str(c)) < 10_000 for c in children)


def _903(folder, episodes: str):
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,1,01/01/2015,WBRI,UN1,,\n")
    (folder / "episodes.csv").write_text(episodes)
    return folder


def test_a_903_row_cut_short_is_refused_not_loaded(tmp_path):
    folder = _903(tmp_path / "cut", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
                                    "PL_POST,URN\n1,01/04/2025,S,C2,N1,U1,PR1,,,,NR1 1AA,NR1 1AB,SC1\n"
                                    "1,01/05/2025,P,C2\n")
    _tables, problems = ssda903._read(folder)
    assert "episodes.csv row 3 has fewer fields than the header has columns: is it cut short?" in problems


def test_a_nul_byte_is_refused_with_its_row(tmp_path):
    folder = _903(tmp_path / "nul", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
                                    "PL_POST,URN\n1,01/04/2025,S,C2,N1,U1,PR1,,,,NR1\x001AA,NR1 1AB,SC1\n")
    _tables, problems = ssda903._read(folder)
    assert "episodes.csv row 2 contains a NUL byte, which cannot be stored" in problems
