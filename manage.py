#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Development by default (with this installation's generated key); a server chooses
    # onex.settings.production, which is also the default of onex.wsgi.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onex.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
