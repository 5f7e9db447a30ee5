from django.urls import path

from onex.pilots import views

app_name = "pilots"
urlpatterns = [
    path("registrations/", views.registration_list, name="registrations"),
    path("registrations/export.xlsx", views.registration_export, name="registrations_export"),
]
