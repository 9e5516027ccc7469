"""Users and teams, for the system administrator; two-step verification for everyone (issue 15.4)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safehold.accounts.access import require_perm
from safehold.web.submit import submit

from . import selectors, services
from .forms import TwoStepCodeForm, TwoStepResetForm
from .models import Team, User
from .policy import Perm, permission_matrix


@require_perm(Perm.USERS_MANAGE)
def users(request):
    devices = selectors.two_step_devices_by_user()
    accounts = User.objects.select_related("team").order_by("role", "last_name", "first_name")
    return render(request, "accounts/users.html", {
        "teams": Team.objects.select_related("service").prefetch_related("members"),
        "accounts": [(u, devices.get(u.pk)) for u in accounts],
        "matrix": permission_matrix(),
        "two_step_required": services.two_step_required(),
    })


def _next_url(request, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    """Where the user was going before the code was asked for: a path on this site only."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return redirect(default).url


def _keeping_next(request, name: str) -> str:
    query = request.GET.urlencode()
    return reverse(name) + (f"?{query}" if query else "")


@login_required
def two_step(request):
    """Two-step verification for the signed-in user: on or off, and how to change it."""
    return render(request, "accounts/two_step.html", {
        "device": selectors.two_step_device(request.user), "required": services.two_step_required()})


@login_required
def two_step_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), then enter a code to confirm."""
    if selectors.two_step_device(request.user) is not None:
        if not request.user.is_verified():
            return redirect(_keeping_next(request, "two_step_verify"))
        messages.success(request, "Two-step verification is already set up for your account")
        return redirect("two_step")
    device = services.two_step_enrolment_start(user=request.user)
    form = TwoStepCodeForm(request.POST or None)
    if submit(request, form, lambda d: services.two_step_enrolment_confirm(
            user=request.user, device=device, token=d["token"], request=request),
            success="Two-step verification is on. You will be asked for a code each time you sign in."):
        return redirect(_next_url(request, default="two_step"))
    return render(request, "accounts/two_step_setup.html", {
        "form": form, "required": services.two_step_required(), **services.two_step_setup_details(device)})


@login_required
def two_step_verify(request):
    """The second step of signing in: the code from the user's app."""
    device = selectors.two_step_device(request.user)
    if device is None:  # never set up, or reset by an administrator since sign-in
        request.session[services.SESSION_HAS_DEVICE] = False
        if services.two_step_required():
            return redirect(_keeping_next(request, "two_step_setup"))
        return redirect(_next_url(request))
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TwoStepCodeForm(request.POST or None)
    if submit(request, form, lambda d: services.two_step_verify(
            user=request.user, device=device, token=d["token"], request=request)):
        return redirect(_next_url(request))
    return render(request, "accounts/two_step_verify.html", {"form": form})


@login_required
def two_step_remove(request):
    """Turn two-step verification off (or move it to a new phone), with a current code from the app."""
    if selectors.two_step_device(request.user) is None:
        return redirect("two_step")
    form = TwoStepCodeForm(request.POST or None)
    if submit(request, form, lambda d: services.two_step_remove(user=request.user, token=d["token"], request=request),
              success=lambda _r: "Two-step verification is off for your account" + (
                  ": set up your app again to go on" if services.two_step_required() else "")):
        return redirect("two_step_setup" if services.two_step_required() else "two_step")
    return render(request, "accounts/two_step_remove.html", {"form": form, "required": services.two_step_required()})


@login_required
@require_POST
@require_perm(Perm.USERS_MANAGE)
def two_step_reset(request):
    """An administrator removes another user's app (a lost phone): they set a new one up next time."""
    form = TwoStepResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whose two-step verification to reset")
        return redirect("accounts_users")
    user = get_object_or_404(User, pk=form.cleaned_data["user"])
    try:
        services.two_step_reset(by=request.user, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Two-step verification reset for {user}: they will set up their app again "
                                  "when they next sign in")
    return redirect("accounts_users")


@require_perm(Perm.USERS_MANAGE)
def imported_staff(request):
    """The social workers imported returns named (SSDA903 SW_ID), without a login: the administrator
    chooses the real account for each, which then holds their allocation history."""
    if request.method == "POST":
        imported = get_object_or_404(User, pk=request.POST.get("imported"), imported=True)
        account = User.objects.filter(pk=request.POST.get("account") or None).first()
        if account is None:
            messages.error(request, f"Choose the account for {imported}")
            return redirect("accounts_imported_staff")
        try:
            moved = services.map_imported_staff(by=request.user, imported=imported, account=account)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{imported.swe_registration} is now {account}: {moved} allocations moved")
        return redirect("accounts_imported_staff")
    waiting = (User.objects.filter(imported=True, mapped_to__isnull=True)
               .annotate(allocations_held=Count("allocations")).order_by("swe_registration"))
    mapped = User.objects.filter(imported=True, mapped_to__isnull=False).select_related("mapped_to") \
        .order_by("swe_registration")
    accounts = User.objects.filter(is_active=True, imported=False).order_by("last_name", "first_name")
    return render(request, "accounts/imported_staff.html",
                  {"waiting": waiting, "mapped": mapped, "accounts": accounts})
