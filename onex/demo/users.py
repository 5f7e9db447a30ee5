"""The demo logins, one per role, all with the password ``onex-demo``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password

from onex.accounts.models import User
from onex.accounts.services import user_create
from onex.core.roles import Role
from onex.demo import facts


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    who: str


def load_users(*, logins: list[tuple[str, str, dict[str, Any], str]]) -> list[Login]:
    """Create each missing login; ``logins`` holds (username, role, links, description)."""
    have = set(User.objects.filter(username__in=[u for u, *_ in logins]).values_list("username", flat=True))
    shown = []
    # The password is public and the same for every login: hash it once (a hash takes ~0.5 s).
    hashed = make_password(facts.PASSWORD) if len(have) < len(logins) else ""
    for username, role, links, who in logins:
        if username not in have:
            user = user_create(username=username, password=None, role=role, **links)
            user.password = hashed
            user.save(update_fields=["password"])
        shown.append(Login(username=username, role=str(Role(role).label), who=who))
    return shown
