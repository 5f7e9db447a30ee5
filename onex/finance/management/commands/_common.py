from django.core.management.base import CommandError

from onex.org.models import Institution


def institution_by_code(code: str) -> Institution:
    try:
        return Institution.objects.get(code=code)
    except Institution.DoesNotExist as exc:
        raise CommandError(f"No institution with code {code!r}.") from exc
