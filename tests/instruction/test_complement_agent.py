"""What the agent sees of a complement's answer: « complément reçu » in the queue, each
document's answer, the reasons, the message, old and new files side by side; the queue's
« ADP à délivrer » filter."""

import datetime
import re

import pytest
from django.utils import timezone

from attestations.models import TypeAttestation
from demandes.models import EtatDemande
from instruction import complements
from instruction.complements import Reponse
from instruction.models import ReponseComplement
from justificatifs.models import Fichier
from tests.back_office import connecter_agent
from tests.instruction.complement_outils import complement_en_attente, upload
from tests.instruction.test_file import FILE, deposee, numeros

pytestmark = pytest.mark.django_db


def test_the_agent_sees_the_answer_and_both_versions_side_by_side(client):
    complement, instructeur = complement_en_attente()
    usager = complement.demande.usager
    passeport, domicile = complement.elements.order_by("pk")
    complements.complement_fichier_ajouter(element=domicile, upload=upload(), par=usager)
    complements.complement_repondre(
        complement=complement,
        reponses={
            passeport.pk: Reponse(ReponseComplement.MAINTENIR, "La copie comporte 2 pages"),
            domicile.pk: Reponse(ReponseComplement.METTRE_A_JOUR),
        },
        message="Voici ma nouvelle facture.",
        par=usager,
    )
    connecter_agent(client, instructeur)

    queue = client.get(FILE + "?agent=tous").content.decode()
    assert "Complément reçu" in queue
    assert complement.demande.numero in queue

    page = client.get(f"{FILE}{complement.demande.pk}/change/").content.decode()
    assert "Maintenir le Document" in page
    assert "La copie comporte 2 pages" in page
    assert "Mettre à jour le Document" in page
    assert "Voici ma nouvelle facture." in page
    ancien = Fichier.objects.get(piece="justificatif_domicile", element_complement=None)
    nouveau = Fichier.objects.get(element_complement=domicile)
    ligne = re.search(r"<tr>\s*<td>Justificatif de domicile</td>.*?</tr>", page, re.S).group(0)
    anciens = re.search(r'class="anef-anciens">(.*?)</td>', ligne, re.S).group(1)
    nouveaux = re.search(r'class="anef-nouveaux">(.*?)</td>', ligne, re.S).group(1)
    assert f"/fichiers/{ancien.pk}/" in anciens and "facture.png" in anciens
    assert f"/fichiers/{nouveau.pk}/" in nouveaux and "6657.PNG" in nouveaux
    # The agent opens the new version like any file of the request.
    assert client.get(f"{FILE}{complement.demande.pk}/fichiers/{nouveau.pk}/").status_code == 200


def test_the_queue_flags_requests_needing_an_adp(client):
    from tests.instruction.factories import agent

    complement, instructeur = complement_en_attente()
    connecter_agent(client, instructeur)
    bientot = timezone.localdate() + datetime.timedelta(days=20)
    sans_adp = complement.demande
    sans_adp.document_actuel.date_fin_validite = bientot
    sans_adp.document_actuel.save()
    avec_adp = deposee(instructeur.prefecture, etat=EtatDemande.EN_INSTRUCTION)
    avec_adp.document_actuel.date_fin_validite = bientot
    avec_adp.document_actuel.save()
    avec_adp.attestations.create(
        type=TypeAttestation.PROLONGATION,
        emise_le=timezone.localdate(),
        valide_du=bientot,
        valide_au=bientot + datetime.timedelta(days=90),
        nom_fichier="adp.pdf",
        cree_par=agent("instructeur", prefecture=instructeur.prefecture),
    )
    lointain = deposee(instructeur.prefecture, etat=EtatDemande.EN_INSTRUCTION)

    resultat = numeros(client.get(FILE + "?agent=tous&adp=a_delivrer"))
    assert resultat == [sans_adp.numero]
    assert lointain.numero not in resultat
