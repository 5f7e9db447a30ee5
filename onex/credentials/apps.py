from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "onex.credentials"
    label = "credentials"
