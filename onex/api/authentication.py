"""Token authentication (API 令牌) for a user allowed to use the API now: a token expires and can be revoked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

from onex.accounts.models import ApiToken
from onex.accounts.services import api_token_hash, api_token_touch, may_set_first_password


class PasswordSetTokenAuthentication(TokenAuthentication):
    """Our tokens, by the hash of their key; refuses a user who must first set a new password on the website."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = ApiToken.objects.select_related("user").filter(key_hash=api_token_hash(key)).first()
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if token.revoked is not None:
            raise AuthenticationFailed(_("This token was revoked; ask for a new one with your user name and password."))
        if token.is_expired:
            raise AuthenticationFailed(_("This token has expired; ask for a new one with your user name and password."))
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if may_set_first_password(user):
            raise PermissionDenied(_("Set a new password on the website before using the API."))
        api_token_touch(token=token)
        return user, token
