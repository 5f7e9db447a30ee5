from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "onex.ops"
    label = "ops"
