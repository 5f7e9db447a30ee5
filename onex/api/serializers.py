"""Read-only representations. Personal identifiers appear masked only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.crypto import mask_phone
from onex.exams.models import ExamSite
from onex.org.models import Department, Institution, Major, Student, Teacher
from onex.pilots.figures import Counts
from onex.pilots.models import Pilot, Registration


def rate_field() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=2, help_text=_("Percentage, two decimals"))


class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "code", "name", "province"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "institution", "code", "name"]


class MajorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Major
        fields = ["id", "institution", "department", "code", "name"]


class EvaluationOrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationOrganization
        fields = ["id", "name", "short_name"]


class CertificateSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "code", "name", "organization", "organization_name", "levels"]


class PilotSerializer(serializers.ModelSerializer):
    """A pilot with the figures of ``onex.pilots.figures``."""

    certificate_name = serializers.CharField(source="certificate.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    registered = serializers.IntegerField(read_only=True)
    completed = serializers.IntegerField(read_only=True)
    completion_rate = serializers.SerializerMethodField()
    passed = serializers.IntegerField(read_only=True)
    pass_rate = serializers.SerializerMethodField()
    certified = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pilot
        fields = [
            "id",
            "institution",
            "year",
            "certificate",
            "certificate_name",
            "level",
            "department",
            "department_name",
            "majors",
            "quota",
            "fee_per_candidate",
            "status",
            "registered",
            "completed",
            "completion_rate",
            "passed",
            "pass_rate",
            "certified",
        ]

    @staticmethod
    def _counts(pilot: Pilot) -> Counts:
        counts = Counts()
        counts.add(pilot)
        return counts

    @extend_schema_field(rate_field())
    def get_completion_rate(self, pilot: Pilot) -> str:
        return str(self._counts(pilot).completion_rate)

    @extend_schema_field(rate_field())
    def get_pass_rate(self, pilot: Pilot) -> str:
        return str(self._counts(pilot).pass_rate)


class RegistrationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="pilot.year", read_only=True)
    certificate = serializers.IntegerField(source="pilot.certificate_id", read_only=True)
    certificate_name = serializers.CharField(source="pilot.certificate.name", read_only=True)
    level = serializers.CharField(source="pilot.level", read_only=True)
    student_name = serializers.CharField(source="student.name", read_only=True)
    student_number = serializers.CharField(source="student.student_number", read_only=True)
    id_number_masked = serializers.CharField(source="student.id_number_masked", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "pilot",
            "year",
            "certificate",
            "certificate_name",
            "level",
            "student",
            "student_name",
            "student_number",
            "id_number_masked",
            "trainee_type",
            "applied_on",
            "department_approved_on",
            "filed_on",
            "withdrawn_on",
        ]


class MaskedPhoneField(serializers.CharField):
    def to_representation(self, value: Any) -> str:
        return mask_phone(str(value))


class StudentSerializer(serializers.ModelSerializer):
    phone = MaskedPhoneField(read_only=True)
    class_group_name = serializers.CharField(source="class_group.name", read_only=True, default=None)
    major = serializers.IntegerField(source="class_group.major_id", read_only=True, default=None)
    department = serializers.IntegerField(source="class_group.major.department_id", read_only=True, default=None)

    class Meta:
        model = Student
        fields = [
            "id",
            "institution",
            "student_number",
            "name",
            "gender",
            "id_type",
            "id_number_masked",
            "phone",
            "class_group",
            "class_group_name",
            "major",
            "department",
            "is_external",
        ]


class TeacherSerializer(serializers.ModelSerializer):
    phone = MaskedPhoneField(read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Teacher
        fields = [
            "id",
            "institution",
            "department",
            "department_name",
            "staff_number",
            "name",
            "gender",
            "title",
            "is_dual_qualified",
            "phone",
        ]


class ExamSiteSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = ExamSite
        fields = [
            "id",
            "institution",
            "name",
            "organization",
            "organization_name",
            "certificates",
            "location",
            "year_built",
            "accredited_on",
            "open_to_public",
        ]


class CertificateFiguresSerializer(serializers.Serializer):
    certificate = serializers.CharField()
    level = serializers.CharField()
    registered = serializers.IntegerField()
    completed = serializers.IntegerField()
    completion_rate = rate_field()
    passed = serializers.IntegerField()
    pass_rate = rate_field()
    certified = serializers.IntegerField()


class YearFiguresSerializer(serializers.Serializer):
    """Describes the object of ``manage.py stats`` (built by ``YearFigures.as_json``)."""

    institution = serializers.CharField()
    year = serializers.IntegerField()
    certificates = serializers.IntegerField(help_text=_("Number of pilots"))
    registered = serializers.IntegerField()
    completed = serializers.IntegerField()
    completion_rate = rate_field()
    passed = serializers.IntegerField()
    pass_rate = rate_field()
    certified = serializers.IntegerField()
    certification_rate = rate_field()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_certificate = CertificateFiguresSerializer(many=True)


class YearFiguresQuerySerializer(serializers.Serializer):
    institution = serializers.CharField(
        required=False, help_text=_("Institution code; defaults to the user's own institution")
    )
    year = serializers.IntegerField(min_value=2019, max_value=2100)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()
