"""SSDA903 social worker episode rules on small tables: the year each form applies, and the edges."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import ssda903_from_rows


def _sw(*rows, year=2025, episodes=None):
    tables = {"SWEpisodes": [{"CHILD": "C1", "DOB": "01/01/2015", "SW_ID": "SW1234", "SW_REASON": "MANAGE", **r}
                             for r in rows]}
    if episodes is not None:
        tables["Episodes"] = episodes
    return ssda903_from_rows(tables, year=year)


def _rows(ret, code, table="SWEpisodes"):
    return sorted(f.row for f in engine.validate(ret, codes=[code]).findings if f.table == table)


def test_sw01a_and_sw01b_are_2024_25_only_and_split_on_1_april_2023():
    ret = _sw({"SW_DECOM": "31/03/2023", "SW_ID": None, "SW_REASON": None},
              {"SW_DECOM": "01/04/2023", "SW_REASON": None},
              {"SW_DECOM": None}, year=2024)
    assert _rows(ret, "SW01aSTG1") == [0, 2]
    assert _rows(ret, "SW01bSTG1") == [1, 2]
    assert _rows(_sw({"SW_DECOM": None}, year=2025), "SW01aSTG1") == []


def test_sw02_needs_four_characters_from_2025_26_and_a_blank_id_fails():
    rows = ({"SW_ID": "SW1", "SW_DECOM": "01/05/2025"}, {"SW_ID": None}, {"SW_ID": "XX12"})
    assert _rows(_sw(*rows, year=2024), "SW02STG1") == [1]
    assert _rows(_sw(*rows, year=2025), "SW02STG1") == [0, 1]


def test_sw04_accepted_an_unknown_day_until_2025_26():
    rows = ({"SW_DECOM": "ZZ/04/2024"}, {"SW_DECOM": "31/02/2024"}, {"SW_DECOM": None})
    assert _rows(_sw(*rows, year=2024), "SW04STG1") == [1]
    assert _rows(_sw(*rows, year=2025), "SW04STG1") == [0, 1]


def test_sw07_the_reporting_period_starts_1_april_of_the_year_before():
    # The sector's validator subtracts 365.2425 days, so in 2024-25 it also flags 1 April 2023 (a leap year
    # between): the DfE's period starts that day, so Safehold does not.
    ret = _sw({"SW_DECOM": "01/01/2023", "SW_DEC": "01/04/2023"}, {"SW_DECOM": "01/01/2023", "SW_DEC": "31/03/2023"},
              {"SW_DECOM": "01/01/2025", "SW_DEC": "01/04/2025"}, year=2024)
    assert _rows(ret, "SW07STG2") == [1, 2]


def test_sw09_same_day_until_2025_26_then_under_three_days():
    rows = ({"SW_DECOM": "01/05/2025", "SW_DEC": "01/05/2025"}, {"SW_DECOM": "01/05/2025", "SW_DEC": "03/05/2025"},
            {"SW_DECOM": "01/05/2025", "SW_DEC": "04/05/2025"}, {"SW_DECOM": "01/05/2025", "SW_DEC": None})
    assert _rows(_sw(*rows, year=2024), "SW09STG2") == [0]
    assert _rows(_sw(*rows, year=2025), "SW09STG2") == [0, 1]


def test_sw10_a_week_either_side_of_the_previous_end_unless_first_contact():
    ret = _sw({"SW_DECOM": "01/01/2025", "SW_DEC": "01/05/2025"},
              {"SW_DECOM": "08/05/2025", "SW_DEC": "01/06/2025"},   # 7 days after: fine
              {"SW_DECOM": "09/06/2025", "SW_DEC": "01/07/2025"},   # 8 days after
              {"SW_DECOM": "01/09/2025", "SW_REASON": "FCONTA"})   # first contact, after the end: fine
    assert _rows(ret, "SW10STG2") == [2]
    assert _rows(ret, "SW10aSTG2") == [2]
    assert _rows(ret, "SW10bSTG2") == []
    assert _rows(_sw({"SW_DECOM": "01/01/2025", "SW_DEC": "01/05/2025"},
                     {"SW_DECOM": "01/05/2025", "SW_REASON": "FCONTA"}), "SW10bSTG2") == [1]


def test_sw11b_the_latest_episode_ending_in_the_last_five_days_of_march():
    assert _rows(_sw({"SW_DECOM": "01/01/2026", "SW_DEC": "26/03/2026"}), "SW11bSTG2") == [0]
    assert _rows(_sw({"SW_DECOM": "01/01/2026", "SW_DEC": "25/03/2026"}), "SW11bSTG2") == []
    followed = _sw({"SW_DECOM": "01/01/2026", "SW_DEC": "27/03/2026"}, {"SW_DECOM": "28/03/2026"})
    assert _rows(followed, "SW11bSTG2") == []


def test_sw12_a_child_in_care_with_no_social_worker_episode():
    episodes = [{"CHILD": "C1", "DECOM": "01/06/2025", "RNE": "S", "LS": "C2"},
                {"CHILD": "C2", "DECOM": "01/06/2025", "RNE": "S", "LS": "V3"}]
    ret = _sw({"CHILD": "C3", "SW_DECOM": "01/06/2025"}, episodes=episodes)
    assert _rows(ret, "SW12STG2", "Episodes") == [0]
    # An open care episode runs to 31 March: a worker from before care counts against it.
    ret = _sw({"SW_DECOM": "01/05/2025"}, episodes=episodes[:1])
    assert _rows(ret, "SW12STG2", "Episodes") == []


def test_sw13_a_reason_is_needed_from_1_april_2023():
    ret = _sw({"SW_DECOM": "31/03/2023", "SW_REASON": None}, {"SW_DECOM": "01/04/2023", "SW_REASON": None},
              {"SW_DECOM": "01/04/2023", "SW_REASON": "LAZY"})
    assert _rows(ret, "SW13STG1") == [1, 2]


def test_sw17_sw18_sw19_from_2025_26():
    ret = _sw({"SW_DECOM": "01/05/2025", "SW_DEC": "01/06/2025"}, {"SW_DECOM": "01/05/2025", "SW_DEC": "01/05/2025"},
              {"SW_DECOM": "01/01/2026", "SW_DEC": "01/02/2026"})
    assert _rows(ret, "SW17STG2") == [2]
    assert _rows(ret, "SW18STG2") == [1]
    assert _rows(ret, "SW19STG2") == [1]
    assert _rows(_sw({"SW_DECOM": "01/05/2024", "SW_DEC": "01/06/2024"}, year=2024), "SW17STG2") == []
