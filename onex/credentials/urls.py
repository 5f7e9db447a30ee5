from django.urls import path

from onex.credentials.views import certificates as views
from onex.credentials.views import curriculum as views_curriculum

app_name = "credentials"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("revoke/", views.certificate_revoke, name="revoke"),
    path("coverage/", views_curriculum.coverage, name="coverage"),
    path("courses/<int:pk>/modules/", views_curriculum.course_modules, name="course_modules"),
    path("conversions/", views_curriculum.conversions, name="conversions"),
    path("conversions/<int:pk>/decide/", views_curriculum.conversion_decide, name="conversion_decide"),
    path("conversions/export/", views_curriculum.conversions_export, name="conversions_export"),
]

# Public: mounted at the site root by onex/urls.py.
public_urlpatterns = [
    path("verify/check/", views.check, name="verify_check"),
    path("verify/status/<int:number>", views.status_list, name="status_list"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("verify/<str:code>/qr.svg", views.verify_qr, name="verify_qr"),
    path("verify/<str:code>/credential", views.credential, name="credential"),
    path(".well-known/did.json", views.did_json, name="did_json"),
]
