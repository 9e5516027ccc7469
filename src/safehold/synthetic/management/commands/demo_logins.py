"""`safehold demo_logins`: give the seeded demo accounts a password and print them (demo only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safehold.accounts.models import User
from safehold.synthetic.county import DEMO_ACCOUNTS

# The demo's published password; the command refuses to run outside DEBUG.
DEMO_PASSWORD = "safehold-demo"  # nosec B105


class Command(BaseCommand):
    help = "Set the demo password on one seeded login per role and print the logins (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins are only for the demo (DJANGO_DEBUG=1)")
        rows = []
        for username, _role, *_ in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No seeded user {username}: run `safehold seed` first")
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            rows.append((username, user.get_role_display(), str(user.team or user.service or "")))
        self.stdout.write("\nDemo logins (password for all: %s)\n" % DEMO_PASSWORD)
        width = max(len(r[0]) for r in rows)
        for username, role, team in rows:
            self.stdout.write(f"  {username.ljust(width)}  {role}{' - ' + team if team else ''}")
        self.stdout.write("\nOpen http://127.0.0.1:8000 and sign in.\n")
