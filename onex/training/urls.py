from django.urls import path

from onex.training.views import sessions as views

app_name = "training"
urlpatterns: list = [
    path("", views.pilot_list, name="pilots"),
    path("pilots/<int:pk>/", views.pilot_sessions, name="pilot"),
    path("pilots/<int:pk>/sessions/", views.session_create, name="session_create"),
    path("pilots/<int:pk>/series/", views.series_create, name="series_create"),
    path("pilots/<int:pk>/minimum-hours/", views.minimum_hours_set, name="minimum_hours"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("mine/", views.my_sessions, name="mine"),
]
