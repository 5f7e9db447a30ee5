from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle


class TokenObtainThrottle(SimpleRateThrottle):
    """Limits password attempts on the token endpoint per client address.

    The rate is ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"]`` when set.
    """

    scope = "api_token"
    default_rate = "10/minute"

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or self.default_rate

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
