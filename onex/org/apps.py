from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "onex.org"
    label = "org"
