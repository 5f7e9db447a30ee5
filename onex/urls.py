from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from onex.audit.views import view_on_site
from onex.core.access import page
from onex.credentials.urls import public_urlpatterns as verification
from onex.credentials.views.results import exams_urlpatterns as result_amendment
from onex.exams.urls import training_urlpatterns as teacher_training
from onex.exams.urls import urlpatterns as exams_urlpatterns
from onex.training.urls import urlpatterns as training

urlpatterns = [
    path("i18n/setlang/", page(set_language), name="set_language"),
    # Ahead of the admin site's own shortcut, which answers unscoped.
    path("admin/r/<int:content_type_id>/<path:object_id>/", view_on_site, name="admin_view_on_site"),
    path("admin/", admin.site.urls),
    path("api/", include("onex.api.urls")),
    path("accounts/", include("onex.accounts.urls")),
    path("accounts/", include("onex.accounts.otp")),
    path("org/", include("onex.org.urls")),
    path("pilots/", include("onex.pilots.urls")),
    path("imports/", include("onex.imports.urls")),
    path("training/", include((training + teacher_training, "training"))),
    # Amending a result revokes its certificate, so that page comes from credentials, above exams.
    path("exams/", include((exams_urlpatterns + result_amendment, "exams"))),
    path("finance/", include("onex.finance.urls")),
    path("credentials/", include("onex.credentials.urls")),
    path("notices/", include("onex.notices.urls")),
    path("reports/", include("onex.reports.urls")),
    path("audit/", include("onex.audit.urls")),
    path("", include((verification, "verification"))),
    path("", include("onex.portal.urls")),
]
