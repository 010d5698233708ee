"""« Je me désiste de ma demande »: a confirmation page, then the request is classée sans
suite through the transition table; once only, for its applicant only, until a decision."""

import pytest
from django.contrib.messages import get_messages

from demandes import services
from demandes.etats import TRANSITIONS, EtatDemande, Transition
from demandes.models import HistoriqueEtat
from demandes.services import DemandeDejaEnCours
from tests.accounts.factories import UserFactory
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db

AUTORISES = sorted(TRANSITIONS[Transition.SE_DESISTER].depuis)
REFUSES = sorted(set(EtatDemande) - set(AUTORISES) - {EtatDemande.CLASSEE_SANS_SUITE})


def url(demande) -> str:
    return f"/espace-personnel/demandes/{demande.pk}/desister/"


def demande_a_l_etat(etat):
    if etat == EtatDemande.BROUILLON:
        return DemandeFactory()
    return DemandeFactory(deposee=True, etat=etat)


def messages_de(response) -> list[str]:
    """The messages a response left for the next page (with those not shown yet before it)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("etat", AUTORISES)
def test_the_applicant_confirms_then_the_request_is_classee_sans_suite(client, etat):
    demande = demande_a_l_etat(etat)
    client.force_login(demande.usager)

    page = client.get(url(demande))
    assert page.status_code == 200
    texte = page.content.decode()
    assert "classée sans suite" in texte and "Elle ne pourra pas être reprise." in texte
    assert 'method="post"' in texte and "csrfmiddlewaretoken" in texte
    demande.refresh_from_db()
    assert demande.etat == etat  # showing the page changes nothing

    response = client.post(url(demande))
    assert response.status_code == 302 and response.url == "/espace-personnel/mon-compte/"
    assert messages_de(response) == [
        f"Votre désistement est enregistré : la demande n° {demande.numero} est classée sans suite."
    ]
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.CLASSEE_SANS_SUITE
    historique = HistoriqueEtat.objects.get(demande=demande)
    assert historique.transition == Transition.SE_DESISTER
    assert (historique.depuis, historique.vers) == (etat, EtatDemande.CLASSEE_SANS_SUITE)
    assert historique.par == demande.usager


def test_a_second_post_changes_nothing(client):
    demande = demande_a_l_etat(EtatDemande.EN_INSTRUCTION)
    client.force_login(demande.usager)
    client.post(url(demande))
    response = client.post(url(demande))
    assert response.status_code == 302
    assert messages_de(response)[-1] == (
        f"La demande n° {demande.numero} est déjà classée sans suite."
    )
    assert HistoriqueEtat.objects.filter(demande=demande).count() == 1
    assert client.get(url(demande)).status_code == 302


@pytest.mark.parametrize("etat", REFUSES)
def test_no_withdrawal_once_decided_nor_for_a_draft(client, etat):
    demande = demande_a_l_etat(etat)
    client.force_login(demande.usager)
    for response in (client.get(url(demande)), client.post(url(demande))):
        assert response.status_code == 302 and response.url == "/espace-personnel/mon-compte/"
        message = messages_de(response)[-1]
        if etat == EtatDemande.BROUILLON:
            assert "pas encore déposée" in message
        else:
            assert message == (
                f"Vous ne pouvez plus vous désister de la demande n° {demande.numero} : elle "
                f"est à l'état « {EtatDemande(etat).label} »."
            )
    demande.refresh_from_db()
    assert demande.etat == etat
    assert not HistoriqueEtat.objects.filter(demande=demande).exists()


def test_a_decision_signed_between_the_page_and_the_post_is_refused_plainly(client, monkeypatch):
    demande = demande_a_l_etat(EtatDemande.DECISION_FAVORABLE)
    client.force_login(demande.usager)
    # The view's own check saw the request before the decision: only the service sees it.
    monkeypatch.setattr("demandes.views.desistement.refus", lambda *args: None)
    response = client.post(url(demande))
    assert response.status_code == 302
    assert "Vous ne pouvez plus vous désister" in messages_de(response)[-1]
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DECISION_FAVORABLE


def test_another_applicants_request_is_a_404(client):
    demande = demande_a_l_etat(EtatDemande.DEPOSEE)
    client.force_login(UserFactory())
    assert client.get(url(demande)).status_code == 404
    assert client.post(url(demande)).status_code == 404
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE


def test_anonymous_is_sent_to_the_login_page(client):
    demande = demande_a_l_etat(EtatDemande.DEPOSEE)
    response = client.post(url(demande))
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE


def test_after_withdrawal_the_same_document_and_motif_can_be_filed_again(client):
    demande = demande_a_l_etat(EtatDemande.EN_INSTRUCTION)
    usager = demande.usager
    nouvelle = dict(
        usager=usager,
        motif_code=demande.motif,
        renouvellement=True,
        document=demande.document_actuel,
        par=usager,
    )
    with pytest.raises(DemandeDejaEnCours):
        services.brouillon_creer(**nouvelle)
    client.force_login(usager)
    client.post(url(demande))
    brouillon = services.brouillon_creer(**nouvelle)
    assert brouillon.etat == EtatDemande.BROUILLON
    assert brouillon.document_actuel == demande.document_actuel
