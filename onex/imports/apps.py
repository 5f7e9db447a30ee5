from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "onex.imports"
    label = "imports"
