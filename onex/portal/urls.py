from django.urls import path

from onex.portal import students, teachers, views

urlpatterns = [
    path("", views.home, name="home"),
    path("office/", views.office, name="portal_office"),
    path("department/", views.department, name="portal_department"),
    path("leadership/", views.leadership, name="portal_leadership"),
    path("budget/", views.finance, name="portal_finance"),
    path("province/", views.province, name="portal_province"),
    path("teaching/", teachers.home, name="portal_teacher"),
    path("my/", students.home, name="portal_student"),
    path("my/pilots/<int:pk>/sign-up/", students.sign_up, name="portal_student_sign_up"),
    path("my/tickets/<int:pk>/", students.ticket, name="portal_student_ticket"),
    path("sign-ups/", students.sign_ups, name="portal_sign_ups"),
    path("sign-ups/<int:pk>/approve/", students.sign_up_approve, name="portal_sign_up_approve"),
    path("sign-ups/<int:pk>/reject/", students.sign_up_reject, name="portal_sign_up_reject"),
]
