"""Stop receiving a file as soon as it exceeds the size limit.

Placed first in FILE_UPLOAD_HANDLERS: it counts each file's bytes as they arrive and, past
TAILLE_MAX, stops passing them on and closes (deletes) the partial temporary file; Django reads
the rest of that part and throws it away, chunk by chunk. The file is then replaced in
request.FILES by an empty `FichierTropGros`, which FichierForm and `verifier_fichier` refuse
with the size message, and the fields that follow are still parsed. A request whose files
together exceed TOTAL_MAX is stopped outright (StopUpload, without resetting the connection).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from justificatifs.regles import TAILLE_MAX, TOTAL_MAX

ATTRIBUT = "justificatifs_upload_trop_gros"


class FichierTropGros(SimpleUploadedFile):
    """Stands for a file cut off at the size limit: no content, `recus` bytes were sent."""

    def __init__(self, name: str, recus: int):
        super().__init__(name, b"", "application/octet-stream")
        self.size = self.recus = recus


class TailleMaxUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.total = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.recus = 0

    def receive_data_chunk(self, raw_data, start):
        self.recus += len(raw_data)
        self.total += len(raw_data)
        if self.total > TOTAL_MAX:
            self._signaler()
            raise StopUpload(connection_reset=False)
        if self.recus > TAILLE_MAX:
            if self.recus - len(raw_data) <= TAILLE_MAX:
                self._signaler()
                self._fichiers_partiels_fermer()
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.recus > TAILLE_MAX:
            return FichierTropGros(self.file_name, self.recus)
        return None

    def _fichiers_partiels_fermer(self):
        """Close (and so delete) what the next handlers received of this file, as Django does
        for a skipped file: they get no more chunks and no file_complete()."""
        for handler in getattr(self.request, "upload_handlers", []):
            if handler is not self and hasattr(handler, "file"):
                handler.file.close()

    def _signaler(self):
        if self.request is not None:
            setattr(self.request, ATTRIBUT, True)


def upload_trop_gros(request) -> bool:
    """Whether a file of this request was cut off for exceeding the size limit."""
    request.POST  # noqa: B018 - parsing the body is what runs the handlers
    return getattr(request, ATTRIBUT, False)
