from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "onex.portal"
    label = "portal"
