from django.urls import path

from onex.audit import views

app_name = "audit"
urlpatterns = [path("export.xlsx", views.export, name="export")]
