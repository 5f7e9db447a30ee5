"""The API's views: read-only, scoped viewsets and the year figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, renderers, routers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from onex.accounts.services import api_token_issue, may_set_first_password
from onex.api import selectors
from onex.api import serializers as s
from onex.api.authentication import PasswordSetTokenAuthentication
from onex.api.filters import Param, QueryParamFilter, certificate_param, department_param, institution_param, year_param
from onex.api.pagination import ApiPagination
from onex.api.permissions import PagePolicy
from onex.api.schema import ApiAutoSchema
from onex.api.throttling import TokenObtainThrottle
from onex.core.fields import Level

# Token first, so that an anonymous request is told how to authenticate (401).


AUTHENTICATION = [PasswordSetTokenAuthentication, SessionAuthentication]


class ApiRootView(routers.APIRootView):
    authentication_classes = AUTHENTICATION
    schema = None


# A read-only resource whose rows come from a scoped selector (see selectors.py).
class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = AUTHENTICATION
    filter_backends = [QueryParamFilter]
    pagination_class = ApiPagination
    schema = ApiAutoSchema()
    filter_params: tuple[Param, ...] = ()
    lookup_value_regex = r"\d+"
    selector: Callable[[Any], QuerySet]

    def get_queryset(self) -> QuerySet:
        return type(self).selector(self.request.user)


class InstitutionViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.InstitutionSerializer
    selector = staticmethod(selectors.institutions_for)


class DepartmentViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.DepartmentSerializer
    selector = staticmethod(selectors.departments_for)
    filter_params = (institution_param(),)


class MajorViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.MajorSerializer
    selector = staticmethod(selectors.majors_for)
    filter_params = (institution_param(), department_param("department_id"))


class PilotViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.PilotSerializer
    selector = staticmethod(selectors.pilots_for)
    filter_params = (
        institution_param(),
        year_param("year"),
        certificate_param("certificate_id"),
        department_param("department_id"),
        Param("level", "level", gettext_lazy("Level"), choices=tuple(Level.values)),
    )


class RegistrationViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.RegistrationSerializer
    selector = staticmethod(selectors.registrations_for)
    filter_params = (
        institution_param("pilot__institution_id"),
        Param("pilot", "pilot_id", gettext_lazy("Pilot id")),
        year_param("pilot__year"),
        certificate_param("pilot__certificate_id"),
        department_param("pilot__department_id"),
    )


class StudentViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.StudentSerializer
    selector = staticmethod(selectors.students_for)
    filter_params = (
        institution_param(),
        department_param("class_group__major__department_id"),
        Param("class_group", "class_group_id", gettext_lazy("Class id")),
    )


class TeacherViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.TeacherSerializer
    selector = staticmethod(selectors.teachers_for)
    filter_params = (institution_param(), department_param("department_id"))


class CertificateViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.CertificateSerializer
    selector = staticmethod(selectors.certificates_for)
    filter_params = (Param("organization", "organization_id", gettext_lazy("Evaluation organization id")),)


class EvaluationOrganizationViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.EvaluationOrganizationSerializer
    selector = staticmethod(selectors.organizations_for)


class ExamSiteViewSet(ScopedReadOnlyViewSet):
    serializer_class = s.ExamSiteSerializer
    selector = staticmethod(selectors.exam_sites_for)
    filter_params = (institution_param(), certificate_param("certificates"))


# An institution's figures for a year: the same object as ``manage.py stats``.
class YearFiguresView(APIView):
    authentication_classes = AUTHENTICATION
    schema = ApiAutoSchema()

    @extend_schema(
        parameters=[s.YearFiguresQuerySerializer],
        responses=s.YearFiguresSerializer,
        description=gettext_lazy("An institution's figures for a year; a coordinator gets its department's."),
    )
    def get(self, request: Request) -> Response:
        query = s.YearFiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        code = query.validated_data.get("institution") or self._own_institution_code(request.user)
        figures = selectors.year_figures_for(request.user, institution_code=code, year=query.validated_data["year"])
        return Response(figures)

    @staticmethod
    def _own_institution_code(user: Any) -> str:
        if user.institution_id is None:
            raise ValidationError({"institution": _("This field is required.")})
        return user.institution.code


class TokenObtainView(APIView):
    parser_classes = [parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser]
    renderer_classes = [renderers.JSONRenderer]
    serializer_class = AuthTokenSerializer
    permission_classes = [PagePolicy]  # a public row: anyone may ask for a token with a password
    throttle_classes = [TokenObtainThrottle]
    schema = ApiAutoSchema()

    @extend_schema(
        request=AuthTokenSerializer,
        responses=s.TokenSerializer,
        description=gettext_lazy("Exchanges a user name and password for an API token."),
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)  # one password check: hashing is slow on purpose
        user = serializer.validated_data["user"]
        if may_set_first_password(user):
            raise PermissionDenied(_("Set a new password on the website before using the API."))
        # A new token each time: the key of an earlier one is not kept, and it may have expired.
        token, key = api_token_issue(user=user, request=request)
        return Response({"token": key, "expires": token.expires})
