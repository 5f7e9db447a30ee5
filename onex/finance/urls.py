from django.urls import path
from django.views.generic import RedirectView

from onex.core.access import page
from onex.finance import views

app_name = "finance"
urlpatterns = [
    path("", page(RedirectView.as_view(pattern_name="finance:statements")), name="index"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/set/", views.rule_set, name="rule_set"),
    path("workload/", views.workload_list, name="workload"),
    path("workload/derive/", views.workload_derive, name="workload_derive"),
    path("workload/add/", views.workload_add, name="workload_add"),
    path("workload/<int:pk>/delete/", views.workload_delete, name="workload_delete"),
    path("statements/", views.statement_list, name="statements"),
    path("statements/create/", views.statement_create, name="statement_create"),
    path("statements/export.xlsx", views.year_export, name="year_export"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements/<int:pk>/refresh/", views.statement_refresh, name="statement_refresh"),
    path(
        "statements/<int:pk>/department-approve/",
        views.statement_department_approve,
        name="statement_department_approve",
    ),
    path("statements/<int:pk>/office-approve/", views.statement_office_approve, name="statement_office_approve"),
    path("statements/<int:pk>/pay/", views.statement_pay, name="statement_pay"),
    path("statements/<int:pk>/supersede/", views.statement_supersede, name="statement_supersede"),
    path("statements/<int:pk>/export.xlsx", views.statement_export, name="statement_export"),
    path("budget/", views.budget_page, name="budget"),
    path("budget/create/", views.budget_create, name="budget_create"),
    path("budget/allocate/", views.allocation_create, name="allocation_create"),
    path("expenses/", views.expense_list, name="expenses"),
]
