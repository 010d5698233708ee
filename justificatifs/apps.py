from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JustificatifsConfig(AppConfig):
    name = "justificatifs"
    verbose_name = _("Pièces justificatives")
