from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onex.accounts"
    label = "accounts"
