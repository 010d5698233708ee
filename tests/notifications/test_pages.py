"""« Mes Notifications », a notification's page, the bell, and the acknowledgement of receipt."""

import datetime
import html

import pytest
from django.utils import timezone

from attestations.models import TypeAttestation
from notifications.models import DocumentJoint, Notification, TypeNotification
from notifications.services import notifier
from tests.accounts.factories import UserFactory
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db

LISTE = "/espace-personnel/notifications/"


def page(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def creer(usager, type_=TypeNotification.DECISION, **kwargs):
    return Notification.objects.create(
        usager=usager, type=type_, titre="Titre", message="Premier.\n\nSecond.", **kwargs
    )


@pytest.fixture()
def usager():
    return UserFactory(prenom="Sept", nom="Etranger")


@pytest.fixture()
def connecte(client, usager):
    client.force_login(usager)
    return client


def detail(notification) -> str:
    return f"{LISTE}{notification.pk}/"


def test_the_list_shows_the_introduction_the_filter_and_the_states(connecte, usager):
    creer(usager, lue_le=timezone.make_aware(datetime.datetime(2026, 3, 2, 9)))
    creer(
        usager,
        TypeNotification.DEMANDE_COMPLEMENT,
        lue_le=timezone.now(),
        repondue_le=timezone.make_aware(datetime.datetime(2026, 3, 4, 9)),
    )
    creer(usager, TypeNotification.TITRE_DISPONIBLE)
    texte = page(connecte.get(LISTE))
    assert (
        "Vous pouvez suivre votre correspondance avec l'administration ci-dessous. L'ouverture "
        "d'une notification fait office, pour l'administration, d'accusé de réception"
    ) in texte
    assert "Filtrer mes notifications :" in texte
    assert '<option value="">Toutes les notifications</option>' in texte
    assert "lue — Lu le 02/03/2026" in texte
    assert "répondu — Répondu le 04/03/2026" in texte
    assert "non lue" in texte
    assert texte.count("<td>SEJOUR</td>") == 3


def test_the_list_filters_by_type_and_pages_by_ten(connecte, usager):
    for _ in range(12):
        creer(usager, TypeNotification.DECISION)
    creer(usager, TypeNotification.CLOTURE)
    premiere = page(connecte.get(LISTE, {"type": "decision"}))
    assert premiere.count("Notification de décision</a>") == 10
    assert "Notification de clôture" not in premiere.split("<table>")[1]
    assert "?type=decision&amp;page=2" in premiere or "?type=decision&page=2" in premiere
    seconde = page(connecte.get(LISTE, {"type": "decision", "page": 2}))
    assert seconde.count("Notification de décision</a>") == 2
    # An unknown type shows them all.
    tous = page(connecte.get(LISTE, {"type": "inconnu"}))
    assert tous.split("<tbody>")[1].count("<tr>") == 10


def test_the_detail_greets_shows_the_text_the_document_and_the_signature(
    connecte, usager, django_capture_on_commit_callbacks
):
    demande = DemandeFactory(deposee=True, usager=usager)
    from demandes import suites

    with django_capture_on_commit_callbacks(execute=True):
        suites.documents_du_depot_generer(demande=demande)
    notification = notifier(
        demande=demande,
        modele="prolongation_instruction",
        cle="adp-essai",
    )
    notification.attestation = demande.attestations.get(type=TypeAttestation.DEPOT)
    notification.save()
    texte = page(connecte.get(detail(notification)))
    assert "Bonjour Sept ETRANGER," in texte
    assert f"L'instruction de votre demande de titre de séjour n° {demande.numero}" in texte
    assert (
        f'href="/espace-personnel/attestations/{notification.attestation.pk}/telecharger/"' in texte
        or f"/attestations/{notification.attestation.pk}/telecharger/" in texte
    )
    assert "Télécharger le document" in texte
    assert "Cordialement,<br>L'agent Instructeur<br>Ministère de l'Intérieur et des Outre-Mer" in (
        texte
    )
    assert "Retour à toutes mes notifications" in texte


def test_a_notification_without_document_offers_none(connecte, usager):
    notification = creer(usager, document=DocumentJoint.AUCUN)
    assert "Télécharger" not in page(connecte.get(detail(notification)))


# The acknowledgement of receipt


def test_the_first_opening_is_recorded_once(connecte, usager):
    notification = creer(usager)
    connecte.get(detail(notification))
    notification.refresh_from_db()
    premiere = notification.lue_le
    assert premiere is not None
    connecte.get(detail(notification))
    notification.refresh_from_db()
    assert notification.lue_le == premiere


@pytest.mark.parametrize(
    "entetes",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_a_prefetch_is_not_an_opening(connecte, usager, entetes):
    notification = creer(usager)
    assert connecte.get(detail(notification), **entetes).status_code == 200
    notification.refresh_from_db()
    assert notification.lue_le is None


def test_a_head_is_not_an_opening(connecte, usager):
    notification = creer(usager)
    assert connecte.head(detail(notification)).status_code == 200
    notification.refresh_from_db()
    assert notification.lue_le is None


def test_only_the_applicant_opens_it(client, usager):
    notification = creer(usager)
    # Unauthenticated (a link-preview bot): sent to the login page.
    assert client.get(detail(notification)).status_code == 302
    client.force_login(UserFactory())
    assert client.get(detail(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.lue_le is None


def test_an_agent_never_reaches_it(client, usager):
    demande = DemandeFactory(deposee=True, usager=usager)
    notification = creer(usager, demande=demande)
    connecter_agent(client, agent("instructeur", prefecture=demande.prefecture))
    assert client.get(detail(notification)).status_code == 404
    assert client.get(LISTE).status_code == 404
    notification.refresh_from_db()
    assert notification.lue_le is None


def test_a_post_is_refused(connecte, usager):
    notification = creer(usager)
    assert connecte.post(detail(notification)).status_code == 405


# The bell


def test_the_bell_lists_the_latest_notifications(connecte, usager):
    anciennes = [creer(usager, TypeNotification.CLOTURE) for _ in range(5)]
    derniere = creer(usager, TypeNotification.TITRE_DISPONIBLE)
    texte = page(connecte.get("/espace-personnel/mon-compte/"))
    assert 'aria-controls="menu-notifications"' in texte
    assert 'aria-expanded="false"' in texte
    assert "Notifications (6 non lues)" in texte
    menu = texte.split('id="menu-notifications"')[1].split("</ul>")[0]
    assert f'href="{detail(derniere)}"' in menu
    assert f'href="{detail(anciennes[0])}"' not in menu
    assert menu.count('class="fr-nav__link"') == 6
    assert f'href="{LISTE}">Voir toutes mes notifications' in menu
