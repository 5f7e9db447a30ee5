from django.urls import path

from onex.training.views import sessions as views
from onex.training.views import teachers as views_teachers

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
    path("teachers/", views_teachers.teacher_training_list, name="teacher_trainings"),
    path("teachers/record/", views_teachers.teacher_training_create, name="teacher_training_create"),
    path("teachers/<int:pk>/", views_teachers.teacher_detail, name="teacher"),
    path("assessors/", views_teachers.assessor_pool, name="assessor_pool"),
]
