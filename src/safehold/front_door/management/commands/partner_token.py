"""`safehold partner_token USERNAME`: print a new API token for a partner agency user.

Only the token's SHA-256 hash is stored, so the token is shown this once. A token works for
SAFEHOLD_API_TOKEN_DAYS (default 90), then gets 401 saying it expired.

`--rotate` issues a new token and lets the user's old tokens keep working for an overlap
(SAFEHOLD_API_TOKEN_OVERLAP_HOURS, default 24, or `--overlap-hours N`; 0 ends them at once), so the
partner can change over without a gap; then they expire. `--revoke` revokes the user's live tokens at
once first (a lost or leaked token); `--revoke-only` revokes and issues nothing."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safehold.front_door.services import (
    partner_token_create,
    partner_token_rotate,
    partner_tokens_revoke,
    token_lifetime,
)


class Command(BaseCommand):
    help = "Print a new partner API token for USERNAME (only its hash is stored)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        how = parser.add_mutually_exclusive_group()
        how.add_argument("--rotate", action="store_true",
                         help="issue a new token; the user's old tokens stop working after the overlap")
        how.add_argument("--revoke", action="store_true", help="revoke the user's live tokens first, at once")
        how.add_argument("--revoke-only", action="store_true", help="revoke the user's live tokens and stop")
        parser.add_argument("--overlap-hours", type=float, default=None,
                            help="with --rotate: how long the old tokens keep working "
                                 "(default SAFEHOLD_API_TOKEN_OVERLAP_HOURS; 0: stop them now)")

    def handle(self, *args, username, rotate=False, revoke=False, revoke_only=False, overlap_hours=None,
               **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the username {username!r}")
        if overlap_hours is not None and not rotate:
            raise CommandError("--overlap-hours goes with --rotate")
        if revoke or revoke_only:
            count = partner_tokens_revoke(user=user)
            self.stderr.write(f"Revoked {count} token{'s' if count != 1 else ''} for {username}")
            if revoke_only:
                return
        try:
            if rotate:
                overlap = dt.timedelta(hours=overlap_hours) if overlap_hours is not None else None
                token, ends, count = partner_token_rotate(user=user, overlap=overlap)
                if count:
                    self.stderr.write(f"{count} old token{'s' if count != 1 else ''} for {username} stop"
                                      f"{'' if count != 1 else 's'} working at "
                                      f"{timezone.localtime(ends):%d/%m/%Y %H:%M}")
                else:
                    self.stderr.write(f"{username} had no other live token")
            else:
                token = partner_token_create(user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        expires = timezone.localtime(timezone.now() + token_lifetime())
        self.stderr.write(f"The new token works until about {expires:%d/%m/%Y %H:%M}; it is shown only now")
        self.stdout.write(token)
