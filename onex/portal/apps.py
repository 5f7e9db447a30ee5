from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "onex.portal"
    label = "portal"
    verbose_name = _("Portal")
