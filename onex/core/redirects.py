"""Where to go after a page that takes a ``next`` parameter (下一页/跳转地址).

Only a path on this site is followed: ``//host``, ``/\\host`` and ``\\\\host`` are
read by browsers as another host, so they are refused like a full URL is.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(target: str) -> bool:
    """Whether ``target`` is a path on this site and nothing a browser would send elsewhere."""
    if not target.startswith("/") or "\\" in target:
        return False
    # Django's check also sees through control characters browsers drop ("/\t/host").
    return url_has_allowed_host_and_scheme(target, allowed_hosts=None)


def safe_next(request: HttpRequest, *, default: str) -> str:
    """The request's ``next`` (form first, then query) when it is a local path, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_local_path(target) else default


def with_next(url: str, target: str) -> str:
    """``url`` carrying ``target`` as its ``next`` parameter, encoded so its own query survives."""
    return f"{url}?{urlencode({'next': target})}"
