"""`safehold partner_token USERNAME`: print a new API token for a partner agency user.

Only the token's SHA-256 hash is stored, so the token is shown this once. `--revoke` revokes the
user's live tokens first (a lost or leaked token)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safehold.front_door.services import partner_token_create, partner_tokens_revoke


class Command(BaseCommand):
    help = "Print a new partner API token for USERNAME (only its hash is stored)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="revoke the user's live tokens first")
        parser.add_argument("--revoke-only", action="store_true", help="revoke the user's live tokens and stop")

    def handle(self, *args, username, revoke=False, revoke_only=False, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the username {username!r}")
        if revoke or revoke_only:
            count = partner_tokens_revoke(user=user)
            self.stderr.write(f"Revoked {count} token{'s' if count != 1 else ''} for {username}")
            if revoke_only:
                return
        try:
            token = partner_token_create(user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(token)
