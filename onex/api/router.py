"""The one router of ``/api/v1/``: add a resource by registering its viewset here.

A viewset subclasses ``onex.api.views.ScopedReadOnlyViewSet`` (or at least scopes its
queryset with ``onex.core.scoping.scope_queryset``) and may live in its own app. The role
tests (``onex/api/tests/test_roles.py``) refuse a registered resource without expectations.
"""

from rest_framework.routers import DefaultRouter

from onex.api import views

router = DefaultRouter()
router.APIRootView = views.ApiRootView
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("majors", views.MajorViewSet, basename="major")
router.register("students", views.StudentViewSet, basename="student")
router.register("teachers", views.TeacherViewSet, basename="teacher")
router.register("evaluation-organizations", views.EvaluationOrganizationViewSet, basename="evaluation-organization")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("pilots", views.PilotViewSet, basename="pilot")
router.register("registrations", views.RegistrationViewSet, basename="registration")
router.register("exam-sites", views.ExamSiteViewSet, basename="exam-site")
