"""A pending request blocks another one for the same current document and motif."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from demandes import services
from demandes.models import Demande, EtatDemande
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db

SITUATION = "/espace-personnel/titre-de-sejour/situation/"


def _brouillon(demande, **kwargs):
    return services.brouillon_creer(
        usager=demande.usager,
        motif_code=kwargs.pop("motif_code", demande.motif),
        renouvellement=True,
        document=demande.document_actuel,
        par=demande.usager,
        **kwargs,
    )


def test_the_database_refuses_a_second_pending_request_for_the_same_document_and_motif():
    deposee = DemandeFactory(deposee=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Demande.objects.create(
            usager=deposee.usager,
            document_actuel=deposee.document_actuel,
            motif=deposee.motif,
            type_demande=deposee.type_demande,
        )


@pytest.mark.parametrize(
    "etat",
    [
        EtatDemande.DECISION_FAVORABLE,
        EtatDemande.DECISION_DEFAVORABLE,
        EtatDemande.TITRE_DISPONIBLE,
        EtatDemande.CLOTUREE,
        EtatDemande.CLASSEE_SANS_SUITE,
    ],
)
def test_a_decided_or_closed_request_no_longer_blocks(etat):
    ancienne = DemandeFactory(deposee=True, etat=etat)
    assert _brouillon(ancienne).est_brouillon


def test_another_motif_for_the_same_document_stays_possible():
    deposee = DemandeFactory(deposee=True)
    autre = _brouillon(deposee, motif_code="bpi")
    assert autre.motif == "bpi" and autre.document_actuel == deposee.document_actuel


def test_the_service_names_the_pending_request():
    deposee = DemandeFactory(deposee=True)
    with pytest.raises(services.DemandeDejaEnCours) as refus:
        _brouillon(deposee)
    assert refus.value.demande == deposee
    assert deposee.numero in str(refus.value)
    assert Demande.objects.count() == 1


def test_the_situation_page_says_so_and_links_to_the_pending_request(client):
    deposee = DemandeFactory(deposee=True)
    client.force_login(deposee.usager)
    client.post("/espace-personnel/titre-de-sejour/", {"pour_qui": "moi", "situation": "titre"})

    r = client.post(SITUATION, {"demande": "renouvellement"})

    assert r.status_code == 409
    page = r.content.decode()
    assert f"Vous avez déjà déposé la demande n° {deposee.numero}" in page
    assert f'href="/espace-personnel/demandes/{deposee.pk}/confirmation/"' in page
    assert Demande.objects.count() == 1
    # Another title for the same document is still offered.
    r = client.post(SITUATION, {"demande": "autre", "autre_titre": "bpi"})
    assert r.status_code == 302


def test_starting_anyway_is_refused_with_the_message(client):
    deposee = DemandeFactory(deposee=True)
    client.force_login(deposee.usager)
    session = client.session
    session["demarche"] = {
        "pour_qui": "moi",
        "situation": "titre",
        "motif": deposee.motif,
        "renouvellement": True,
    }
    session.save()

    r = client.post("/espace-personnel/titre-de-sejour/commencer/", follow=True)

    assert r.redirect_chain[-1][0] == "/espace-personnel/mon-compte/"
    assert f"Vous avez déjà déposé la demande n° {deposee.numero}" in r.content.decode()
    assert Demande.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_create_one_draft():
    assert connection.vendor == "postgresql"
    demande = DemandeFactory()
    usager, document = demande.usager, demande.document_actuel
    demande.delete()
    barrier = threading.Barrier(2)
    resultats = []

    def commencer():
        barrier.wait()
        try:
            services.brouillon_creer(
                usager=usager,
                motif_code="etudiant",
                renouvellement=True,
                document=document,
                par=usager,
            )
            resultats.append("cree")
        except services.DemandeError as refus:
            resultats.append(type(refus).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=commencer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(resultats) == ["DemandeDejaEnCours", "cree"]
    assert Demande.objects.filter(document_actuel=document).count() == 1


def test_the_type_of_request_is_stored_in_french_even_from_an_english_page():
    """The record is read by French-speaking agents and documents: the page's language must not
    leak into it (it is translated when shown)."""
    from django.utils import translation

    ancienne = DemandeFactory()
    ancienne.delete()
    with translation.override("en"):
        demande = _brouillon(ancienne)
    demande.refresh_from_db()
    assert demande.type_demande == "Demande de renouvellement du titre 'Étudiant'"
