"""Mon compte's identity bits: login identifier, account status, the step-1 phone (issue 8)."""

import pytest
from phonenumber_field.phonenumber import PhoneNumber

from accounts.models import StatutCompte
from tests.accounts.factories import DocumentSejourFactory, UserFactory
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db
MON_COMPTE = "/espace-personnel/mon-compte/"


def test_visa_only_holder_sees_pending_status_and_email_identifier(client):
    user = UserFactory(
        document=DocumentSejourFactory(visa=True),
        email="visa@exemple.fr",
        identifiant="visa@exemple.fr",
        statut=StatutCompte.EN_ATTENTE_NUMERO,
    )
    client.force_login(user)
    page = client.get(MON_COMPTE).content.decode()
    assert "En attente du N° étranger" in page
    assert "Identifiant de connexion" in page
    assert '<dd id="identifiant-connexion">visa@exemple.fr</dd>' in page


def test_titre_holder_sees_the_numero_etranger_as_identifier(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(MON_COMPTE).content.decode()
    assert f'<dd id="identifiant-connexion">{user.numero_etranger}</dd>' in page
    assert "En attente du N° étranger" not in page


def brouillon_avec_telephone(client, telephone="07 98 76 54 32"):
    demande = DemandeFactory()
    demande.usager.telephone = PhoneNumber.from_string("0612345678", region="FR")
    demande.usager.save()
    client.force_login(demande.usager)
    response = client.post(
        parcours.url(demande, "personnel"), {**parcours.PERSONNEL, "telephone": telephone}
    )
    assert response.status_code == 302
    return demande.usager


def test_a_new_phone_typed_at_step_1_is_offered_to_the_profile_not_copied(client):
    user = brouillon_avec_telephone(client)
    user.refresh_from_db()
    assert user.telephone.as_e164 == "+33612345678"
    page = client.get(MON_COMPTE).content.decode()
    assert "Enregistrer ce numéro dans votre profil ?" in page
    assert "07 98 76 54 32" in page

    response = client.post("/espace-personnel/mon-compte/telephone/", {"action": "enregistrer"})
    assert response.url == MON_COMPTE
    user.refresh_from_db()
    assert user.telephone.as_e164 == "+33798765432"
    assert (
        "Enregistrer ce numéro dans votre profil ?" not in client.get(MON_COMPTE).content.decode()
    )


def test_declining_keeps_the_profile_phone_and_stops_asking(client):
    user = brouillon_avec_telephone(client)
    client.post("/espace-personnel/mon-compte/telephone/", {"action": "ignorer"})
    user.refresh_from_db()
    assert user.telephone.as_e164 == "+33612345678"
    assert (
        "Enregistrer ce numéro dans votre profil ?" not in client.get(MON_COMPTE).content.decode()
    )


def test_same_phone_as_the_profile_asks_nothing(client):
    brouillon_avec_telephone(client, telephone="06 12 34 56 78")
    assert (
        "Enregistrer ce numéro dans votre profil ?" not in client.get(MON_COMPTE).content.decode()
    )
