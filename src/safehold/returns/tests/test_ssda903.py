"""The SSDA903 return read from the record: the tables and columns of the DfE layout (the shared
sample files), dd/mm/yyyy dates, the year's scope, and episodes open at 31 March reported open."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from safehold.care_planning import services as care_planning
from safehold.casework.tests.factories import AllocationFactory
from safehold.children_in_care import services as cic
from safehold.children_in_care.tests.helpers import foster, looked_after, provider
from safehold.returns import ssda903
from safehold.returns.tests.helpers import shared_data
from safehold.returns.years import CollectionYear

pytestmark = pytest.mark.django_db
SAMPLES = shared_data("ssda903")
YEAR_END = dt.date(2025, 3, 31)


@pytest.fixture
def in_care(child, users):
    child.dob = dt.date(2012, 6, 15)
    child.sex = "F"
    child.ethnicity = "WBRI"
    child.upn = "A123456789012"
    child.save()
    sw = users["social_worker"]
    looked_after(child, sw, start=dt.date(2024, 9, 2), legal_status="C2")
    cic.placement_change(by=sw, person=child, start_date=dt.date(2025, 1, 6), provider=provider(name="Elm House"),
                         change_reason="CARPL")
    care_planning.review_record(by=users["iro"], person=child, review_date=dt.date(2024, 9, 27),
                                participation="PN1")
    went = timezone.make_aware(dt.datetime(2025, 2, 1, 22, 0))
    care_planning.missing_episode_record(by=sw, person=child, kind="M", started_at=went,
                                         ended_at=went + dt.timedelta(hours=10))
    return child


def read(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open() as fh:
        return list(csv.DictReader(fh))


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared data folder is not present")
def test_every_table_has_the_columns_of_the_dfe_sample_files(tmp_path):
    ssda903.write(YEAR_END, tmp_path)
    for name in ssda903.tables_for_year(YEAR_END):
        sample = (SAMPLES / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert (tmp_path / f"{name}.csv").read_text().splitlines()[0] == sample, name


def test_a_child_in_care_is_in_the_header_episodes_reviews_and_missing(in_care, tmp_path):
    call_command("returns", "ssda903", "--period-end", "2025-03-31", "--out", str(tmp_path))
    assert read(tmp_path, "header") == [{"CHILD": in_care.person_id, "SEX": "F", "DOB": "15/06/2012",
                                         "ETHNIC": "WBRI", "UPN": "A123456789012", "MOTHER": "0", "MC_DOB": ""}]
    episodes = read(tmp_path, "episodes")
    assert [(e["DECOM"], e["RNE"], e["LS"], e["PLACE"], e["DEC"], e["REC"], e["REASON_PLACE_CHANGE"])
            for e in episodes] == [("02/09/2024", "S", "C2", "U6", "06/01/2025", "X1", "CARPL"),
                                   ("06/01/2025", "P", "C2", "K2", "", "", "")]
    assert episodes[1]["URN"] == "SC100001"
    assert read(tmp_path, "reviews") == [{"CHILD": in_care.person_id, "DOB": "15/06/2012", "REVIEW": "27/09/2024",
                                          "REVIEW_CODE": "PN1"}]
    assert read(tmp_path, "missing") == [{"CHILD": in_care.person_id, "DOB": "15/06/2012", "MISSING": "M",
                                          "MIS_START": "01/02/2025", "MIS_END": "02/02/2025"}]
    # Started in the year: a previous permanence row (not yet recorded on the record, so blank).
    assert [r["CHILD"] for r in read(tmp_path, "previous_permanence")] == [in_care.person_id]


def test_the_years_scope_and_an_episode_open_at_the_year_end(in_care):
    # The year before the child came into care has nothing for them.
    assert ssda903.build(dt.date(2024, 3, 31))["header"] == []
    tables = ssda903.build(YEAR_END)
    assert tables["episodes"][-1]["DEC"] == "" and tables["episodes"][-1]["REC"] == ""
    # 2024-25 uses M/F/U for sex; 2023-24 used 1/2.
    assert CollectionYear.ending(YEAR_END).lac_ruleset == "lac2024_25"


def test_sex_codes_before_2024_are_numbers(child, users):
    child.dob, child.sex = dt.date(2010, 1, 1), "M"
    child.save()
    looked_after(child, users["social_worker"], start=dt.date(2023, 5, 1), carer=foster())
    header = ssda903.build(dt.date(2024, 3, 31))["header"]
    assert header[0]["SEX"] == "1" and header[0]["MOTHER"] == ""


def test_a_girl_who_is_a_mother_has_her_childs_date_of_birth(in_care):
    from safehold.people.models import Relationship
    from safehold.people.tests.factories import PersonFactory

    baby = PersonFactory(forename="Baby", surname="Hartley", person_id="C0000099", dob=dt.date(2024, 11, 3))
    Relationship.objects.create(person=baby, related=in_care, type="mother", parental_responsibility=True)
    header = ssda903.build(YEAR_END)["header"]
    assert (header[0]["MOTHER"], header[0]["MC_DOB"]) == ("1", "03/11/2024")


def test_urn_is_the_settings_blank_where_exempt_or_unknown_and_xxxxxxx_for_adoption_agencies():
    from types import SimpleNamespace as P

    assert ssda903._urn(P(placement_type="K2", urn="SC400037")) == "SC400037"
    assert ssda903._urn(P(placement_type="K2", urn="")) == ""  # none recorded (an unregistered home: see below)
    assert ssda903._urn(P(placement_type="A6", urn="")) == "XXXXXXX"
    assert ssda903._urn(P(placement_type="P1", urn="SC1")) == ""


def _two_workers(child, users, team, first_allocation: tuple, second_allocation: tuple):
    """The child's allocations replaced by two social workers' (SW100001, then SW100002): each tuple is
    (started_on, ended_on or None, sw_reason)."""
    from safehold.accounts.tests.factories import UserFactory
    from safehold.casework.models import Allocation

    first, second = users["social_worker"], UserFactory(username="second_sw", role="social_worker", team=team)
    first.swe_registration, second.swe_registration = "SW100001", "SW100002"
    first.save(), second.save()
    Allocation.objects.filter(person=child).delete()
    for worker, (started_on, ended_on, reason) in ((first, first_allocation), (second, second_allocation)):
        AllocationFactory(person=child, team=team, worker=worker, started_on=started_on, ended_on=ended_on,
                          sw_reason=reason)
    return first


def test_social_worker_episodes_start_with_care_and_the_latest_is_reported_open_from_2025_26(child, users, team):
    # A worker from before care, who stays on when the child comes into care, then hands over; the
    # second worker's allocation ends on 20 March 2026 (the case moved to a team awaiting a worker).
    first = _two_workers(child, users, team, (dt.date(2025, 2, 3), dt.date(2025, 11, 30), "FCONTA"),
                         (dt.date(2025, 12, 1), dt.date(2026, 3, 20), "LEFTRL"))
    looked_after(child, first, start=dt.date(2025, 6, 2))

    rows = ssda903.build(dt.date(2026, 3, 31))["sw_episodes"]
    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        ("SW100001", "02/06/2025", "30/11/2025", "FCONTA"),  # from the day care began (SW12STG2)
        ("SW100002", "01/12/2025", "", "LEFTRL"),  # the latest is open (SW17STG2)
    ]
    assert ssda903.build(dt.date(2025, 3, 31))["sw_episodes"] == []  # not looked after in 2024-25


def test_a_placement_in_an_unregistered_home_is_reported_as_z12_from_2025_26(child, users):
    from safehold.children_in_care.tests.helpers import unregistered_home

    sw = users["social_worker"]
    child.dob = dt.date(2010, 1, 5)
    child.save()
    looked_after(child, sw, start=dt.date(2025, 2, 3))
    period = child.periods_of_care.get()
    # As the synthetic county does: a placement the director authorised past the guard.
    from safehold.children_in_care.models import Placement

    home = unregistered_home()
    Placement.objects.filter(period=period).update(provider=home, placement_type="K2", provider_code="PR4", urn="")
    episode_2025 = ssda903.build(dt.date(2025, 3, 31))["episodes"][0]
    # Before 2025-26 there is no code for it: the type stays, with the placeholder for a provider with no URN.
    assert (episode_2025["PLACE"], episode_2025["PLACE_PROVIDER"], episode_2025["URN"]) == ("K2", "PR4", "XXXXXXX")
    episode_2026 = ssda903.build(dt.date(2026, 3, 31))["episodes"][0]
    assert (episode_2026["PLACE"], episode_2026["PLACE_PROVIDER"], episode_2026["URN"]) == ("Z12", "", "")


def test_the_placeholder_urn_for_an_unregistered_home_before_2025_26_is_a_setting(child, users, settings):
    from safehold.children_in_care.models import Placement
    from safehold.children_in_care.tests.helpers import unregistered_home

    looked_after(child, users["social_worker"], start=dt.date(2025, 2, 3))
    Placement.objects.update(provider=unregistered_home(), placement_type="K2", provider_code="PR4", urn="")
    settings.SAFEHOLD_903_UNREGISTERED_URN = ""
    assert ssda903.build(dt.date(2025, 3, 31))["episodes"][0]["URN"] == ""


def test_ad1_has_the_adopters_with_their_number_read_from_their_sexes(child, users):
    from safehold.children_in_care.models import AdoptionMilestones

    AdoptionMilestones.objects.create(person=child, should_be_placed_on=dt.date(2024, 3, 1),
                                      matched_on=dt.date(2024, 7, 1), placed_on=dt.date(2024, 8, 1),
                                      adopted_on=dt.date(2025, 1, 20), by_former_foster_carers=True,
                                      adopters_sex="F1", adopters_legal_status="L0")
    looked_after(child, users["social_worker"], start=dt.date(2024, 1, 8))
    row = ssda903.build(YEAR_END)["ad1"][0]
    assert {k: row[k] for k in ("DATE_INT", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")} == {
        "DATE_INT": "01/03/2024", "FOSTER_CARE": "1", "NB_ADOPTR": "1", "SEX_ADOPTR": "F1", "LS_ADOPTR": "L0"}


def test_oc2_holds_children_in_care_all_year_with_their_answers_and_the_records_health_checks(child, users):
    from safehold.care_planning.models import AnnualOutcomes
    from safehold.people.tests.factories import PersonFactory

    sw = users["social_worker"]
    child.dob = dt.date(2013, 6, 1)
    child.save()
    looked_after(child, sw, start=dt.date(2024, 11, 4))
    care_planning.dental_check_record(by=sw, person=child, checked_on=dt.date(2025, 10, 2))
    AnnualOutcomes.objects.create(person=child, year_ending=dt.date(2026, 3, 31), immunisations_up_to_date=True,
                                  sdq_score=14, convicted=False, substance_misuse=False, recorded_by=sw)
    unanswered = PersonFactory(person_id="C0000009", dob=dt.date(2012, 2, 2))
    looked_after(unanswered, sw, start=dt.date(2025, 1, 6))
    newcomer = PersonFactory(person_id="C0000010", dob=dt.date(2012, 2, 2))
    looked_after(newcomer, sw, start=dt.date(2025, 4, 7))  # in care part of the year: not in OC2

    rows = {r["CHILD"]: r for r in ssda903.build(dt.date(2026, 3, 31))["oc2"]}
    assert set(rows) == {child.person_id, "C0000009"}
    answered = rows[child.person_id]
    assert {k: answered[k] for k in ("SDQ_SCORE", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                                     "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED")} == {
        "SDQ_SCORE": "14", "CONVICTED": "0", "HEALTH_CHECK": "", "IMMUNISATIONS": "1", "TEETH_CHECK": "1",
        "HEALTH_ASSESSMENT": "0", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": ""}
    # No answers recorded: the row stays, blank, so the validator names the child (rule 191).
    assert (rows["C0000009"]["IMMUNISATIONS"], rows["C0000009"]["TEETH_CHECK"]) == ("", "0")


def test_h5_is_reported_as_its_successor_k3_once_h5_is_no_longer_valid():
    from types import SimpleNamespace as P

    h5 = P(pk=1, placement_type="H5")
    assert ssda903._place(h5, CollectionYear.ending(dt.date(2025, 3, 31)), set()) == "H5"
    assert ssda903._place(h5, CollectionYear.ending(dt.date(2026, 3, 31)), set()) == "K3"
    assert ssda903._place(h5, CollectionYear.ending(dt.date(2026, 3, 31)), {1}) == "Z13"  # unregistered


def test_a_handover_on_the_day_care_began_is_not_a_social_worker_episode_of_its_own(child, users, team):
    before = _two_workers(child, users, team, (dt.date(2025, 1, 6), dt.date(2025, 6, 10), "FCONTA"),
                          (dt.date(2025, 6, 11), None, "ORGRST"))
    looked_after(child, before, start=dt.date(2025, 6, 9))
    rows = ssda903.build(dt.date(2026, 3, 31))["sw_episodes"]
    # 9 to 10 June would last under 3 days (SW09STG2): the children in care worker's episode is the one.
    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"]) for r in rows] == [("SW100002", "11/06/2025", "")]


def test_oc2_sends_only_what_applies_at_the_childs_age_and_leaves_out_an_adopted_child(child, users):
    from safehold.care_planning.models import AnnualOutcomes
    from safehold.children_in_care.models import CareEpisode

    sw = users["social_worker"]
    child.dob = dt.date(2013, 6, 1)
    child.save()
    looked_after(child, sw, start=dt.date(2024, 11, 4))
    AnnualOutcomes.objects.create(person=child, year_ending=dt.date(2026, 3, 31), immunisations_up_to_date=True,
                                  sdq_score=14, convicted=False, substance_misuse=False, recorded_by=sw)
    child.dob = dt.date(2017, 6, 1)  # corrected after the answers were saved: now 8 at 31 March
    child.save()
    row = ssda903.build(dt.date(2026, 3, 31))["oc2"][0]
    assert (row["CONVICTED"], row["SDQ_SCORE"], row["IMMUNISATIONS"]) == ("", "14", "1")  # rule 542
    CareEpisode.objects.filter(person=child).update(end_date=dt.date(2026, 3, 31), reason_ended="E12")
    assert ssda903.build(dt.date(2026, 3, 31))["oc2"] == []  # adopted on 31 March: AD1, not OC2


def test_a_placement_made_while_the_home_was_registered_keeps_its_type_after_deregistration(child, users):
    from safehold.children_in_care.models import Placement
    from safehold.children_in_care.tests.helpers import unregistered_home

    looked_after(child, users["social_worker"], start=dt.date(2025, 5, 1))
    home = unregistered_home()  # the register now says not registered
    Placement.objects.update(provider=home, placement_type="K2", provider_code="PR4", urn="SC400037")
    episode = ssda903.build(dt.date(2026, 3, 31))["episodes"][0]
    assert (episode["PLACE"], episode["URN"]) == ("K2", "SC400037")
