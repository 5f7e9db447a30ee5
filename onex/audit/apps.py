from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "onex.audit"
    label = "audit"
