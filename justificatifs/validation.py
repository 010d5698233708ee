"""Content checks of an uploaded document: no database, no request, only the bytes.

The type is read from the content (magic bytes), never from the name. The parsing itself —
decoding and re-encoding an image, opening a PDF, looking for active content and removing the
links that leave it — is `justificatifs.controle`, run in a child process with CPU and memory
limits (`anef.sandbox`): whatever the file, an upload costs the web worker a bounded amount, and
a file that exceeds the limits is refused with a clear message.

Memory stays bounded in the worker too: files are read in chunks, and what goes to the child
and comes back from it are temporary files on disk.
"""

import hashlib
import tempfile
import unicodedata
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from anef import sandbox
from justificatifs import controle
from justificatifs.regles import (  # noqa: F401  (FICHIERS_PAR_REQUETE_MAX: read here too)
    FICHIERS_PAR_REQUETE_MAX,
    TAILLE_MAX,
    message_taille_max,
)

PIXELS_MAX = controle.PIXELS_MAX
NOM_LONGUEUR_MAX = 150
TAILLE_BLOC = 64 * 1024

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
}
# Extensions a user's file name may keep for each type; anything else gets the right one added.
EXTENSIONS_ADMISES = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/pdf": (".pdf",),
    "image/tiff": (".tif", ".tiff"),
    "image/bmp": (".bmp",),
}

# Bidirectional controls that make "photo\u202egnp.exe" display as "photoexe.png".
BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class FichierRefuse(Exception):
    """An uploaded file that cannot be accepted; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Verdict:
    type_mime: str
    extension: str
    # What to store: the re-encoded image, the original PDF or its copy without outgoing
    # links; positioned at 0.
    contenu: IO[bytes]
    taille: int


def detecter_type(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes, among the accepted formats."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"BM"):
        return "image/bmp"
    return None


def verifier_fichier(fileobj: IO[bytes]) -> Verdict:
    """Check an uploaded file (any seekable binary file) and return what to store.

    Raises FichierRefuse with the reason, in French."""
    taille = _taille(fileobj)
    if max(taille, getattr(fileobj, "size", 0) or 0) > TAILLE_MAX:
        raise FichierRefuse(message_taille_max())
    if taille == 0:
        raise FichierRefuse(_("Le fichier est vide."))
    fileobj.seek(0)
    type_mime = detecter_type(fileobj.read(16))
    if type_mime is None:
        raise FichierRefuse(
            _(
                "Format non accepté : seuls les fichiers .jpg, .png, .pdf, .tiff et .bmp "
                "sont acceptés."
            )
        )
    contenu = _controler(fileobj, type_mime)
    if contenu is None:
        fileobj.seek(0)
        contenu, taille_finale = fileobj, taille
    else:
        taille_finale = _taille(contenu)
        contenu.seek(0)
        if taille_finale > TAILLE_MAX:
            # The cleaned copy of a PDF is what gets stored: the same limit applies to it.
            contenu.close()
            raise FichierRefuse(message_taille_max())
    return Verdict(
        type_mime=type_mime,
        extension=EXTENSIONS[type_mime],
        contenu=contenu,
        taille=taille_finale,
    )


def nom_nettoyer(nom: str, *, type_mime: str) -> str:
    """The name shown for a file: its base name without control or bidirectional characters,
    ending with an extension that matches its real type, at most 150 characters."""
    nom = unicodedata.normalize("NFC", nom or "")
    nom = nom.replace("\\", "/").rsplit("/", 1)[-1]
    nom = "".join(c for c in nom if c not in BIDI and unicodedata.category(c) != "Cc")
    nom = nom.strip().strip(".").strip() or _("document")
    extension = "." + EXTENSIONS[type_mime]
    if not nom.lower().endswith(EXTENSIONS_ADMISES[type_mime]):
        nom = nom[: NOM_LONGUEUR_MAX - len(extension)] + extension
    elif len(nom) > NOM_LONGUEUR_MAX:
        base, point, ext = nom.rpartition(".")
        nom = base[: NOM_LONGUEUR_MAX - len(ext) - 1] + point + ext
    return nom


def empreinte(fileobj: IO[bytes]) -> str:
    """SHA-256 of a file, read in chunks."""
    fileobj.seek(0)
    sha = hashlib.sha256()
    while bloc := fileobj.read(TAILLE_BLOC):
        sha.update(bloc)
    fileobj.seek(0)
    return sha.hexdigest()


def _taille(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    return fileobj.tell()


# --- Child process ---------------------------------------------------------------------------


def _controler(fileobj: IO[bytes], type_mime: str) -> IO[bytes] | None:
    """Run the controle package on the file: None for a PDF accepted as it is (stored as sent),
    the cleaned copy of a PDF whose outgoing links were removed, the re-encoded file for an
    accepted image; FichierRefuse otherwise."""
    entree = _fichier_reel(fileobj)
    sortie = tempfile.TemporaryFile()
    try:
        entree.seek(0)
        code = sandbox.run("justificatifs.controle", type_mime, stdin=entree, stdout=sortie)
    except BaseException:
        sortie.close()
        raise
    finally:
        if entree is not fileobj:
            entree.close()
    if code == controle.ACCEPTE and type_mime == "application/pdf":
        sortie.close()
        return None
    if code not in {controle.ACCEPTE, controle.NEUTRALISE}:
        sortie.close()
        raise FichierRefuse(_message(code))
    return sortie


def _fichier_reel(fileobj: IO[bytes]) -> IO[bytes]:
    """The file itself when it has a descriptor (an upload received on disk), else a temporary
    copy made in chunks."""
    try:
        fileobj.fileno()
    except (AttributeError, OSError, ValueError):
        copie = tempfile.TemporaryFile()
        fileobj.seek(0)
        while bloc := fileobj.read(TAILLE_BLOC):
            copie.write(bloc)
        copie.flush()
        return copie
    return fileobj


def _message(code: int) -> str:
    messages = {
        controle.CORROMPU: _("Le fichier est corrompu ou illisible : il ne peut pas être ouvert."),
        controle.TROP_GRANDE: _(
            "Image trop grande : sa définition dépasse 16 millions de pixels en couleur "
            "(40 millions en noir et blanc ou en niveaux de gris). Réduisez-la ou "
            "enregistrez-la en JPEG, puis joignez-la à nouveau."
        ),
        controle.ACTIF: _(
            "Ce PDF contient du contenu actif (JavaScript ou action automatique) : "
            "il ne peut pas être accepté."
        ),
        controle.SORTANT: _(
            "Ce PDF contient un lien ou une action qui sort du document (adresse web, autre "
            "fichier, envoi de formulaire) : il ne peut pas être accepté. Joignez une version "
            "sans lien, par exemple une numérisation ou une photo du document."
        ),
        controle.CHIFFRE: _(
            "Ce PDF est protégé par un mot de passe : enregistrez-le sans protection "
            "puis joignez-le à nouveau."
        ),
    }
    return messages.get(
        code,
        _(
            "Le fichier est trop complexe pour être vérifié (trop de pages, d'objets ou de "
            "pixels). Enregistrez-le à nouveau plus simplement, par exemple en le numérisant "
            "en PDF ou en JPEG, puis joignez-le à nouveau."
        ),
    )
