from django.contrib import admin
from django.urls import include, path

from onex.credentials.urls import public_urlpatterns as verification
from onex.exams.urls import training_urlpatterns as teacher_training
from onex.training.urls import urlpatterns as training

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("onex.api.urls")),
    path("accounts/", include("onex.accounts.urls")),
    path("accounts/", include("onex.accounts.otp")),
    path("org/", include("onex.org.urls")),
    path("pilots/", include("onex.pilots.urls")),
    path("imports/", include("onex.imports.urls")),
    path("training/", include((training + teacher_training, "training"))),
    path("exams/", include("onex.exams.urls")),
    path("finance/", include("onex.finance.urls")),
    path("credentials/", include("onex.credentials.urls")),
    path("notices/", include("onex.notices.urls")),
    path("reports/", include("onex.reports.urls")),
    path("audit/", include("onex.audit.urls")),
    path("", include((verification, "verification"))),
    path("", include("onex.portal.urls")),
]
