"""The rules of issue 13 on their own: RAG, the inspection window, sampling, auditor assignment and
moderation agreement."""

import datetime as dt

import pytest

from safehold.improvement import rules

D = dt.date


def rag(**kw):
    base = dict(status="in_progress", starts_on=D(2026, 1, 1), due_on=D(2026, 6, 30), milestones=[],
                on=D(2026, 3, 1))
    return rules.action_rag(**{**base, **kw})


class TestActionRag:
    def test_completed_is_green_even_after_its_due_date(self):
        assert rag(status="completed", on=D(2026, 9, 1)).derived == "green"

    def test_not_completed_after_its_due_date_is_red(self):
        r = rag(on=D(2026, 7, 1))
        assert (r.derived, r.status) == ("red", "red")
        assert "due 30 June 2026" in r.why

    def test_due_today_is_not_yet_late(self):
        assert rag(on=D(2026, 6, 30)).derived == "green"

    def test_a_missed_milestone_makes_it_amber(self):
        r = rag(milestones=[(D(2026, 2, 1), None), (D(2026, 5, 1), None)])
        assert r.derived == "amber" and "1 milestone" in r.why

    def test_a_milestone_done_after_the_date_shown_still_counts_as_missed_on_that_date(self):
        assert rag(milestones=[(D(2026, 2, 1), D(2026, 4, 1))], on=D(2026, 3, 1)).derived == "amber"
        assert rag(milestones=[(D(2026, 2, 1), D(2026, 2, 1))], on=D(2026, 3, 1)).derived == "green"

    def test_not_started_after_its_start_date_is_amber(self):
        assert rag(status="not_started").derived == "amber"
        assert rag(status="not_started", starts_on=D(2026, 4, 1)).derived == "green"

    def test_an_override_counts_but_the_derived_status_is_kept(self):
        r = rag(on=D(2026, 7, 1), override="amber", override_reason="Agreed new date with the DCS")
        assert (r.derived, r.status, r.override_reason) == ("red", "amber", "Agreed new date with the DCS")


class TestAreaRag:
    def test_takes_the_worst_action(self):
        area = rules.area_rag([rag(), rag(on=D(2026, 7, 1))], [])
        assert area.status == "red"

    def test_an_override_on_an_action_counts_for_the_area(self):
        overridden = rag(on=D(2026, 7, 1), override="green", override_reason="Done outside the plan")
        assert rules.area_rag([rag(), overridden], []).status == "green"

    def test_a_measure_worse_than_its_baseline_makes_a_green_area_amber(self):
        area = rules.area_rag([rag()], [rules.MeasureCheck("Assessments in 45 days", True, False)])
        assert area.status == "amber" and "Assessments in 45 days" in area.why

    def test_done_but_target_not_reached_is_amber(self):
        done = rag(status="completed")
        assert rules.area_rag([done], [rules.MeasureCheck("Visits", False, False)]).status == "amber"
        assert rules.area_rag([done], [rules.MeasureCheck("Visits", False, True)]).status == "green"

    def test_worse_and_meets_follow_the_direction_of_the_measure(self):
        assert rules.worse(70, 80, "high") and not rules.worse(70, 80, "low")
        assert rules.meets(12, 15, "low") and not rules.meets(12, 15, "high")
        assert rules.meets(None, 15, "low") is None


class TestInspectionWindow:
    def test_three_years_on_six_months_either_side(self):
        w = rules.next_inspection_window(D(2021, 11, 19), 36, 6)
        assert (w.opens_on, w.expected_on, w.closes_on) == (D(2024, 5, 19), D(2024, 11, 19), D(2025, 5, 19))
        assert w.state(D(2024, 1, 1)) == "before"
        assert w.state(D(2024, 11, 19)) == "open"
        assert w.state(D(2025, 5, 20)) == "passed"

    def test_the_overall_grade_is_the_basis_while_it_is_given(self):
        grade, how = rules.basis_grade({"overall": "requires_improvement", "care_leavers": "good"}, "overall")
        assert grade == "requires_improvement" and "overall" in how

    def test_without_an_overall_grade_the_lowest_judgement_is_the_basis(self):
        grade, how = rules.basis_grade({"leaders": "good", "in_care": "inadequate", "care_leavers": "good"}, "overall")
        assert grade == "inadequate" and "lowest" in how

    def test_the_engagement_meeting_is_yearly(self):
        assert rules.engagement_due(D(2026, 3, 10), D(2025, 2, 1)) == D(2027, 3, 10)
        assert rules.engagement_due(None, D(2025, 2, 7)) == D(2026, 2, 7)


C = rules.Candidate


class TestSampling:
    pool = [C(i, 100 + i % 3, 1000 + i % 5) for i in range(1, 61)]

    def test_the_same_seed_draws_the_same_sample_whatever_order_the_record_gives(self):
        one = rules.draw_sample(self.pool, method="random", size=10, seed=7)
        again = rules.draw_sample(list(reversed(self.pool)), method="random", size=10, seed=7)
        other = rules.draw_sample(self.pool, method="random", size=10, seed=8)
        assert one == again and len(one) == 10 and one != other

    def test_stratified_takes_the_size_from_each_team(self):
        sample = rules.draw_sample(self.pool, method="stratified", size=4, seed=1)
        teams = [c.team_id for c in sample]
        assert sorted(set(teams)) == [100, 101, 102] and all(teams.count(t) == 4 for t in set(teams))

    def test_every_takes_all_and_small_pools_are_not_padded(self):
        assert len(rules.draw_sample(self.pool, method="every", size=0, seed=1)) == 60
        assert len(rules.draw_sample(self.pool[:3], method="random", size=10, seed=1)) == 3


class TestAssigningAuditors:
    def test_nobody_audits_their_own_or_their_teams_cases_and_the_load_is_shared(self):
        sample = [C(i, 100 + i % 2, 1000 + i % 4) for i in range(1, 21)]
        auditors = [rules.Auditor(1000, 100, "A"), rules.Auditor(2000, 101, "B"), rules.Auditor(3000, None, "C")]
        assigned = rules.assign_auditors(sample, auditors)
        teams = {a.user_id: a.team_id for a in auditors}
        for case in sample:
            auditor = assigned[case.person_id]
            assert auditor != case.worker_id
            assert teams[auditor] != case.team_id
        loads = [list(assigned.values()).count(a.user_id) for a in auditors]
        assert sum(loads) == 20 and max(loads) - min(loads) <= 10

    def test_a_case_nobody_may_audit_is_named(self):
        with pytest.raises(rules.NoAuditor) as exc:
            rules.assign_auditors([C(5, 100, 9)], [rules.Auditor(1, 100, "Same team"), rules.Auditor(9, None, "Own")])
        assert exc.value.person_id == 5


class TestModeration:
    def test_share_to_moderate_is_reproducible_and_at_least_one(self):
        ids = list(range(1, 31))
        assert rules.to_moderate(ids, 20, 3) == rules.to_moderate(ids, 20, 3)
        assert len(rules.to_moderate(ids, 20, 3)) == 6
        assert len(rules.to_moderate([4], 10, 3)) == 1
        assert rules.to_moderate(ids, 0, 3) == set()

    def test_agreement_exact_and_within_one_grade(self):
        a = rules.agreement([("good", "good"), ("good", "requires_improvement"), ("outstanding", "inadequate"),
                             ("inadequate", "inadequate")])
        assert (a.moderated, a.agreed, a.within_one) == (4, 2, 3)
        assert a.percent == 50.0 and a.within_one_percent == 75.0
        assert a.changes == {("good", "requires_improvement"): 1, ("outstanding", "inadequate"): 1}
        assert rules.agreement([]).percent is None
