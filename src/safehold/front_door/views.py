"""Front door views: check access (web.access, accounts.policy), call a service or selector, render.

Staff pages about a contact answer 404 to roles with no record access (partners, the administrator),
as every child's URL does; partners have their own pages and see only what they submitted.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.core.concurrency import EditConflict
from safehold.family_help.services import is_rereferral
from safehold.people.models import Person
from safehold.people.selectors import person_search
from safehold.web import searches
from safehold.web.access import forbidden, open_person, person_url_guard, require_perm
from safehold.web.submit import submit

from . import selectors, services
from .forms import ContactForm, DecisionForm, LinkSearchForm, PartnerContactForm
from .models import Contact
from .routing import routes_preview

CONFLICT = ("Someone else changed this contact after you opened it. Nothing you entered has been saved. "
            "Check the contact as it is now, then try again.")


@require_perm(Perm.CONTACT_DECIDE)
def queue(request):
    return render(request, "front_door/queue.html", {
        "awaiting": selectors.contacts_awaiting_decision(fetched_by=request.user),
        "decided": selectors.contacts_recently_decided(fetched_by=request.user),
        "today": timezone.localdate(),
    })


def _search_ready(form) -> bool:
    if not form.is_bound or not form.is_valid():
        return False
    if not (form.cleaned_data["name"].strip() or form.cleaned_data["dob"]):
        form.add_error("name", "Enter a name or a date of birth to search")
        return False
    return True


def _child_search(request, form):
    if not _search_ready(form):
        return None
    d = form.cleaned_data
    return person_search(fetched_by=request.user, name=d["name"], dob=d["dob"], kind=Person.Kind.CHILD)


def _posted_search(request, scope: str):
    """A search form posted (names stay out of addresses and logs: web/searches.py): the redirect to
    its results, or the form with its errors."""
    form = LinkSearchForm(request.POST)
    if _search_ready(form):
        return redirect(searches.results_url(request.path, searches.remember(request, scope, request.POST))), form
    return None, form


@login_required
def contact_new(request):
    """Record a contact about a child on the record (?person=<pk>); without a child, find one first."""
    raw = request.GET.get("person", "")
    if not raw:
        if not has_perm(request.user, Perm.CONTACT_RECORD):
            return forbidden(request)
        if request.method == "POST":
            found, form = _posted_search(request, "front_door_find")
            if found:
                return found
        else:
            form = LinkSearchForm(searches.recall(request, "front_door_find"))
        return render(request, "front_door/contact_find.html", {
            "form": form, "results": _child_search(request, form) if request.method == "GET" else None,
            "lost_search": request.method == "GET" and not form.is_bound and searches.asked_for_lost_search(request),
        })
    if not raw.isdigit():
        raise Http404("No such record")
    person_url_guard(request, int(raw))
    if not has_perm(request.user, Perm.CONTACT_RECORD):
        return forbidden(request)
    person, refused = open_person(request, int(raw), "front_door_contact_new")
    if refused:
        return refused
    now = timezone.localtime()
    form = ContactForm(request.POST or None, initial={"received_at": now.date(), "received_time": f"{now:%H:%M}"})
    if request.method == "POST" and form.is_valid() and "received_datetime" in form.cleaned_data:
        d = form.cleaned_data
        try:
            contact = services.contact_record(
                by=request.user, person=person, received_at=d["received_datetime"], source=d["source"],
                source_detail=d["source_detail"], concern=d["concern"], consent=d["consent"],
                siblings_note=d["siblings_note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Contact recorded for {person.full_name}")
            return redirect("front_door:contact_detail", pk=contact.pk)
    return render(request, "front_door/contact_form.html", {"form": form, "person": person})


def _open_contact(request, pk: int, view: str, *, decide: bool = False):
    """(contact, person, None) if the user may see this contact now, else (None, None, response).
    Roles with no record access get 404 whether or not the contact exists (and the attempt on a
    child's contact is logged, as on any child's URL)."""
    contact = Contact.objects.select_related("person", "submitted_by", "decided_by").filter(pk=pk).first()
    if not has_perm(request.user, Perm.PERSON_VIEW):
        if contact is not None and contact.person_id:
            person_url_guard(request, contact.person_id)
        raise Http404("No such contact")
    if contact is None:
        raise Http404("No such contact")
    if decide or contact.person_id is None:
        allowed = has_perm(request.user, Perm.CONTACT_DECIDE)
    else:
        allowed = has_perm(request.user, Perm.CONTACT_RECORD) or has_perm(request.user, Perm.CONTACT_DECIDE)
    if not allowed:
        return None, None, forbidden(request)
    person = None
    if contact.person_id:
        person, refused = open_person(request, contact.person_id, view)
        if refused:
            return None, None, refused
    return contact, person, None


def _detail_context(request, contact: Contact, person):
    context = {"contact": contact, "person": person, "work": selectors.decision_work(contact),
               "can_decide": has_perm(request.user, Perm.CONTACT_DECIDE)}
    if person is not None:
        context["involvement"] = selectors.previous_involvement(person, fetched_by=request.user,
                                                                exclude_contact=contact)
        context["rereferral"] = is_rereferral(person, timezone.localdate())
        if not contact.is_decided:
            context["routes"] = routes_preview(person, timezone.localdate())
    return context


@login_required
def contact_detail(request, pk: int):
    contact, person, refused = _open_contact(request, pk, "front_door_contact")
    if refused:
        return refused
    context = _detail_context(request, contact, person)
    if context["can_decide"] and person is not None and not contact.is_decided:
        context["form"] = DecisionForm(initial={"version": contact.version})
    return render(request, "front_door/contact_detail.html", context)


@login_required
def contact_decide(request, pk: int):
    contact, person, refused = _open_contact(request, pk, "front_door_decide", decide=True)
    if refused:
        return refused
    if person is None:
        messages.success(request, "Link this contact to a child before deciding")
        return redirect("front_door:contact_link", pk=contact.pk)
    form = DecisionForm(request.POST or None, initial={"version": contact.version})

    def refreshed(exc: EditConflict):
        data = request.POST.copy()
        data["version"] = str(exc.current.version)
        form = DecisionForm(data)
        form.is_valid()
        form.add_error(None, CONFLICT)
        return form

    def decided(contact) -> str:
        sent = f". Sent to {contact.routed_team}" if contact.routed_team else ""
        return f"Decision recorded: {contact.get_decision_display()}{sent}"

    done = submit(request, form, lambda d: services.contact_decide(
        by=request.user, contact=contact, expected_version=d["version"], decision=d["decision"],
        rationale=d["rationale"], team=d.get("team")), success=decided, on_conflict=refreshed)
    if done:
        return redirect("front_door:contact_detail", pk=done.result.pk)
    form = done.form
    if done.conflict:
        contact = done.conflict.current
    context = _detail_context(request, contact, person)
    context["form"] = form
    return render(request, "front_door/contact_decide.html", context)


@login_required
def contact_link(request, pk: int):
    """Link an unmatched partner contact to a child: search the record and choose, or add the child."""
    contact, _person, refused = _open_contact(request, pk, "front_door_link", decide=True)
    if refused:
        return refused
    if contact.person_id:
        return redirect("front_door:contact_detail", pk=contact.pk)
    errors: list[str] = []
    form = None
    if request.method == "POST" and request.POST.get("action") == "search":
        found, form = _posted_search(request, f"front_door_link:{contact.pk}")
        if found:
            return found
    elif request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            if request.POST.get("action") == "create":
                if not has_perm(request.user, Perm.PERSON_EDIT):
                    return forbidden(request)
                contact = services.contact_link_new_person(by=request.user, contact=contact, expected_version=version)
            else:
                chosen = Person.objects.filter(pk=request.POST.get("person") or 0, merged_into__isnull=True).first() \
                    if (request.POST.get("person") or "").isdigit() else None
                contact = services.contact_link(by=request.user, contact=contact, expected_version=version,
                                                person=chosen)
        except EditConflict:
            errors.append(CONFLICT)
            contact.refresh_from_db()
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            messages.success(request, f"Contact linked to {contact.person.full_name} ({contact.person.person_id})")
            return redirect("front_door:contact_detail", pk=contact.pk)
    if form is not None:  # a search posted with errors: shown with them, nothing searched
        results = None
    else:
        searched = searches.recall(request, f"front_door_link:{contact.pk}")
        if searched is None:
            # First the child the partner named, from the contact itself (nothing in the address).
            searched = {"name": contact.subject_name}
            if contact.subject_dob:
                d = contact.subject_dob
                searched.update({"dob_day": str(d.day), "dob_month": str(d.month), "dob_year": str(d.year)})
        form = LinkSearchForm(searched)
        results = _child_search(request, form)
    return render(request, "front_door/contact_link.html", {
        "contact": contact, "form": form, "results": results, "errors": errors,
        "can_create": has_perm(request.user, Perm.PERSON_EDIT),
    })


# --- Partner agencies ---------------------------------------------------------------------------

@require_perm(Perm.CONTACT_SUBMIT)
def partner_contacts(request):
    return render(request, "front_door/partner_contacts.html",
                  {"contacts": list(selectors.contacts_submitted_by(request.user))})


@require_perm(Perm.CONTACT_SUBMIT)
def partner_contact_new(request):
    form = PartnerContactForm(request.POST or None, sources=services.partner_sources(request.user))
    if submit(request, form, lambda d: services.contact_submit_by_partner(
            by=request.user, forename=d["forename"], surname=d["surname"], dob=d["dob"],
            postcode=d["postcode"], concern=d["concern"], consent=d["consent"], source=d["source"] or "",
            source_detail=d["source_detail"], siblings_note=d["siblings_note"]),
            success=lambda contact: f"Contact sent to the front door. Your reference is FD{contact.pk:06d}"):
        return redirect("front_door:partner_contacts")
    return render(request, "front_door/partner_contact_form.html", {"form": form})
