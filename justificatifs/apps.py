from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from PIL import Image

from justificatifs.validation import PIXELS_MAX


class JustificatifsConfig(AppConfig):
    name = "justificatifs"
    verbose_name = _("Pièces justificatives")

    def ready(self):
        # Pillow's own decompression-bomb guard, at our limit for every image the process opens
        # (validation.py also checks the limit itself and turns the warning into a refusal).
        Image.MAX_IMAGE_PIXELS = PIXELS_MAX
