from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "onex.catalog"
    label = "catalog"
