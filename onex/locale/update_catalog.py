"""Refresh the project-wide catalog (onex/locale) and compile it.

    .venv/bin/python onex/locale/update_catalog.py

Extracts every msgid of the project (all apps, whatever per-app catalogs they
keep) and of django-unfold's templates and Python files, which ships no Chinese
catalog, into ``onex/locale/zh_Hans/LC_MESSAGES/django.po``, keeping the
translations already there, then compiles ``django.mo``. Extraction runs on a
copy of the tree so per-app catalogs (``onex/<app>/locale``) are left alone.
Entries left empty fall back to the other catalogs (Django's own, per-app ones);
fuzzy guesses are emptied. Needs GNU gettext (msgmerge, msgattrib, msgfmt).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import unfold

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
LANGUAGE = "zh_Hans"
CATALOG = HERE / LANGUAGE / "LC_MESSAGES" / "django.po"
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")


def _ignore(directory: str, names: list[str]) -> set[str]:
    skipped = {"__pycache__", "locale", "static", "migrations", "node_modules"}
    return {n for n in names if n in skipped or n.endswith((".pyc", ".mo"))}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="onex-i18n-") as tmp:
        root = Path(tmp) / "onex"
        shutil.copytree(PROJECT, root, ignore=_ignore)
        shutil.copytree(Path(unfold.__file__).parent, root / "_unfold", ignore=_ignore)
        if CATALOG.exists():
            (root / "locale" / LANGUAGE / "LC_MESSAGES").mkdir(parents=True)
            shutil.copy2(CATALOG, root / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po")
        else:
            (root / "locale").mkdir()
        subprocess.run(
            [
                str(DJANGO_ADMIN),
                "makemessages",
                "-l",
                LANGUAGE,
                "-e",
                "html,txt,py",
                "--add-location=file",
                "--no-obsolete",
            ],
            cwd=root,
            check=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ""},
        )
        CATALOG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po", CATALOG)
    # A fuzzy guess from a similar msgid is worse than the fallback catalogs: empty it.
    subprocess.run(
        ["msgattrib", "--clear-fuzzy", "--empty", "--clear-previous", "-o", str(CATALOG), str(CATALOG)], check=True
    )
    subprocess.run(["msgfmt", "--check-format", "-o", str(CATALOG.with_suffix(".mo")), str(CATALOG)], check=True)


if __name__ == "__main__":
    main()
