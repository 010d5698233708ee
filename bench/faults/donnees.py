"""Deposit-ready drafts for the fault cases: bench.data's accounts, each draft filled through
the wizard's own views (Django's test client, in this process), as tests/demandes do."""

from django.test import Client
from django.utils import timezone

from bench import data
from tests.demandes import parcours


def brouillons_prets(nombre: int) -> list[data.Compte]:
    from demandes.models import Demande
    from justificatifs.models import EPhoto

    comptes = data.seed(nombre)
    client = Client()
    for n, compte in enumerate(comptes):
        demande = Demande.objects.select_related("usager").get(pk=compte.demande)
        client.force_login(demande.usager)
        code = f"1PMTEK{n:014d}AA"
        EPhoto.objects.create(code=code, prise_le=timezone.localdate())
        envois = [
            ("personnel", parcours.PERSONNEL),
            ("motif", parcours.MOTIF_ETUDIANT),
            ("ressources", parcours.ressources(("boursier", 700))),
            ("justificatifs", {"action": "ephoto_confirmer", "ephoto-code": code}),
            ("justificatifs", {"action": "enregistrer"}),
        ]
        for etape, donnees in envois:
            r = client.post(parcours.url(demande, etape), donnees)
            if r.status_code != 302:
                raise RuntimeError(f"brouillon {demande.pk}, étape {etape} : {r.status_code}")
        for partie in range(4):
            client.post(
                parcours.url(demande, "recapitulatif"),
                {"action": "valider_partie", "partie": partie},
            )
    return comptes


def complement_pret(demande_pk: int):
    """A deposited request taken in charge by an instructor of its prefecture, then asked for
    two documents (`instruction.services`, as the back office does): the Complement."""
    from demandes.models import Demande
    from instruction import services
    from tests.instruction.complement_outils import ELEMENTS
    from tests.instruction.factories import agent

    demande = Demande.objects.get(pk=demande_pk)
    # Addresses of their own: bench.data's applicants use the factory's « usager<n> ».
    instructeur = agent(
        "instructeur",
        prefecture=demande.prefecture,
        email=f"instructeur-faults-{demande.pk}@exemple.fr",
        identifiant=f"instructeur-faults-{demande.pk}",
    )
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    return services.complement_demander(demande=demande, elements=ELEMENTS, par=instructeur)
