from django.urls import path

from onex.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("office/", views.office, name="portal_office"),
    path("department/", views.department, name="portal_department"),
    path("leadership/", views.leadership, name="portal_leadership"),
    path("budget/", views.finance, name="portal_finance"),
    path("province/", views.province, name="portal_province"),
    path("teaching/", views.teacher, name="portal_teacher"),
    path("my/", views.student, name="portal_student"),
]
