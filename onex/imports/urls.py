from django.urls import path

from onex.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/preview/", views.job_preview_view, name="preview"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/errors/", views.job_errors, name="errors"),
    path("export/", views.roster_export_view, name="export"),
]
