import datetime

import pytest
import time_machine
from django.core import mail

from accounts.models import Inscription, StatutCompte, User
from tests.accounts.factories import PASSWORD, DocumentSejourFactory, UserFactory
from tests.conftest import link_in

pytestmark = pytest.mark.django_db


def date_fields(prefix: str, value: datetime.date) -> dict:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def step1(client, document, **overrides):
    data = {
        "numero": document.numero,
        **date_fields("date_debut", document.date_debut_validite),
        **date_fields("date_fin", document.date_fin_validite),
        **overrides,
    }
    return client.post("/compte/creation/", data)


def step2(client, email="amina@exemple.fr", confirmation=None):
    return client.post(
        "/compte/creation/email/",
        {"email": email, "email_confirmation": confirmation or email},
    )


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


def open_link(client, link: str) -> str:
    """Open an e-mailed link: its token moves into the session; returns the token-free page."""
    response = client.get(path_of(link))
    assert response.status_code == 302
    assert "/mot-de-passe/" in response.url or "/confirmer/" in response.url
    return response.url


def test_titre_holder_creates_account_and_logs_in_with_numero_etranger(client):
    document = DocumentSejourFactory()

    assert step1(client, document).url == "/compte/creation/email/"
    response = step2(client)
    assert response.url == "/compte/creation/enregistree/"
    page = client.get(response.url).content.decode()
    assert "Demande de création de compte bien enregistrée" in page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@exemple.fr"]
    assert "ce lien n'est valable que 24 heures" in message.body
    assert "La Direction Générale des Etrangers en France" in message.body
    assert message.alternatives and message.alternatives[0].mimetype == "text/html"

    link = open_link(client, link_in(message))
    assert "Créez votre mot de passe" in client.get(link).content.decode()
    response = client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})
    assert response.url == "/compte/creation/terminee/"
    assert "Votre compte a bien été créé" in client.get(response.url).content.decode()

    user = User.objects.get()
    assert user.identifiant == document.numero_etranger
    assert user.email == "amina@exemple.fr"
    assert user.statut == StatutCompte.ACTIF

    response = client.post(
        "/compte/connexion/", {"identifiant": document.numero_etranger, "password": PASSWORD}
    )
    assert response.url == "/espace-personnel/mon-compte/"
    page = client.get("/espace-personnel/mon-compte/").content.decode()
    assert document.motif in page
    assert document.date_fin_validite.strftime("%d/%m/%Y") in page


def test_unknown_number_or_wrong_dates_get_one_generic_message(client):
    document = DocumentSejourFactory()
    wrong_date = document.date_fin_validite + datetime.timedelta(days=1)
    for response in [
        step1(client, document, numero="0000000000"),
        step1(client, document, **date_fields("date_fin", wrong_date)),
    ]:
        assert response.status_code == 400
        page = response.content.decode()
        assert "ne permettent pas de vous identifier" in page
        assert 'value="' + response.context["form"].data["numero"] + '"' in page
    assert "inscription_document" not in client.session


def test_missing_dates_are_named_beside_each_field(client):
    response = client.post("/compte/creation/", {"numero": "123"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["date_debut"] == ["Saisissez la date de début de validité."]
    assert form.errors["date_fin"] == ["Saisissez la date de fin de validité."]


def test_number_already_linked_points_to_login_and_reset(client):
    user = UserFactory()
    response = step1(client, user.document)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Un compte existe déjà pour ce document" in page
    assert "/compte/mot-de-passe-oublie/" in page


def test_mismatched_emails_are_a_field_error_and_keep_what_was_typed(client):
    step1(client, DocumentSejourFactory())
    response = step2(client, "amina@exemple.fr", "amina@exemple.com")
    assert response.status_code == 200
    assert response.context["form"].errors["email_confirmation"] == [
        "Les deux adresses email ne sont pas identiques."
    ]
    assert 'value="amina@exemple.com"' in response.content.decode()
    assert not mail.outbox


def test_email_step_without_step1_goes_back_to_step1(client):
    assert client.get("/compte/creation/email/").url == "/compte/creation/"


def test_weak_password_names_each_unmet_rule_and_keeps_typed_value(client):
    step1(client, DocumentSejourFactory())
    step2(client)
    link = open_link(client, link_in(mail.outbox[0]))
    response = client.post(link, {"password": "abc", "password_confirmation": "abc"})
    errors = " ".join(response.context["form"].errors["password"])
    for rule in ["au moins 8 caractères", "une majuscule", "un caractère spécial", "un chiffre"]:
        assert rule in errors
    assert "une minuscule" not in errors
    assert 'value="abc"' in response.content.decode()
    assert not User.objects.exists()


def test_mismatched_passwords_are_a_field_error(client):
    step1(client, DocumentSejourFactory())
    step2(client)
    link = open_link(client, link_in(mail.outbox[0]))
    response = client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD + "x"})
    assert response.context["form"].errors["password_confirmation"] == [
        "Les deux mots de passe ne sont pas identiques."
    ]


def test_link_expires_after_24_hours(client):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)):
        step1(client, DocumentSejourFactory())
        step2(client)
    link = open_link(client, link_in(mail.outbox[0]))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 59, tzinfo=datetime.UTC)):
        assert client.get(link).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 1, tzinfo=datetime.UTC)):
        response = client.get(link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "n'est valable que 24 heures" in page
    assert "/compte/creation/" in page


def test_link_works_once(client):
    step1(client, DocumentSejourFactory())
    step2(client)
    link = open_link(client, link_in(mail.outbox[0]))
    client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})
    response = client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})
    assert response.status_code == 410
    assert "déjà été utilisé" in response.content.decode()
    assert User.objects.count() == 1
    assert Inscription.objects.get().terminee_le is not None


def test_tampered_link_is_refused(client):
    response = client.get("/compte/inscription/mot-de-passe/not-a-token/", follow=True)
    assert response.status_code == 410


def test_visa_holder_gets_a_pending_account_identified_by_email(client):
    document = DocumentSejourFactory(visa=True)
    step1(client, document)
    step2(client, "visa@exemple.fr")
    assert "adresse email" in client.get("/compte/creation/enregistree/").content.decode()
    link = open_link(client, link_in(mail.outbox[0]))
    client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})

    user = User.objects.get()
    assert user.identifiant == "visa@exemple.fr"
    assert user.numero_etranger is None
    assert user.statut == StatutCompte.EN_ATTENTE_NUMERO
    response = client.post(
        "/compte/connexion/", {"identifiant": "visa@exemple.fr", "password": PASSWORD}
    )
    assert response.url == "/espace-personnel/mon-compte/"
