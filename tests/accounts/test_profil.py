import pytest
from django.core import mail

from accounts import services
from accounts.models import StatutCompte
from tests.accounts.factories import PASSWORD, DocumentSejourFactory, UserFactory
from tests.accounts.test_creation_compte import open_link
from tests.conftest import link_in

pytestmark = pytest.mark.django_db


def test_phone_update(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/compte/profil/", {"action": "telephone", "tel-telephone": "06 12 34 56 78"}
    )
    assert response.url == "/compte/profil/"
    user.refresh_from_db()
    assert str(user.telephone) == "+33612345678"


def test_invalid_phone_is_a_field_error_keeping_the_value(client):
    client.force_login(UserFactory())
    response = client.post("/compte/profil/", {"action": "telephone", "tel-telephone": "01 23"})
    assert response.status_code == 400
    assert response.context["telephone_form"].errors["telephone"]
    assert 'value="0123"' in response.content.decode()


def test_landline_is_refused_as_mobile(client):
    client.force_login(UserFactory())
    response = client.post(
        "/compte/profil/", {"action": "telephone", "tel-telephone": "01 42 75 80 00"}
    )
    assert response.status_code == 400


def test_email_change_takes_effect_only_after_the_link(client):
    user = UserFactory(email="ancien@exemple.fr")
    client.force_login(user)
    client.post(
        "/compte/profil/",
        {
            "action": "email",
            "mail-email": "nouveau@exemple.fr",
            "mail-email_confirmation": "nouveau@exemple.fr",
        },
    )
    user.refresh_from_db()
    assert user.email == "ancien@exemple.fr"
    assert user.email_en_attente == "nouveau@exemple.fr"
    assert mail.outbox[0].to == ["nouveau@exemple.fr"]

    link = open_link(client, link_in(mail.outbox[0]))
    assert "nouveau" not in link
    assert client.get(link).url == "/compte/profil/"
    user.refresh_from_db()
    assert user.email == "nouveau@exemple.fr"
    assert user.email_en_attente == ""
    assert client.get(link).status_code == 410


def test_mon_compte_shows_profile_status_history_and_empty_states(client):
    user = UserFactory(document__motif="BPS", document__mention="BENEFICIAIRE DE LA PROTECTION")
    older = DocumentSejourFactory(
        numero_etranger=user.numero_etranger,
        motif="Etudiant",
        date_debut_validite=user.document.date_debut_validite.replace(year=2020),
        date_fin_validite=user.document.date_debut_validite.replace(year=2021),
    )
    client.force_login(user)
    page = client.get("/espace-personnel/mon-compte/").content.decode()
    assert f"Bienvenue {user.prenom} {user.nom}" in page
    assert "BPS" in page and "BENEFICIAIRE DE LA PROTECTION" in page
    assert older.date_fin_validite.strftime("%d/%m/%Y") in page
    assert "avez aucune demande en cours." in page
    assert "avez pas de notification" in page


def test_mon_compte_lists_requests_and_notifications(client):
    from notifications.models import Notification, TypeNotification
    from tests.demandes.factories import DemandeFactory

    user = UserFactory()
    DemandeFactory(deposee=True, usager=user, numero="5901202605010000001")
    Notification.objects.create(
        usager=user, type=TypeNotification.CONFIRMATION_DEPOT, titre="Dépôt", message="ok"
    )
    client.force_login(user)
    page = client.get("/espace-personnel/mon-compte/").content.decode()
    assert "5901202605010000001" in page
    assert "Demande déposée : le" in page
    assert "Confirmation de dépôt" in page
    assert "Notifications (1 non lue)" in page


def test_other_users_notification_is_404(client):
    from notifications.models import Notification, TypeNotification

    notification = Notification.objects.create(
        usager=UserFactory(), type=TypeNotification.DECISION, titre="x", message="x"
    )
    client.force_login(UserFactory())
    assert client.get(f"/espace-personnel/notifications/{notification.pk}/").status_code == 404


def test_opening_a_notification_marks_it_read(client):
    from notifications.models import Notification, TypeNotification

    user = UserFactory()
    notification = Notification.objects.create(
        usager=user, type=TypeNotification.DECISION, titre="Décision", message="x"
    )
    client.force_login(user)
    assert client.get(f"/espace-personnel/notifications/{notification.pk}/").status_code == 200
    notification.refresh_from_db()
    assert notification.lue_le is not None


def test_notifications_are_paginated_by_ten_and_filtered_by_type(client):
    from notifications.models import Notification, TypeNotification

    user = UserFactory()
    for i in range(12):
        Notification.objects.create(
            usager=user,
            type=TypeNotification.DECISION if i % 2 else TypeNotification.DEMANDE_COMPLEMENT,
            titre=f"n{i}",
            message="x",
        )
    client.force_login(user)
    assert len(client.get("/espace-personnel/notifications/").context["page_obj"]) == 10
    assert len(client.get("/espace-personnel/notifications/?page=2").context["page_obj"]) == 2
    filtered = client.get("/espace-personnel/notifications/?type=decision").context["page_obj"]
    assert len(filtered) == 6


def test_visa_account_gets_numero_etranger_and_temporary_password(
    client, django_capture_on_commit_callbacks
):
    document = DocumentSejourFactory(visa=True)
    user = UserFactory(
        document=document,
        numero_etranger=None,
        identifiant="visa@exemple.fr",
        email="visa@exemple.fr",
        statut=StatutCompte.EN_ATTENTE_NUMERO,
    )
    agent = UserFactory(agent=True)
    with django_capture_on_commit_callbacks(execute=True):
        password = services.compte_attribuer_numero_etranger(
            user=user, numero_etranger="7503136189", par=agent
        )
    message = mail.outbox[0]
    assert message.to == ["visa@exemple.fr"]
    assert "7503136189" in message.body and password in message.body

    response = client.post(
        "/compte/connexion/", {"identifiant": "7503136189", "password": password}
    )
    assert response.url == "/compte/mot-de-passe/changer/"
    assert client.post(
        "/compte/connexion/", {"identifiant": "visa@exemple.fr", "password": PASSWORD}
    ).status_code in (302, 400)
    user.refresh_from_db()
    assert user.statut == StatutCompte.ACTIF and user.doit_changer_mot_de_passe

    from notifications.models import Courriel

    stored = Courriel.objects.get(modele="compte_identifiant_provisoire")
    assert password not in stored.texte and password not in stored.html

    client.force_login(user)
    user.doit_changer_mot_de_passe = False
    user.save()
    page = client.get("/espace-personnel/mon-compte/").content.decode()
    assert document.date_fin_validite.strftime("%d/%m/%Y") in page  # the visa stays in history
