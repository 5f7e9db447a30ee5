from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from onex.api import views
from onex.api.router import router

app_name = "api"

urlpatterns = [
    path("v1/auth/token/", views.TokenObtainView.as_view(), name="token"),
    path("v1/figures/", views.YearFiguresView.as_view(), name="figures"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
