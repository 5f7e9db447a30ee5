"""Token authentication for a user allowed to use the API now."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import PermissionDenied

from onex.accounts.services import may_set_first_password


class PasswordSetTokenAuthentication(TokenAuthentication):
    """Refuses a user who must first set a new password on the website, whatever token they hold."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if may_set_first_password(user):
            raise PermissionDenied(_("Set a new password on the website before using the API."))
        return user, token
