"""A fixed-window request limit per client address, kept in the cache."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def ratelimit(*, key: str, limit: int, window: int = 60) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            bucket = int(time.time() // window)
            address = request.META.get("REMOTE_ADDR", "")
            cache_key = f"ratelimit:{key}:{address}:{bucket}"
            cache.add(cache_key, 0, timeout=window)
            try:
                count = cache.incr(cache_key)
            except ValueError:
                count = 1
            if count > limit:
                response = HttpResponse(_("Too many requests. Please wait a minute and try again."), status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
