"""The results pages of a pilot (成绩): the grid, the pass rule, approval and amendment (成绩更正).

Their URLs are in the ``exams`` namespace, but they live here because a result's certificate
(证书) follows it: a pass changed to a fail revokes (撤销) the certificate, a new pass waits for one,
and exams sits below credentials. The office enters, approves and amends; coordinators of the
pilot's department, leadership and the province read. Each view authorises, validates a form,
calls one service and redirects.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onex.audit.models import AuditEvent
from onex.core.access import can_post, page
from onex.core.scoping import get_object_for_user
from onex.credentials import services as credentials
from onex.credentials.services import result_amend
from onex.exams import services as exams
from onex.exams.forms.results import AmendForm, PassRuleForm, ResultFormSet
from onex.exams.models import Outcome, Result, Seat
from onex.exams.pages import messages_to_form, render_page
from onex.pilots.figures import pilot_counts, pilots_with_figures
from onex.pilots.models import Pilot, Registration

PREFIX = "r"


def _pilot(request: HttpRequest, pk: int) -> Pilot:
    return get_object_for_user(
        Pilot.objects.select_related("certificate", "department", "institution", "results_approved_by"),
        request.user,
        pk=pk,
    )


def _initial(registration: Registration) -> dict[str, Any]:
    result = getattr(registration, "result", None)
    if result is None:
        return {"registration": registration.pk}
    return {
        "registration": registration.pk,
        "theory_score": result.theory_score,
        "practical_score": result.practical_score,
        "absent": result.outcome == "absent",
    }


def _seats(pilot: Pilot) -> dict[int, list[Seat]]:
    seats: dict[int, list[Seat]] = defaultdict(list)
    for seat in (
        Seat.objects.filter(session__pilot=pilot).select_related("session__room").order_by("session__starts_at")
    ):
        seats[seat.registration_id].append(seat)
    return seats


def _amendments(pilot: Pilot) -> list[dict[str, Any]]:
    """The audit trail's amendments of the pilot's results, newest first, with outcomes in words."""
    ids = [str(pk) for pk in Result.objects.filter(registration__pilot=pilot).values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(action="result.amend", target_type="exams.result", target_id__in=ids)[:200]
    return [{"event": e, "before": _shown(e.before), "after": _shown(e.after)} for e in events]


def _shown(values: dict[str, Any] | None) -> str:
    if not values:
        return "—"
    scores = " / ".join(
        str(values.get(k) if values.get(k) is not None else "—")
        for k in ("theory_score", "practical_score", "total_score")
    )
    outcome = values.get("outcome")
    label = Outcome(outcome).label if outcome in Outcome.values else (outcome or "")
    return f"{scores} · {label}"


def _grid_page(
    request: HttpRequest,
    pilot: Pilot,
    *,
    formset: Any = None,
    rule_form: PassRuleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    candidates = list(exams.registered_candidates(pilot=pilot))
    approved = pilot.results_approved_at is not None
    editable = can_post(request.user, "exams:schedule") and not approved
    if editable and formset is None:
        formset = ResultFormSet(initial=[_initial(r) for r in candidates], prefix=PREFIX)
    if editable and rule_form is None:
        rule_form = PassRuleForm(
            initial={
                "pass_mark": pilot.pass_mark,
                "theory_weight": pilot.theory_weight,
                "both_parts_required": pilot.both_parts_required,
            }
        )
    forms = {}
    if formset is not None:
        for form in formset.forms:
            value = form["registration"].value()
            forms[int(value) if str(value).isdigit() else None] = form
    seats = _seats(pilot)
    rows = [
        {"registration": r, "result": getattr(r, "result", None), "form": forms.get(r.pk), "seats": seats.get(r.pk, [])}
        for r in candidates
    ]
    counts = pilot_counts(pilots_with_figures(pilots=Pilot.objects.filter(pk=pilot.pk)).get())
    response = render_page(
        request,
        "exams/results.html",
        _("Results: %(pilot)s") % {"pilot": pilot},
        pilot=pilot,
        rows=rows,
        formset=formset,
        rule_form=rule_form,
        editable=editable,
        approved=approved,
        can_amend=approved and can_post(request.user, "exams:schedule"),
        can_approve=not approved and can_post(request.user, "exams:schedule"),
        counts=counts,
        amendments=_amendments(pilot),
    )
    response.status_code = status
    return response


@page
@require_http_methods(["GET", "POST"])
def results_grid(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    if request.method == "GET":
        return _grid_page(request, pilot)
    if pilot.results_approved_at is not None:
        messages.error(request, _("The results of this pilot were approved; amend a result with a reason instead."))
        return redirect("exams:results", pk=pilot.pk)
    formset = ResultFormSet(request.POST, prefix=PREFIX)
    if formset.is_valid() or not formset.non_form_errors():
        entries = _entries(pilot, formset)
        if formset.is_valid():
            try:
                saved = credentials.results_grid_save(pilot=pilot, entries=entries, actor=request.user, request=request)
            except ValidationError as exc:
                _errors_to_rows(request, formset, exc)
            else:
                messages.success(
                    request,
                    _("Results saved: %(recorded)s recorded, %(updated)s changed, %(unchanged)s unchanged.")
                    % {"recorded": saved.recorded, "updated": saved.updated, "unchanged": saved.unchanged},
                )
                return redirect("exams:results", pk=pilot.pk)
        else:
            # Some rows were not even numbers: show what the service would say of the others too.
            problems = exams.results_grid_problems(pilot=pilot, entries=entries)
            _errors_to_rows(request, formset, ValidationError(problems) if problems else ValidationError({}))
    messages.error(request, _("Nothing was saved. Correct the rows marked below."))
    return _grid_page(request, pilot, formset=formset, status=400)


def _entries(pilot: Pilot, formset: Any) -> list[exams.ResultEntry]:
    """The rows that parsed, as the service takes them; a candidate not registered is marked on its row."""
    registered = {r.pk: r for r in exams.registered_candidates(pilot=pilot)}
    entries = []
    for form in formset.forms:
        if not form.is_valid():
            continue
        data = form.cleaned_data
        registration = registered.get(data["registration"])
        if registration is None:
            form.add_error(None, _("This candidate is not registered for the pilot."))
            continue
        entries.append(
            exams.ResultEntry(
                registration=registration,
                theory_score=data["theory_score"],
                practical_score=data["practical_score"],
                absent=data["absent"],
            )
        )
    return entries


def _errors_to_rows(request: HttpRequest, formset: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            messages.error(request, message)
        return
    by_registration = {str(form["registration"].value()): form for form in formset.forms}
    for key, problems in exc.message_dict.items():
        form = by_registration.get(key)
        for problem in problems:
            if form is not None:
                form.add_error(None, problem)


@page
@require_POST
def pass_rule(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    form = PassRuleForm(request.POST)
    if form.is_valid():
        try:
            changed = credentials.results_pass_rule_set(
                pilot=pilot,
                pass_mark=form.cleaned_data["pass_mark"],
                theory_weight=form.cleaned_data["theory_weight"],
                both_parts_required=form.cleaned_data["both_parts_required"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            messages_to_form(form, exc)
        else:
            messages.success(request, _("Pass rule saved; %(n)s recorded result(s) recomputed by it.") % {"n": changed})
            return redirect("exams:results", pk=pilot.pk)
    pilot.refresh_from_db()
    return _grid_page(request, pilot, rule_form=form, status=400)


@page
@require_http_methods(["GET", "POST"])
def results_approve(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    if pilot.results_approved_at is not None:
        messages.info(request, _("The results of this pilot were already approved."))
        return redirect("exams:results", pk=pilot.pk)
    if request.method == "POST":
        try:
            count = exams.results_approve(pilot=pilot, actor=request.user, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s result(s) approved and locked.") % {"n": count})
        return redirect("exams:results", pk=pilot.pk)
    candidates = list(exams.registered_candidates(pilot=pilot))
    missing = [r for r in candidates if getattr(r, "result", None) is None]
    return render_page(
        request,
        "exams/results_approve.html",
        _("Approve the results"),
        pilot=pilot,
        registered=len(candidates),
        recorded=len(candidates) - len(missing),
        missing=missing,
    )


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
            messages_to_form(form, exc)
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
    path("pilots/<int:pk>/results/", results_grid, name="results"),
    path("pilots/<int:pk>/results/pass-rule/", pass_rule, name="pass_rule"),
    path("pilots/<int:pk>/results/approve/", results_approve, name="results_approve"),
    path("pilots/<int:pk>/results/<int:registration_pk>/amend/", result_amend_page, name="result_amend"),
]
