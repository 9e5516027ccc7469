"""Sign-in events into the audit log (issue 15.4): every sign-in, sign-out and failed attempt; and the
events accounts publishes for the apps above it (it imports none of them).

`staff_mapped(sender=User, imported=..., account=...)`: an administrator said which account an imported
staff record is, inside the transaction that maps it. Each receiver moves what the imported record holds
to the account and returns how many rows it moved (casework: the child allocations)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_sign_in_event

staff_mapped = Signal()


@receiver(user_logged_in, dispatch_uid="safehold_audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    audit_sign_in_event(action=AuditAction.AUTH_SIGN_IN, user=user)
    if request is not None and hasattr(request, "session"):
        # Whether the next pages must ask for a code (accounts.middleware), without a query on each of them.
        from .selectors import two_step_device  # noqa: PLC0415
        from .services import SESSION_HAS_DEVICE  # noqa: PLC0415

        request.session[SESSION_HAS_DEVICE] = two_step_device(user) is not None


@receiver(user_logged_out, dispatch_uid="safehold_audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_sign_in_event(action=AuditAction.AUTH_SIGN_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="safehold_audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    audit_sign_in_event(action=AuditAction.AUTH_SIGN_IN_FAILED, username=str(credentials.get("username", "")),
                        reason="Locked out after too many failures" if locked else "")
