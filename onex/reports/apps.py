from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "onex.reports"
    label = "reports"
