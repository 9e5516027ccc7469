"""People views: check access (people.access, accounts.policy), call a service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.accounts.access import forbidden, require_perm
from safehold.accounts.models import RecordAccessGrant
from safehold.accounts.policy import Perm, decide_person_access, has_perm
from safehold.accounts.selectors import two_step_device
from safehold.audit.selectors import record_history
from safehold.audit.services import audit_access
from safehold.core.concurrency import EditConflict
from safehold.people.access import open_person, person_url_guard
from safehold.web import searches
from safehold.web.submit import submit

from . import selectors, services
from .chronology import event_label, event_types
from .forms import (
    AddressForm,
    BreakGlassForm,
    GrantForm,
    MergeForm,
    NameForm,
    PersonEditForm,
    PersonForm,
    RelationshipForm,
    RestrictForm,
    SearchForm,
)
from .genogram import layout
from .models import Person
from .record_panels import case_holders_of, involvement_of, panels_for
from .selectors import RecordNotOpen, person_get_for_view


@require_perm(Perm.PERSON_SEARCH)
def search(request):
    """The form posts what was typed, kept in the session; the results are at /people/?search=<key>,
    so no name or identifier is ever in an address, an access log or the browser's history
    (web/searches.py). A name in the address (?name=...) is not searched for."""
    params, results, lost = None, None, False
    if request.method == "POST":
        params = request.POST.copy()
        quick = params.pop("q", [""])[-1].strip()
        if quick:
            # The one-box search on the home page: an identifier if it has digits, otherwise a name.
            params["identifier" if any(c.isdigit() for c in quick) else "name"] = quick
        form = SearchForm(params)
        if form.is_valid():
            return redirect(searches.results_url(request.path, searches.remember(request, "people", params)))
    else:
        params = searches.recall(request, "people")
        lost = params is None and searches.asked_for_lost_search(request)
        form = SearchForm(params)
        if params is not None and form.is_valid():
            d = form.cleaned_data
            results = selectors.person_search(fetched_by=request.user, name=d["name"], dob=d["dob"],
                                              identifier=d["identifier"], postcode=d["postcode"])
    return render(request, "people/search.html", {"form": form, "results": results, "lost_search": lost})


@require_perm(Perm.PERSON_EDIT)
def create(request):
    form = PersonForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not request.POST.get("duplicates_checked"):
            duplicates = selectors.possible_duplicates(forename=d["forename"], surname=d["surname"], dob=d["dob"],
                                                       upn=d["upn"], nhs_number=d["common_child_id"])
        if not duplicates:
            try:
                person = services.person_create(by=request.user, data=form.service_data(),
                                                disabilities=d["disabilities"])
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"{person.full_name} added to the record as {person.person_id}")
                return redirect("people:detail", pk=person.pk)
    return render(request, "people/create.html", {"form": form, "duplicates": duplicates})


@login_required
def detail(request, pk: int):
    person_url_guard(request, pk)
    survivor = Person.objects.filter(pk=pk, merged_into__isnull=False).values_list("merged_into_id", flat=True).first()
    if survivor:
        # A merged duplicate's URL leads to the record kept, which checks access and logs the view.
        messages.success(request, "That record was merged into this one")
        return redirect("people:detail", pk=survivor)
    person, refused = open_person(request, pk, "record")
    if refused:
        return refused
    chosen = request.GET.getlist("type")
    chronology = selectors.chronology_of(person, event_types=chosen or None)
    context = {
        "person": person,
        "age": person.age_on(timezone.localdate()),
        "disabilities": list(person.disabilities.all()),
        "other_names": list(person.other_names.all()),
        "address": selectors.current_address(person),
        "addresses": list(person.addresses.all()),
        "relationships": selectors.relationships_of(person),
        "household": selectors.household_of(person),
        "allocations": case_holders_of(person),
        "involvement": involvement_of(person),
        "chronology": chronology,
        "event_types": event_types(),
        "chosen_types": chosen,
        "can_edit": has_perm(request.user, Perm.PERSON_EDIT),
        "can_restrict": has_perm(request.user, Perm.RECORD_RESTRICT),
        "can_merge": has_perm(request.user, Perm.PERSON_MERGE),
        "can_allocate": has_perm(request.user, Perm.CASE_ALLOCATE),
        "can_history": has_perm(request.user, Perm.RECORD_HISTORY),
    }
    if request.htmx and request.GET.get("fragment") == "chronology":
        return render(request, "people/_chronology.html", context)
    context["panels"] = panels_for(request, person)
    if context["relationships"]:
        context["genogram"] = layout(
            person, context["relationships"], household_ids={h.pk for h in context["household"]},
            masked_ids={r.person.pk for r in context["relationships"] if r.person.is_restricted})
    return render(request, "people/detail.html", context)


@login_required
def chronology_print(request, pk: int):
    person_url_guard(request, pk)
    person, refused = open_person(request, pk, "chronology")
    if refused:
        return refused
    chosen = request.GET.getlist("type")
    entries = selectors.chronology_of(person, event_types=chosen or None)
    return render(request, "people/chronology_print.html", {
        "person": person, "chronology": entries, "chosen_labels": [event_label(c) for c in chosen],
    })


@login_required
def edit(request, pk: int):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.PERSON_EDIT):
        return forbidden(request)
    person, refused = open_person(request, pk, "edit")
    if refused:
        return refused
    initial = {f: getattr(person, f) for f in services.EDITABLE_FIELDS}
    initial["disabilities"] = list(person.disabilities.values_list("code", flat=True))
    initial["version"] = person.version
    form = PersonEditForm(request.POST or None, initial=initial)

    def as_it_is_now(conflict: EditConflict):
        # Show the record as it is now, with its new version: saving again without looking can
        # never undo the other person's change.
        form = PersonEditForm(_form_data_from(conflict.current))
        form.is_valid()
        form.add_error(None, "Someone else changed this record after you opened it. Nothing you entered "
                             "has been saved. Check their changes below, then make yours again.")
        return form

    done = submit(request, form, lambda d: services.person_update(
        by=request.user, person=person, expected_version=d["version"], data=form.service_data(),
        disabilities=d["disabilities"], reason=d["reason"]), success="Details saved", on_conflict=as_it_is_now)
    if done:
        return redirect("people:detail", pk=person.pk)
    form, conflict = done.form, done.conflict
    conflict_rows = []
    if conflict:
        labels = {f.name: f.verbose_name for f in Person._meta.fields}
        conflict_rows = [(str(labels.get(k, k)).capitalize(), theirs, mine)
                         for k, (theirs, mine) in conflict.changed_fields.items()]
    return render(request, "people/edit.html", {"form": form, "person": person, "conflict_rows": conflict_rows})


def _form_data_from(person: Person) -> dict:
    """The edit form's POST data for a person as stored (GOV.UK date boxes split into parts)."""
    data: dict = {"version": person.version, "reason": ""}
    for field in services.EDITABLE_FIELDS:
        value = getattr(person, field)
        if field in ("dob", "expected_dob", "death_date"):
            if value:
                data.update({f"{field}_day": value.day, f"{field}_month": value.month, f"{field}_year": value.year})
        elif field == "is_uasc":
            if value:
                data[field] = "on"
        else:
            data[field] = value or ""

    qd = QueryDict(mutable=True)
    qd.update({k: str(v) for k, v in data.items()})
    qd.setlist("disabilities", list(person.disabilities.values_list("code", flat=True)))
    return qd


def _person_subform(request, pk: int, form_class, view_name: str, template: str, action):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.PERSON_EDIT):
        return forbidden(request)
    person, refused = open_person(request, pk, view_name)
    if refused:
        return refused
    form = form_class(request.POST or None)
    if submit(request, form, lambda _d: action(person, form), success=lambda message: message):
        return redirect("people:detail", pk=person.pk)
    return render(request, template, {"form": form, "person": person})


@login_required
def address_add(request, pk: int):
    def action(person, form):
        d = form.cleaned_data
        services.address_add(by=request.user, person=person, line1=d["line1"], line2=d["line2"], town=d["town"],
                             postcode=d["postcode"], start_date=d["start_date"], address_type=d["address_type"])
        return "Address recorded"

    return _person_subform(request, pk, AddressForm, "address_add", "people/address_form.html", action)


@login_required
def name_add(request, pk: int):
    def action(person, form):
        d = form.cleaned_data
        services.person_name_add(by=request.user, person=person, kind=d["kind"], forename=d["forename"],
                                 surname=d["surname"], start_date=d["start_date"], end_date=d["end_date"])
        return "Name recorded"

    return _person_subform(request, pk, NameForm, "name_add", "people/name_form.html", action)


@login_required
def relationship_add(request, pk: int):
    def action(person, form):
        d = form.cleaned_data
        related = Person.objects.filter(person_id__iexact=d["related_person_id"].strip(),
                                        merged_into__isnull=True).first()
        if related is None:
            raise ValidationError({"related_person_id": ["No person on the record has this person ID"]})
        if not decide_person_access(request.user, related).allowed:
            # Linking someone brings them into this team's scope: only records you may open already.
            raise ValidationError({"related_person_id": [
                "You cannot open this person's record, so you cannot link it. Ask their team manager, "
                "or open it with a reason first"]})
        services.relationship_add(by=request.user, person=person, related=related, type=d["type"],
                                  start_date=d["start_date"], end_date=d["end_date"],
                                  parental_responsibility=d["parental_responsibility"])
        return f"Relationship to {related.person_id} recorded"

    return _person_subform(request, pk, RelationshipForm, "relationship_add", "people/relationship_form.html", action)


def _open_for_restriction(request, pk: int):
    """Managers manage access only to records they may open; the administrator (information
    governance) manages any record's access without reading it."""
    person_url_guard(request, pk, allow=Perm.RECORD_RESTRICT)
    if not has_perm(request.user, Perm.RECORD_RESTRICT):
        return None, forbidden(request)
    if has_perm(request.user, Perm.USERS_MANAGE):
        person = get_object_or_404(Person, pk=pk, merged_into__isnull=True)
        audit_access(user=request.user, person_id=person.pk, view="restriction", basis="administration")
        return person, None
    try:
        person, decision = person_get_for_view(fetched_by=request.user, pk=pk, view="restriction")
    except RecordNotOpen as refused:
        return None, render(request, "people/not_open.html", {"person": refused.person, "decision": refused.decision},
                            status=403)
    if decision.basis == "break_glass":
        # Break-glass opens a record to read it now, never to change who may open it.
        return None, forbidden(request, "You opened this record with break-glass. Only its team manager, or "
                                        "someone with named access, can change who may open it.")
    return person, None


@login_required
def restriction(request, pk: int):
    person, refused = _open_for_restriction(request, pk)
    if refused:
        return refused
    # The page offers one action: restrict an open record, or lift a restriction (the form's hidden field).
    form = RestrictForm(request.POST or None, initial={"restrict": "0" if person.is_restricted else "1"})
    grant_form = GrantForm()

    def done(_result) -> str:
        person.refresh_from_db()
        return "Record restricted" if person.is_restricted else "Restriction lifted"

    if submit(request, form, lambda d: services.person_restrict(
            by=request.user, person=person, restricted=d["restrict"] == "1", reason=d["reason"]), success=done):
        return redirect("people:restriction", pk=person.pk)
    grants = RecordAccessGrant.objects.filter(person=person, revoked_at__isnull=True).select_related("user", "granted_by")
    return render(request, "people/restriction.html",
                  {"person": person, "form": form, "grant_form": grant_form, "grants": grants})


@require_POST
@login_required
def grant_add(request, pk: int):
    person, refused = _open_for_restriction(request, pk)
    if refused:
        return refused
    grant_form = GrantForm(request.POST)
    if grant_form.is_valid():
        user = get_user_model().objects.filter(username=grant_form.cleaned_data["username"], is_active=True).first()
        if user is None:
            grant_form.add_error("username", "No active user has this username")
        else:
            try:
                services.access_grant_create(by=request.user, person=person, user=user,
                                             reason=grant_form.cleaned_data["reason"])
            except ValidationError as exc:
                grant_form.add_service_errors(exc)
            else:
                messages.success(request, f"{user} can now open this record")
                return redirect("people:restriction", pk=person.pk)
    grants = RecordAccessGrant.objects.filter(person=person, revoked_at__isnull=True).select_related("user", "granted_by")
    return render(request, "people/restriction.html", {"person": person, "form": RestrictForm(),
                                                        "grant_form": grant_form, "grants": grants, "form_for_title": grant_form},
                  status=400)


@require_POST
@login_required
def grant_revoke(request, pk: int, grant_id: int):
    person, refused = _open_for_restriction(request, pk)
    if refused:
        return refused
    grant = get_object_or_404(RecordAccessGrant, pk=grant_id, person=person, revoked_at__isnull=True)
    services.access_grant_revoke(by=request.user, grant=grant, reason="Access removed by a manager")
    messages.success(request, f"Access removed for {grant.user}")
    return redirect("people:restriction", pk=pk)


@login_required
def break_glass(request, pk: int):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.RECORD_BREAK_GLASS):
        return forbidden(request)
    person = get_object_or_404(Person, pk=pk)
    form = BreakGlassForm(request.POST or None, needs_code=two_step_device(request.user) is not None)
    if submit(request, form, lambda d: services.break_glass_open(
            user=request.user, person=person, reason_code=d["reason_code"], reason_text=d["reason_text"],
            password=d["password"], token=d.get("token", ""), minutes=settings.SAFEHOLD_BREAK_GLASS_MINUTES,
            request=request),
            success=f"Record opened for {settings.SAFEHOLD_BREAK_GLASS_MINUTES} minutes. "
                    "Your reason has been recorded."):
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/break_glass.html", {"person": person, "form": form,
                                                        "minutes": settings.SAFEHOLD_BREAK_GLASS_MINUTES})


@login_required
def merge(request, pk: int):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.PERSON_MERGE):
        return forbidden(request)
    keep, refused = open_person(request, pk, "merge")
    if refused:
        return refused
    form = MergeForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        duplicate = Person.objects.filter(person_id__iexact=d["duplicate_person_id"].strip(),
                                          merged_into__isnull=True).first()
        if duplicate is None:
            form.add_error("duplicate_person_id", "No person on the record has this person ID")
        elif duplicate.pk == keep.pk:
            form.add_error("duplicate_person_id", "Enter the person ID of a different record")
        else:
            dup_checked, refused = open_person(request, duplicate.pk, "merge")
            if refused:
                return refused
            if d["confirm"]:
                try:
                    services.person_merge(by=request.user, keep=keep, duplicate=duplicate, reason=d["reason"])
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, f"Record {duplicate.person_id} merged into {keep.person_id}")
                    return redirect("people:detail", pk=keep.pk)
    return render(request, "people/merge.html", {"form": form, "person": keep, "duplicate": duplicate})


@login_required
def history(request, pk: int):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.RECORD_HISTORY):
        return forbidden(request)
    person, refused = open_person(request, pk, "history")
    if refused:
        return refused
    return render(request, "people/history.html", {"person": person, "events": record_history(selectors.merged_ids(person.pk))})
