from django.urls import path

from onex.exams.views import sessions as views
from onex.exams.views import sites as views_sites
from onex.exams.views import teachers as views_teachers

app_name = "exams"
urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("schedule/", views.schedule, name="schedule"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/move/", views.session_reschedule, name="session_reschedule"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<int:pk>/assign/", views.assessor_assign, name="assessor_assign"),
    path("sessions/<int:pk>/assign/<int:assignment_pk>/remove/", views.assessor_unassign, name="assessor_unassign"),
    path("sessions/<int:pk>/seats/add/", views.seats_add, name="seats_add"),
    path("sessions/<int:pk>/seats/move/", views.seat_move, name="seat_move"),
    path("sessions/<int:pk>/seats/<int:seat_pk>/remove/", views.seat_remove, name="seat_remove"),
    path("sessions/<int:pk>/sign-in.xlsx", views.sign_in_sheet, name="sign_in_sheet"),
    path("sessions/<int:pk>/seat-plan/", views.seat_plan, name="seat_plan"),
    path("sessions/<int:pk>/tickets/", views.tickets, name="tickets"),
    path("sessions/<int:pk>/tickets.pdf", views.tickets_pdf, name="tickets_pdf"),
    path("sites/", views_sites.site_list, name="sites"),
    path("sites/new/", views_sites.site_create, name="site_create"),
    path("sites/<int:pk>/", views_sites.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views_sites.site_edit, name="site_edit"),
    path("sites/<int:pk>/rooms/", views_sites.room_create, name="room_create"),
    path("sites/<int:pk>/usage/", views_sites.usage_record, name="usage_record"),
    path("qualifications/", views_sites.qualifications, name="qualifications"),
    # pilots/<pk>/results/… (the results pages) are added by onex/urls.py from credentials.
]

# Teachers' training and the assessor pool: mounted under /training/ in the training namespace
# by the root URLconf (the pages belong to training, the rows they write to exams).
training_urlpatterns = [
    path("teachers/", views_teachers.teacher_training_list, name="teacher_trainings"),
    path("teachers/record/", views_teachers.teacher_training_create, name="teacher_training_create"),
    path("teachers/<int:pk>/", views_teachers.teacher_detail, name="teacher"),
    path("assessors/", views_teachers.assessor_pool, name="assessor_pool"),
]
