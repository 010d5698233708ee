"""One e-mail address, one account; e-mail identifiers log in whatever their case (issue 8)."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.db import IntegrityError, connection, transaction

from accounts.models import Inscription, User
from tests.accounts.factories import PASSWORD, DocumentSejourFactory, UserFactory
from tests.accounts.test_creation_compte import path_of, step1, step2
from tests.conftest import link_in

pytestmark = pytest.mark.django_db


def test_creation_refuses_an_address_another_account_uses_whatever_its_case(client):
    UserFactory(email="amina@exemple.fr")
    step1(client, DocumentSejourFactory())
    response = step2(client, "Amina@Exemple.FR")
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert errors == [
        "Cette adresse email ne peut pas être utilisée : elle est déjà associée à un compte. "
        "Saisissez une autre adresse."
    ]
    page = response.content.decode()
    assert 'value="Amina@Exemple.FR"' in page
    assert not mail.outbox
    assert not Inscription.objects.exists()


def test_email_change_refuses_an_address_another_account_uses(client):
    UserFactory(email="pris@exemple.fr")
    user = UserFactory(email="moi@exemple.fr")
    client.force_login(user)
    response = client.post(
        "/compte/profil/",
        {
            "action": "email",
            "mail-email": "PRIS@exemple.fr",
            "mail-email_confirmation": "PRIS@exemple.fr",
        },
    )
    assert response.status_code == 400
    assert "déjà associée à un compte" in response.content.decode()
    user.refresh_from_db()
    assert user.email_en_attente == ""
    assert not mail.outbox


def test_the_database_refuses_two_accounts_on_one_address():
    UserFactory(email="amina@exemple.fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="AMINA@exemple.fr")
    # Agents created without an address do not collide.
    UserFactory(agent=True, email="")
    UserFactory(agent=True, email="")


def test_visa_holder_logs_in_with_the_address_as_typed_at_creation(client):
    document = DocumentSejourFactory(visa=True)
    step1(client, document)
    step2(client, "Chinedu.Okafor@Exemple.fr")
    page = client.get(path_of(link_in(mail.outbox[0])), follow=True)
    client.post(
        page.request["PATH_INFO"], {"password": PASSWORD, "password_confirmation": PASSWORD}
    )
    assert User.objects.get().identifiant == "chinedu.okafor@exemple.fr"

    for typed in [
        "Chinedu.Okafor@Exemple.fr",
        " chinedu.okafor@exemple.fr",
        "CHINEDU.OKAFOR@EXEMPLE.FR",
    ]:
        client.logout()
        response = client.post("/compte/connexion/", {"identifiant": typed, "password": PASSWORD})
        assert response.status_code == 302, typed
        assert response.url == "/espace-personnel/mon-compte/"


def test_identifier_field_is_not_capitalised_by_phones(client):
    page = client.get("/compte/connexion/").content.decode()
    field = page[page.index('name="identifiant"') - 300 : page.index('name="identifiant"') + 300]
    assert 'autocapitalize="none"' in field
    assert 'autocomplete="username"' in field


def test_data_migration_lowercases_and_keeps_each_address_on_one_account():
    migration = importlib.import_module("accounts.migrations.0002_email_unique_sans_casse")
    with connection.schema_editor() as editor:
        for constraint in User._meta.constraints:
            if constraint.name in ("email_unique_sans_casse", "identifiant_email_en_minuscules"):
                editor.remove_constraint(User, constraint)
    ancien = UserFactory(email="Partage@Exemple.fr")
    visa = UserFactory(
        document=DocumentSejourFactory(visa=True),
        identifiant="PARTAGE@exemple.fr",
        email="partage@exemple.FR",
    )
    autre = UserFactory(email="Seul@Exemple.fr")

    migration.normaliser_les_adresses(apps, None)

    for user in (ancien, visa, autre):
        user.refresh_from_db()
    assert visa.email == "partage@exemple.fr"
    assert visa.identifiant == "partage@exemple.fr"
    assert ancien.email == ""
    assert autre.email == "seul@exemple.fr"


def test_two_pending_creations_with_one_address_create_one_account(client):
    from tests.clients import CommittingClient

    other = CommittingClient()
    step1(client, DocumentSejourFactory())
    step2(client, "meme@exemple.fr")
    step1(other, DocumentSejourFactory())
    step2(other, "meme@exemple.fr")
    first, second = (link_in(message) for message in mail.outbox)

    page = client.get(path_of(first)).url
    client.post(page, {"password": PASSWORD, "password_confirmation": PASSWORD})
    page = other.get(path_of(second)).url
    response = other.post(page, {"password": PASSWORD, "password_confirmation": PASSWORD})

    assert response.status_code == 200
    assert "Un compte existe déjà pour ce document ou cette adresse email" in (
        response.content.decode()
    )
    assert User.objects.filter(email="meme@exemple.fr").count() == 1


def test_an_address_taken_while_the_change_link_waited_is_refused(client):
    user = UserFactory(email="moi@exemple.fr")
    client.force_login(user)
    client.post(
        "/compte/profil/",
        {
            "action": "email",
            "mail-email": "convoitee@exemple.fr",
            "mail-email_confirmation": "convoitee@exemple.fr",
        },
    )
    UserFactory(email="Convoitee@exemple.fr")
    response = client.get(path_of(link_in(mail.outbox[0])), follow=True)
    assert response.status_code == 410
    assert "Cette adresse email est déjà associée à un autre compte." in response.content.decode()
    user.refresh_from_db()
    assert user.email == "moi@exemple.fr"
