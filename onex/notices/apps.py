from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "onex.notices"
    label = "notices"
