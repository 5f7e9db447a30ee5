"""The back office of institutions and people (院校, 系部, 专业, 班级, 教师, 学生).

These have no work pages: the back office is where the office keeps them, so its
saves go through the org services (a new row through its ``*_create`` service).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from unfold.decorators import action

from onex.audit.modeladmin import ScopedModelAdmin
from onex.core import crypto
from onex.core.access import may
from onex.org.models import ClassGroup, Department, IdType, Institution, Major, Student, Teacher
from onex.org.services import (
    class_group_create,
    department_create,
    institution_create,
    major_create,
    student_create,
    student_reveal_id_number,
    student_update,
    teacher_create,
)


class CreatedByService(ScopedModelAdmin):
    """A ModelAdmin whose new rows are made by the app's create service, fed the form's values."""

    create_fields: tuple[str, ...] = ()
    create: Callable[..., Any]  # the service, as a staticmethod

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:  # no update service: the row is validated as a whole, as the services do
            super().save_model(request, obj, form, change)
            return
        saved = self.create(**{name: getattr(obj, name) for name in self.create_fields})
        obj.__dict__.update(saved.__dict__)


@admin.register(Institution)
class InstitutionAdmin(CreatedByService):
    create_fields = ("code", "name", "province")
    create = staticmethod(institution_create)
    list_display = ("pinyin_name", "code", "province")
    search_fields = ("name", "code", "name_pinyin")
    list_filter = ("province",)
    ordering = ("name_pinyin", "code")


@admin.register(Department)
class DepartmentAdmin(CreatedByService):
    create_fields = ("institution", "name", "code")
    create = staticmethod(department_create)
    list_display = ("pinyin_name", "code", "institution")
    search_fields = ("name", "code", "name_pinyin")
    list_filter = ("institution",)
    list_select_related = ("institution",)
    ordering = ("name_pinyin",)


@admin.register(Major)
class MajorAdmin(CreatedByService):
    create_fields = ("department", "name", "code")
    create = staticmethod(major_create)
    list_display = ("pinyin_name", "code", "department", "institution")
    search_fields = ("name", "code", "name_pinyin")
    list_filter = ("department", "institution")
    list_select_related = ("department", "institution")
    ordering = ("name_pinyin",)
    exclude = ("institution",)

    def prepare_object(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().prepare_object(request, obj, form, change)
        obj.institution_id = obj.department.institution_id


@admin.register(ClassGroup)
class ClassGroupAdmin(CreatedByService):
    create_fields = ("major", "name", "entry_year")
    create = staticmethod(class_group_create)
    list_display = ("name", "entry_year", "major", "institution")
    search_fields = ("name",)
    list_filter = ("entry_year", "major__department", "major", "institution")
    list_select_related = ("major", "institution")
    ordering = ("-entry_year", "name")
    exclude = ("institution",)

    def prepare_object(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().prepare_object(request, obj, form, change)
        obj.institution_id = obj.major.institution_id


@admin.register(Teacher)
class TeacherAdmin(CreatedByService):
    create_fields = ("department", "staff_number", "name", "gender", "title", "is_dual_qualified", "phone")
    create = staticmethod(teacher_create)
    list_display = ("pinyin_name", "staff_number", "department", "title", "is_dual_qualified", "institution")
    search_fields = ("name", "staff_number", "name_pinyin", "phone")
    list_filter = ("is_dual_qualified", "gender", "department", "institution")
    list_select_related = ("department", "institution")
    ordering = ("name_pinyin", "id")
    exclude = ("institution",)

    def prepare_object(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().prepare_object(request, obj, form, change)
        obj.institution_id = obj.department.institution_id


class StudentForm(forms.ModelForm):
    """The ID number is typed in clear here and stored encrypted by the services; never shown back."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        strip=True,
        help_text=_("Stored encrypted. Leave empty to keep the current number."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Student
        fields = ("institution", "name", "student_number", "gender", "id_type", "phone", "class_group", "is_external")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = (data.get("id_number") or "").upper()
        if not number and self.instance.pk is None:
            self.add_error("id_number", _("Enter the ID number."))
        if number and data.get("id_type") == IdType.RESIDENT and not ric.is_valid(number):
            self.add_error("id_number", _("This is not a valid resident ID number."))
        group = data.get("class_group")
        institution = data.get("institution")
        if group is not None and institution is not None and group.institution_id != institution.pk:
            self.add_error("class_group", _("The class belongs to another institution."))
        if number and institution is not None:
            clash = Student.objects.filter(institution=institution, id_number_hash=crypto.lookup_hash(number))
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("id_number", _("A student with this ID number already exists."))
        data["id_number"] = number
        return data


_REVEAL_TEMPLATE = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}{% load i18n %}
{% block content %}
<div class="max-w-xl">
  <h2 class="font-semibold mb-4">{{ student.name }}</h2>
  {% if id_number %}
    <p class="mb-2">{% translate "ID number" %}: <strong class="font-mono">{{ id_number }}</strong></p>
    <p class="text-sm">{% translate "This reveal has been recorded in the audit trail." %}</p>
  {% else %}
    <p class="mb-4">{% translate "Show the full ID number? Every reveal is recorded in the audit trail." %}</p>
    <form method="post">{% csrf_token %}
      <button type="submit" class="bg-primary-600 text-white px-3 py-2 rounded">
        {% translate "Reveal ID number" %}</button>
    </form>
  {% endif %}
  <p class="mt-4"><a class="underline" href="{{ back_url }}">{% translate "Back" %}</a></p>
</div>
{% endblock %}"""
)


@admin.register(Student)
class StudentAdmin(ScopedModelAdmin):
    form = StudentForm
    list_display = (
        "pinyin_name",
        "student_number",
        "id_number_masked",
        "gender",
        "class_group",
        "is_external",
        "institution",
    )
    search_fields = ("name", "student_number", "name_pinyin", "phone")
    list_filter = ("is_external", "gender", "id_type", "class_group__major__department", "institution")
    list_select_related = ("class_group", "institution")
    ordering = ("name_pinyin", "id")
    readonly_fields = ("id_number_masked",)
    actions_detail = ["reveal_id_number"]

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> tuple[Any, bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().upper()
        if len(term) >= 6:
            # A full ID number finds its student through the lookup hash, never by decrypting.
            results = results | queryset.filter(id_number_hash=crypto.lookup_hash(term))
        return results, may_have_duplicates

    def has_reveal_id_number_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # unfold asks with the object's id; the row itself is found through the scoping (404 outside it).
        return bool(
            request.user.is_staff and may(request.user, "student.reveal_id", obj if isinstance(obj, Student) else None)
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        fields = {name: data[name] for name in StudentForm.Meta.fields if name in data}
        if change:
            # ``obj`` already carries the form's values; the service compares against the stored row.
            stored = Student.objects.get(pk=obj.pk)
            saved = student_update(
                student=stored, actor=request.user, request=request, id_number=data.get("id_number", ""), **fields
            )
        else:
            saved = student_create(id_number=data["id_number"], actor=request.user, **fields)
        obj.__dict__.update(saved.__dict__)
        form._onex_audited = True

    @action(description=_("Reveal ID number"), url_path="reveal-id-number", permissions=["reveal_id_number"])
    def reveal_id_number(self, request: HttpRequest, object_id: str) -> HttpResponse:
        student = self.get_object(request, object_id)
        if student is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reveal ID number"),
            "student": student,
            "id_number": "",
            "back_url": "../change/",
        }
        if request.method == "POST":
            context["id_number"] = student_reveal_id_number(student=student, actor=request.user, request=request)
        response = HttpResponse(_REVEAL_TEMPLATE.render(context, request))
        response["Cache-Control"] = "no-store"
        return response
