from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "onex.finance"
    label = "finance"
