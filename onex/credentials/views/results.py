"""Amending an approved result (成绩更正), whose certificate (证书) follows it.

The page belongs to the results pages of a pilot (its URL is ``exams:result_amend``), but lives
here because amending a result may revoke (撤销) its certificate, and exams sits below credentials.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onex.core.access import page
from onex.core.scoping import get_object_for_user
from onex.credentials.services import result_amend
from onex.exams import services as exams
from onex.exams.forms.results import AmendForm
from onex.exams.pages import render_page
from onex.pilots.models import Pilot


@page
@require_http_methods(["GET", "POST"])
def result_amend_page(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    pilot = get_object_for_user(
        Pilot.objects.select_related("certificate", "department", "institution", "results_approved_by"),
        request.user,
        pk=pk,
    )
    registration = exams.registered_candidates(pilot=pilot).filter(pk=registration_pk).first()
    if registration is None:
        raise Http404
    if pilot.results_approved_at is None:
        messages.info(request, _("The results are not approved yet: change them in the grid."))
        return redirect("exams:results", pk=pilot.pk)
    result = getattr(registration, "result", None)
    initial = {}
    if result is not None:
        initial = {
            "theory_score": result.theory_score,
            "practical_score": result.practical_score,
            "absent": result.outcome == "absent",
        }
    form = AmendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _result, changed = result_amend(
                registration=registration,
                theory_score=data["theory_score"],
                practical_score=data["practical_score"],
                absent=data["absent"],
                reason=data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if changed:
                messages.success(request, _("The result was amended; the amendment is in the audit trail."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("exams:results", pk=pilot.pk)
    return render_page(
        request,
        "exams/results_amend.html",
        _("Amend a result"),
        pilot=pilot,
        registration=registration,
        result=result,
        form=form,
    )


# Mounted with the exams URLs (namespace ``exams``) by the project's URLconf.
exams_urlpatterns = [
    path("pilots/<int:pk>/results/<int:registration_pk>/amend/", result_amend_page, name="result_amend"),
]
