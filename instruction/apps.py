from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionConfig(AppConfig):
    name = "instruction"
    verbose_name = _("Instruction des demandes")
