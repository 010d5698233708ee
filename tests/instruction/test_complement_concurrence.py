"""50 identical « Valider et envoyer » at the same moment (real PostgreSQL, threads, each its own
connection): one answer, one history row; the others are told it was already answered."""

import pytest
from django.db import connection
from django.test import Client

from demandes.models import EtatDemande, HistoriqueEtat
from instruction.models import ReponseComplement, StatutComplement
from tests.instruction.complement_outils import complement_en_attente
from tests.instruction.etats import roles_recreer
from tests.instruction.test_concurrence import _en_meme_temps

ENVOIS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_identical_answers_at_once_record_one():
    assert connection.vendor == "postgresql"
    roles_recreer()
    complement, _agent = complement_en_attente()
    usager = complement.demande.usager
    url = f"/espace-personnel/complements/{complement.pk}/"
    donnees = {"envoyer": "1", "message": "Une seule fois"}
    for element in complement.elements.all():
        donnees[f"reponse_{element.pk}"] = ReponseComplement.MAINTENIR
        donnees[f"raison_{element.pk}"] = "Le document est lisible"
    connecte = Client()
    connecte.force_login(usager)
    cookies = connecte.cookies

    def envoyer():
        client = Client()
        client.cookies = cookies
        return client.post(url, donnees)

    reponses = _en_meme_temps(*[envoyer] * ENVOIS)

    assert not [r for r in reponses if isinstance(r, Exception)], reponses
    statuts = sorted(r.status_code for r in reponses)
    assert statuts == [302] + [400] * (ENVOIS - 1)
    refus = next(r for r in reponses if r.status_code == 400)
    assert "Vous avez déjà répondu à cette demande de complément." in refus.content.decode()
    complement.refresh_from_db()
    assert complement.statut == StatutComplement.REPONDU
    assert complement.message_usager == "Une seule fois"
    assert (
        HistoriqueEtat.objects.filter(
            demande=complement.demande, transition="recevoir_complement"
        ).count()
        == 1
    )
    complement.demande.refresh_from_db()
    assert complement.demande.etat == EtatDemande.COMPLEMENT_RECU
