"""``Cache-Control: no-store`` on responses that carry personal data (个人信息) a cache must not keep.

These are the API's answers and every download (a response with a Content-Disposition: the
rosters, lists and exports that can hold full ID numbers, 身份证号). Applied once, as a middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

API_NAMESPACE = "api"


def _is_sensitive(request: HttpRequest, response: HttpResponse) -> bool:
    # Any disposition, not only "attachment": a header with a Chinese file name may arrive encoded.
    if response.has_header("Content-Disposition"):
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and API_NAMESPACE in match.namespaces


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_sensitive(request, response):
            patch_cache_control(response, no_store=True, private=True)
        return response
