import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png(nom="document.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(nom, buffer.getvalue(), content_type="image/png")
