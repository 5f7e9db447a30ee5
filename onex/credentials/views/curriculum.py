"""Pages for 书证融通 (module coverage, course mapping) and credit conversions."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onex.catalog.models import SkillModule
from onex.core.access import can_post, page, page_allowed
from onex.core.pages import staff_render
from onex.core.roles import Role
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.core.spreadsheets import write_xlsx
from onex.credentials.models import Course, CreditConversion
from onex.credentials.services.credits import conversions_with_joins, credit_conversion_decide
from onex.credentials.services.curriculum import course_modules_set, module_coverage

READERS = (Role.OFFICE, Role.COORDINATOR, Role.LEADER)


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else timezone.localdate().year


@page
def coverage(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = module_coverage(institution_id=request.user.institution_id, year=year)
    courses = scope_queryset(Course.objects.select_related("major"), request.user)
    return staff_render(
        request,
        "credentials/coverage.html",
        {
            "rows": rows,
            "year": year,
            "courses": courses,
            "can_edit": page_allowed(request.user, "credentials:course_modules"),
        },
    )


class CourseModulesForm(forms.Form):
    modules = forms.ModelMultipleChoiceField(queryset=SkillModule.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = SkillModule.objects.select_related("certificate").order_by(
            "certificate__name_pinyin", "level", "code"
        )


@page
def course_modules(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_for_user(Course.objects.select_related("major"), request.user, pk=pk)
    current = list(course.coursemodulemap_set.values_list("skill_module_id", flat=True))
    form = CourseModulesForm(request.POST or None, initial={"modules": current})
    if request.method == "POST" and form.is_valid():
        try:
            course_modules_set(
                course=course,
                module_ids=[m.pk for m in form.cleaned_data["modules"]],
                actor=request.user,
                request=request,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The course's skill modules were saved."))
            return redirect("credentials:coverage")
    return staff_render(request, "credentials/course_modules.html", {"course": course, "form": form})


@page
def conversions(request: HttpRequest) -> HttpResponse:
    qs = conversions_with_joins(scope_queryset(CreditConversion.objects.all(), request.user))[:500]
    return staff_render(
        request,
        "credentials/conversions.html",
        {"conversions": qs, "can_decide": can_post(request.user, "credentials:conversion_decide")},
    )


@page
@require_POST
def conversion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    conversion = get_object_for_user(CreditConversion.objects.select_related("rule"), request.user, pk=pk)
    try:
        credit_conversion_decide(
            conversion=conversion,
            approve=request.POST.get("decision") == "approve",
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("credentials:conversions")


@page
def conversions_export(request: HttpRequest) -> HttpResponse:
    qs = conversions_with_joins(scope_queryset(CreditConversion.objects.all(), request.user))
    headers = [
        _("Student number"),
        _("Name"),
        _("Certificate"),
        _("Certificate number"),
        _("Course code"),
        _("Course"),
        _("Credits"),
        _("Status"),
    ]
    rows = (
        [
            c.issued_certificate.registration.student.student_number,
            c.issued_certificate.registration.student.name,
            c.issued_certificate.registration.pilot.certificate.name,
            c.issued_certificate.number,
            c.rule.course.code,
            c.rule.course.name,
            c.credits,
            c.get_status_display(),
        ]
        for c in qs
    )
    buffer = io.BytesIO()
    write_xlsx(buffer, headers=headers, rows=rows, text_columns=(0, 3, 4), sheet_name=_("Credit conversions"))
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="credit-conversions.xlsx"'
    return response
