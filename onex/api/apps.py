from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "onex.api"
    label = "api"
