"""A request waiting for a complement, with the files of its deposit (shared by the tests of
the applicant's answer, the agent's page and the schedules)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from instruction import services
from instruction.models import MotifComplement
from justificatifs.models import Fichier
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent
from tests.justificatifs import echantillons

ELEMENTS = [
    {
        "piece": "passeport",
        "libelle": "Justificatif de nationalité",
        "motif": MotifComplement.NON_LISIBLE,
        "observation": "Veuillez fournir une copie lisible de votre passeport.",
    },
    {
        "piece": "justificatif_domicile",
        "libelle": "Justificatif de domicile",
        "motif": MotifComplement.MANQUANT,
        "observation": "Aucun justificatif de moins de 6 mois.",
    },
]


def fichier_depose(demande, piece: str, nom: str) -> Fichier:
    contenu = echantillons.png()
    return Fichier.objects.create(
        demande=demande,
        piece=piece,
        fichier=ContentFile(contenu, name=f"{piece}.png"),
        nom=nom,
        taille=len(contenu),
        type_mime="image/png",
        sha256="0" * 64,
    )


def complement_en_attente(capture=None, **kwargs):
    """(complement, instructeur): a deposited request taken in charge, with a file per piece,
    then a complement asked for both pieces. `capture`: pytest-django's
    django_capture_on_commit_callbacks, to create the notification too."""
    demande = DemandeFactory(deposee=True, **kwargs)
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    fichier_depose(demande, "passeport", "234.PNG")
    fichier_depose(demande, "justificatif_domicile", "facture.png")
    if capture is None:
        complement = services.complement_demander(
            demande=demande, elements=ELEMENTS, par=instructeur
        )
    else:
        with capture(execute=True):
            complement = services.complement_demander(
                demande=demande, elements=ELEMENTS, par=instructeur
            )
    return complement, instructeur


def upload(contenu: bytes | None = None, nom: str = "6657.PNG") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu if contenu is not None else echantillons.png())
