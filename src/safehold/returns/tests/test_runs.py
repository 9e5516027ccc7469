"""Running a return from the returns page: it is queued as a background task, produces the zip of
tables, and its findings are shown by rule and by team, linked to the child's record."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safehold.audit.models import AuditEvent
from safehold.care_planning.models import CLAReview
from safehold.returns import services
from safehold.returns.models import ReturnRun

from .test_ssda903 import YEAR_END, in_care  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_run_produces_the_tables_and_the_validators_findings(in_care, users, django_capture_on_commit_callbacks):  # noqa: F811
    CLAReview.objects.update(participation="PN0")  # a 12-year-old recorded as under 4: rule 440
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(by=users["analyst"], kind="ssda903", period_end=YEAR_END)
    run.refresh_from_db()
    assert (run.status, run.progress, run.validated) == ("done", 100, True)
    assert run.row_counts["episodes.csv"] == 2
    names = zipfile.ZipFile(io.BytesIO(bytes(run.file))).namelist()
    assert "episodes.csv" in names and "header.csv" in names
    assert any(i["code"] == "440" and i["child"] == in_care.person_id for i in run.issues)


def test_a_census_run_produces_the_xml_and_its_download_is_named_for_it(users, login, django_capture_on_commit_callbacks):
    client = login(users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("returns:index"), {"kind": "cin", "period_end": "2025-03-31"})
    run = ReturnRun.objects.get()
    assert (run.status, run.kind) == ("done", "cin")
    download = client.get(reverse("returns:download", args=[run.pk]))
    assert download["Content-Type"] == "application/xml"
    assert download["Content-Disposition"] == 'attachment; filename="cin-2025-03-31.xml"'
    assert download.content.startswith(b"<?xml") and b"<Collection>CIN</Collection>" in download.content


def test_a_census_run_queries_children_in_care_with_no_episode_of_need(in_care, users,  # noqa: F811
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(by=users["analyst"], kind="cin", period_end=YEAR_END)
    run.refresh_from_db()
    [scope] = [i for i in run.issues if i["code"] == "Scope"]
    assert (scope["child"], scope["severity"]) == (in_care.person_id, "query")


def test_annex_a_runs_as_at_today_and_the_returns_need_a_year_end(users, login, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.run_start(by=users["analyst"], kind="cin", period_end=today.replace(month=2, day=1))
    assert "31 March" in exc.value.message_dict["period_end"][0]
    client = login(users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("returns:index"), {"kind": "annex_a", "period_end": today.isoformat()})
    run = ReturnRun.objects.get()
    assert (run.status, str(run)) == ("done", f"Ofsted Annex A lists as at {today:%d/%m/%Y}")
    assert run.row_counts["List 8"] == 0 and "no validation rules" in run.validation_note
    download = client.get(reverse("returns:download", args=[run.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="annex_a-{today:%Y-%m-%d}.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(download.content)).sheetnames[0] == "List 1"


def test_a_year_in_the_future_is_refused_on_its_field(users):
    with pytest.raises(ValidationError) as exc:
        services.run_start(by=users["analyst"], kind="ssda903", period_end=dt.date(2099, 3, 31))
    assert list(exc.value.message_dict) == ["period_end"]
    assert not ReturnRun.objects.exists()


def test_the_page_runs_a_return_and_shows_findings_by_team(in_care, users, login, django_capture_on_commit_callbacks):  # noqa: F811
    CLAReview.objects.update(participation="PN0")
    client = login(users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:index"), {"kind": "ssda903", "period_end": "2025-03-31"})
    run = ReturnRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("returns:run_detail", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Download the return" in page and "440" in page
    assert reverse("people:detail", args=[in_care.pk]) in page
    download = client.get(reverse("returns:download", args=[run.pk]))
    assert download["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(download.content)).read("header.csv").decode().startswith("CHILD,SEX,DOB")


def test_a_running_return_shows_its_progress(users, login):
    run = ReturnRun.objects.create(kind="ssda903", period_end=YEAR_END, started_by=users["analyst"],
                                   status="running", progress=50, step="Checking the return with the DfE rules")
    client = login(users["analyst"])
    page = client.get(reverse("returns:run_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "50% done" in page
    partial = client.get(reverse("returns:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "50% done" in partial.content.decode()
    run.status = "done"
    run.save()
    finished = client.get(reverse("returns:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert finished.status_code == 204 and finished["HX-Refresh"] == "true"


def test_a_missing_oc2_answer_links_to_the_page_that_records_it(in_care, users, login,  # noqa: F811
                                                               django_capture_on_commit_callbacks):
    client = login(users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("returns:index"), {"kind": "ssda903", "period_end": "2026-03-31"})
    run = ReturnRun.objects.get()
    assert any(i["code"] == "191" and i["child"] == in_care.person_id for i in run.issues)
    page = client.get(reverse("returns:run_detail", args=[run.pk])).content.decode()
    assert reverse("care_planning:outcomes_edit", args=[in_care.pk, 2026]) in page


# --- Who may run a return, and how long its file is kept (issue 15.3) ---------------------------------

@pytest.mark.parametrize("role", ["team_manager", "service_manager", "social_worker"])
def test_managers_may_not_run_or_download_a_return(role, users, login, django_capture_on_commit_callbacks):
    """A return holds every child in the county: a team manager with a few dozen children in scope
    must not be able to download the census or Annex A of all of them."""
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(by=users["analyst"], kind="cin", period_end=dt.date(2025, 3, 31))
    client = login(users[role])
    assert client.get(reverse("returns:download", args=[run.pk])).status_code == 403
    assert client.post(reverse("returns:index"), {"kind": "cin", "period_end": "2025-03-31"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.run_start(by=users[role], kind="cin", period_end=dt.date(2025, 3, 31))
    assert ReturnRun.objects.count() == 1
    assert 'href="/returns/"' not in client.get(reverse("home")).content.decode()  # not in the menu


def test_each_download_is_audited(users, login, django_capture_on_commit_callbacks):
    client = login(users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(by=users["analyst"], kind="cin", period_end=dt.date(2025, 3, 31))
    client.get(reverse("returns:download", args=[run.pk]))
    client.get(reverse("returns:download", args=[run.pk]))
    downloads = AuditEvent.objects.filter(action="return.download", object_id=str(run.pk))
    assert [e.actor_id for e in downloads] == [users["analyst"].pk] * 2


def test_a_returns_file_is_deleted_after_the_retention_period(users, login, settings,
                                                              django_capture_on_commit_callbacks):
    settings.SAFEHOLD_RETURN_FILE_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(by=users["analyst"], kind="cin", period_end=dt.date(2025, 3, 31))
    client = login(users["analyst"])
    # Finished 29 days ago: the file is still there ...
    ReturnRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(days=29))
    assert client.get(reverse("returns:download", args=[run.pk])).status_code == 200
    # ... 31 days ago: it is gone, the download says so, and the deletion is in the audit.
    ReturnRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))
    response = client.get(reverse("returns:download", args=[run.pk]))
    assert response.status_code == 410
    assert "has been deleted" in response.content.decode()
    page = client.get(reverse("returns:run_detail", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.file is None and run.file_expired_at is not None
    assert run.status == "done" and run.row_counts  # the counts and findings stay
    assert 'id="return-file-expired"' in page and 'id="return-download"' not in page
    assert AuditEvent.objects.filter(action="return.file_expire", object_id=str(run.pk)).count() == 1


def test_the_expire_command_deletes_old_files_only(users, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        old = services.run_start(by=users["analyst"], kind="cin", period_end=dt.date(2025, 3, 31))
    ReturnRun.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        new = services.run_start(by=users["analyst"], kind="cin", period_end=dt.date(2024, 3, 31))
    ReturnRun.objects.filter(pk=old.pk).update(file=b"x", file_expired_at=None)  # as if not yet expired
    out = io.StringIO()
    call_command("returns", "expire", stdout=out)
    assert "1 return files deleted" in out.getvalue()
    assert ReturnRun.objects.get(pk=old.pk).file is None
    assert ReturnRun.objects.get(pk=new.pk).file is not None


def test_the_return_is_queued_only_once_its_run_is_committed(users, django_capture_on_commit_callbacks):
    """run_start is its own transaction; the worker is handed the run when it commits, never before."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.run_start(by=users["analyst"], kind="cin", period_end=dt.date(2025, 3, 31))
    run.refresh_from_db()
    assert run.status == ReturnRun.Status.QUEUED and len(callbacks) == 1
    callbacks[0]()  # the commit
    run.refresh_from_db()
    assert run.status == ReturnRun.Status.DONE
