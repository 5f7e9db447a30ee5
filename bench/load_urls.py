"""The project's URLs plus ``/bench/ping/``: a logged-in trivial view, the baseline of bench/load.py."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from onex.urls import urlpatterns as project


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), *project]
