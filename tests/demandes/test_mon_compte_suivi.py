"""Mon compte follows each request: the four stages with the current one announced, a plain
sentence for a closed or withdrawn request, the withdrawal and refusal-document links where
they apply, and the history of titles with the real status of each."""

import datetime
import html as html_lib
import re

import pytest
from django.utils import timezone

from demandes import selectors, suivi
from demandes.etats import (
    ETATS_FINAUX,
    STADE_DE,
    STADES,
    TRANSITIONS,
    EtatDemande,
    Stade,
    Transition,
)
from tests.accounts.factories import DocumentSejourFactory
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db

URL = "/espace-personnel/mon-compte/"


def mon_compte(client, usager) -> str:
    client.force_login(usager)
    response = client.get(URL)
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def etapes(html: str) -> list[tuple[bool, str]]:
    """(is current, text) of each stage listed on the page (one request)."""
    listes = re.findall(r'<ol class="anef-suivi[^"]*"[^>]*>(.*?)</ol>', html, re.S)
    if not listes:
        return []
    assert len(listes) == 1
    return [
        ('aria-current="step"' in attributs, " ".join(re.sub(r"<[^>]+>", " ", texte).split()))
        for attributs, texte in re.findall(r"<li([^>]*)>(.*?)</li>", listes[0], re.S)
    ]


def demande_a_l_etat(etat):
    if etat == EtatDemande.BROUILLON:
        return DemandeFactory()
    return DemandeFactory(deposee=True, etat=etat)


@pytest.mark.parametrize("etat", list(STADE_DE), ids=str)
def test_every_deposited_state_shows_the_four_stages_with_the_current_one_announced(client, etat):
    demande = demande_a_l_etat(etat)
    html = mon_compte(client, demande.usager)

    listees = etapes(html)
    assert len(listees) == 4
    for (_courante, texte), stade in zip(listees, STADES, strict=True):
        assert texte.startswith(str(stade.label))
        assert " ".join(str(suivi.DESCRIPTIONS[stade]).split()) in texte
    courantes = [texte for courante, texte in listees if courante]
    assert len(courantes) == 1
    attendu = STADE_DE[etat]
    assert courantes[0].startswith(f"{attendu.label} étape en cours")
    rang = STADES.index(attendu) + 1
    assert f"Étape {rang} sur 4" in html
    assert f'data-fr-current-step="{rang}"' in html
    franchies = [texte for _c, texte in listees if "étape franchie" in texte]
    assert len(franchies) == rang - 1


@pytest.mark.parametrize(
    "etat", [EtatDemande.CLOTUREE, EtatDemande.CLASSEE_SANS_SUITE, EtatDemande.BROUILLON]
)
def test_a_draft_a_closed_or_a_withdrawn_request_shows_no_stage(client, etat):
    demande = demande_a_l_etat(etat)
    html = mon_compte(client, demande.usager)
    assert etapes(html) == []
    assert "fr-stepper" not in html
    phrase = suivi.sans_stade(etat)
    if etat == EtatDemande.BROUILLON:
        assert phrase is None
    else:
        assert " ".join(str(phrase).split()) in " ".join(html.split())


def test_finished_requests_are_listed_under_the_previous_requests(client):
    close = DemandeFactory(deposee=True, etat=EtatDemande.CLOTUREE)
    usager = close.usager
    en_cours = DemandeFactory(
        deposee=True, etat=EtatDemande.EN_INSTRUCTION, usager=usager, motif="bpi"
    )
    html = mon_compte(client, usager)
    courantes, precedentes = html.split('id="titre-demandes-precedentes"', 1)
    assert en_cours.numero in courantes and close.numero not in courantes
    assert close.numero in precedentes and en_cours.numero not in precedentes
    assert "Votre demande a été clôturée" in precedentes


@pytest.mark.parametrize("etat", [e for e in EtatDemande], ids=str)
def test_withdrawal_and_refusal_links_follow_the_state(client, etat):
    demande = demande_a_l_etat(etat)
    html = mon_compte(client, demande.usager)
    desister = f"/espace-personnel/demandes/{demande.pk}/desister/"
    assert (desister in html) == (etat in TRANSITIONS[Transition.SE_DESISTER].depuis)
    document = f"/espace-personnel/demandes/{demande.pk}/decision/document/"
    assert (document in html) == (etat == EtatDemande.DECISION_DEFAVORABLE)


def test_withdrawal_is_offered_until_a_decision_is_signed():
    depuis = TRANSITIONS[Transition.SE_DESISTER].depuis
    assert {STADE_DE[e] for e in depuis} == {Stade.DEPOT, Stade.INSTRUCTION}


def test_the_history_gives_each_title_its_real_status(client):
    demande = DemandeFactory()
    usager = demande.usager
    aujourdhui = timezone.localdate()
    ancien = DocumentSejourFactory(
        numero_etranger=usager.numero_etranger,
        date_debut_validite=aujourdhui - datetime.timedelta(days=800),
        date_fin_validite=aujourdhui - datetime.timedelta(days=436),
    )
    html = mon_compte(client, usager)
    lignes = re.findall(
        r"<tr>(.*?)</tr>", html.split('id="historique-titres"', 1)[1].split("</table>")[0], re.S
    )[1:]
    textes = [" ".join(re.sub(r"<[^>]+>", " ", ligne).split()) for ligne in lignes]
    assert len(textes) == 2
    assert textes[0].endswith("En cours de validité")
    assert f"{usager.document.date_fin_validite:%d/%m/%Y}" in textes[0]
    assert textes[1].endswith("Expiré")
    assert f"{ancien.date_fin_validite:%d/%m/%Y}" in textes[1]
    assert "Accepté" not in html


def test_a_title_not_valid_yet_says_when_it_starts():
    demain = timezone.localdate() + datetime.timedelta(days=1)
    document = DocumentSejourFactory.build(
        date_debut_validite=demain, date_fin_validite=demain + datetime.timedelta(days=365)
    )
    assert suivi.statut_titre(document, timezone.localdate()) == (
        f"Valable à partir du {demain:%d/%m/%Y}"
    )


def test_requests_in_progress_are_those_not_at_an_end(client):
    premiere = DemandeFactory()
    usager = premiere.usager
    for k, etat in enumerate(e for e in EtatDemande if e != EtatDemande.BROUILLON):
        DemandeFactory(deposee=True, usager=usager, etat=etat, motif=f"motif_{k}")
    client.force_login(usager)
    contexte = client.get(URL).context
    assert {d.etat for d in contexte["demandes"]} == set(EtatDemande) - set(ETATS_FINAUX)
    assert {d.etat for d in contexte["demandes_precedentes"]} == set(ETATS_FINAUX)
    assert selectors.demandes_de(usager).count() == len(EtatDemande)
