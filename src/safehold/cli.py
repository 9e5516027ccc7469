"""The `safehold` console command: Django's management commands with Safehold's settings.

`safehold migrate`, `safehold seed`, `safehold runserver`, `safehold due ...` work from any folder
once the package is installed. DJANGO_SETTINGS_MODULE may still be set to override the default.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings.base")

    execute_from_command_line(["safehold", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
