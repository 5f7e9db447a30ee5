from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "onex.pilots"
    label = "pilots"
