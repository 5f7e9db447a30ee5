#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Production by default; development chooses DJANGO_SETTINGS_MODULE=onex.settings (make run does).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onex.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
