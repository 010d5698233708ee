"""Agents see only their prefecture's data in the back office."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import IntegrityError

from accounts.models import Inscription, User
from justificatifs.models import Consultation, Fichier
from notifications.models import Notification, TypeNotification
from tests.accounts.factories import (
    PASSWORD,
    DocumentSejourFactory,
    PrefectureFactory,
    UserFactory,
)
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def deposee(numero, prefecture):
    return DemandeFactory(deposee=True, numero=numero, prefecture=prefecture)


@pytest.fixture
def agent_du_nord(client):
    nord = PrefectureFactory(code="59", nom="Préfecture du Nord")
    groupe = Group.objects.create(name="Agents instructeurs")
    groupe.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    agent = UserFactory(agent=True, prefecture=nord)
    agent.groups.add(groupe)
    connecter_agent(client, agent)
    return nord


def test_an_agent_sees_only_the_requests_of_his_prefecture(client, agent_du_nord):
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    du_nord = deposee("5901202611230000001", agent_du_nord)
    de_paris = deposee("7501202611230000001", paris)
    page = client.get("/back-office/demandes/demande/").content.decode()
    assert du_nord.numero in page and de_paris.numero not in page
    autre = client.get(f"/back-office/demandes/demande/{de_paris.pk}/change/")
    assert autre.status_code == 404
    assert client.get(f"/back-office/demandes/demande/{du_nord.pk}/change/").status_code == 200


def test_an_agent_sees_only_his_prefectures_applicants_and_notifications(client, agent_du_nord):
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    du_nord = deposee("5901202611230000001", agent_du_nord)
    de_paris = deposee("7501202611230000001", paris)
    for demande in (du_nord, de_paris):
        Notification.objects.create(
            usager=demande.usager,
            demande=demande,
            type=TypeNotification.CONFIRMATION_DEPOT,
            titre=f"Dépôt {demande.numero}",
            message="ok",
        )
    users = client.get("/back-office/accounts/user/?q=").content.decode()
    assert du_nord.usager.identifiant in users
    assert de_paris.usager.identifiant not in users
    notifications = client.get("/back-office/notifications/notification/")
    assert notifications.status_code == 200
    assert notifications.context["cl"].result_count == 1


def test_mail_monitoring_is_for_administrators_only(client, agent_du_nord):
    assert client.get("/back-office/notifications/courriel/").status_code == 403


# --- Deposited requests are read-only, drafts are never shown --------------------------------


@pytest.fixture
def superuser(client):
    admin = UserFactory(agent=True, prefecture=None, is_superuser=True, identifiant="admin")
    connecter_agent(client, admin)
    return admin


def test_a_deposited_request_is_read_only_even_for_a_superuser(client, superuser):
    nord = PrefectureFactory(code="59")
    demande = deposee("5901202611230000001", nord)
    demande.saisie = {"personnel": {"nom": "DUPONT"}}
    demande.save()
    url = f"/back-office/demandes/demande/{demande.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="saisie"' not in page.content and b'name="observations"' not in page.content
    response = client.post(
        url, {"saisie": '{"personnel": {"nom": "X"}}', "observations": "modifié", "prefecture": ""}
    )
    assert response.status_code == 403
    assert client.post(f"/back-office/demandes/demande/{demande.pk}/delete/").status_code == 403
    liste = client.post(
        "/back-office/demandes/demande/",
        {"action": "delete_selected", "_selected_action": [demande.pk], "post": "yes"},
    )
    assert liste.status_code in (200, 302)
    demande.refresh_from_db()
    assert demande.saisie == {"personnel": {"nom": "DUPONT"}} and demande.observations == ""


def test_drafts_are_never_shown_even_to_a_superuser(client, superuser):
    brouillon = DemandeFactory()
    brouillon.observations = "brouillon-secret"
    brouillon.save()
    liste = client.get("/back-office/demandes/demande/")
    assert liste.context["cl"].result_count == 0
    assert client.get(f"/back-office/demandes/demande/{brouillon.pk}/change/").status_code == 404


# --- Accounts: agents cannot grant, re-identify or take over ---------------------------------


@pytest.fixture
def agent_gestionnaire(client):
    """An agent of the Nord whose role may change accounts."""
    nord = PrefectureFactory(code="59", nom="Préfecture du Nord")
    groupe = Group.objects.create(name="Agents gestionnaires")
    groupe.permissions.set(
        Permission.objects.filter(codename__in=["view_user", "change_user", "view_demande"])
    )
    agent = UserFactory(agent=True, prefecture=nord, identifiant="gestionnaire")
    agent.groups.add(groupe)
    connecter_agent(client, agent)
    return agent


def formulaire_usager(usager, **changes):
    donnees = {
        "nom": usager.nom,
        "prenom": usager.prenom,
        "email": usager.email,
        "telephone": "",
        "doit_changer_mot_de_passe": "",
    }
    return {**donnees, **changes}


def test_an_agent_cannot_change_privileges_or_identity(client, agent_gestionnaire):
    usager = deposee("5901202611230000001", agent_gestionnaire.prefecture).usager
    groupe = Group.objects.get(name="Agents gestionnaires")
    url = f"/back-office/accounts/user/{usager.pk}/change/"
    page = client.get(url).content.decode()
    for champ in ["is_superuser", "groups", "user_permissions", "numero_etranger", "statut"]:
        assert f'name="{champ}"' not in page, champ
    assert "../password/" not in page
    response = client.post(
        url,
        formulaire_usager(
            usager,
            email="nouvelle@exemple.fr",
            is_superuser="on",
            is_staff="on",
            groups=[groupe.pk],
            numero_etranger="9999999999",
            statut="en_attente_numero",
            identifiant="pirate",
        ),
    )
    assert response.status_code == 302
    usager.refresh_from_db()
    assert usager.email == "nouvelle@exemple.fr"
    assert not usager.is_superuser and not usager.is_staff and not usager.groups.exists()
    assert usager.numero_etranger != "9999999999" and usager.statut == "actif"
    assert usager.identifiant != "pirate"


def test_an_agent_cannot_change_another_agent_or_set_a_password(client, agent_gestionnaire):
    collegue = UserFactory(agent=True, prefecture=agent_gestionnaire.prefecture)
    usager = deposee("5901202611230000001", agent_gestionnaire.prefecture).usager
    url = f"/back-office/accounts/user/{collegue.pk}/change/"
    assert client.post(url, formulaire_usager(collegue, nom="X")).status_code == 403
    collegue.refresh_from_db()
    assert collegue.nom != "X"
    mot_de_passe = f"/back-office/accounts/user/{usager.pk}/password/"
    nouveau = {"password1": "Nouveau#2026abc", "password2": "Nouveau#2026abc"}
    assert client.post(mot_de_passe, nouveau).status_code == 403


def test_a_staff_user_needs_a_prefecture_and_a_role(client, superuser):
    agent = UserFactory(agent=True, identifiant="agent.sans.role")
    response = client.post(
        f"/back-office/accounts/user/{agent.pk}/change/",
        {
            **formulaire_usager(agent),
            "identifiant": agent.identifiant,
            "statut": "actif",
            "is_staff": "on",
            "is_active": "on",
            "prefecture": "",
            "date_joined_0": "2026-11-30",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    erreurs = response.context["adminform"].form.errors
    assert erreurs["prefecture"] == ["Un agent doit être rattaché à une préfecture."]
    assert erreurs["groups"] == ["Un agent doit avoir au moins un rôle (groupe)."]
    assert 'value="agent.sans.role"' in response.content.decode()
    agent.refresh_from_db()
    assert agent.prefecture_id is not None


def test_the_database_refuses_a_staff_user_without_prefecture():
    agent = UserFactory(agent=True)
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=agent.pk).update(prefecture=None)


# --- The registry and pending creations: no validity dates, no typed e-mail for agents --------


def test_agents_never_see_validity_dates_nor_the_typed_email(client, agent_du_nord):
    document = DocumentSejourFactory(
        prefecture=agent_du_nord,
        date_debut_validite=datetime.date(2019, 3, 14),
        date_fin_validite=datetime.date(2031, 3, 13),
    )
    inscription = Inscription.objects.create(document=document, email="tape@exemple.fr")
    for url in [
        "/back-office/accounts/documentsejour/",
        f"/back-office/accounts/documentsejour/{document.pk}/change/",
        f"/back-office/accounts/inscription/{inscription.pk}/change/",
        "/back-office/accounts/inscription/",
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        texte = page.content.decode()
        for secret in ["2019", "2031", "tape@exemple.fr"]:
            assert secret not in texte, (url, secret)
    assert document.numero in client.get("/back-office/accounts/documentsejour/").content.decode()


def test_a_superuser_sees_validity_dates_and_the_typed_email(client, superuser):
    document = DocumentSejourFactory(date_fin_validite=datetime.date(2027, 3, 13))
    inscription = Inscription.objects.create(document=document, email="tape@exemple.fr")
    assert (
        "2027"
        in client.get(
            f"/back-office/accounts/documentsejour/{document.pk}/change/"
        ).content.decode()
    )
    assert (
        "tape@exemple.fr"
        in client.get(
            f"/back-office/accounts/inscription/{inscription.pk}/change/"
        ).content.decode()
    )


# --- Agents open the files of their prefecture's requests, audited ---------------------------


def fichier_de(demande, contenu=b"%PDF-1.7 contenu"):
    fichier = Fichier(
        demande=demande,
        piece="passeport",
        nom="passeport.pdf",
        taille=len(contenu),
        type_mime="application/pdf",
        sha256="0" * 64,
    )
    fichier.fichier.save("", ContentFile(contenu), save=True)
    return fichier


def test_an_agent_downloads_a_file_of_his_prefecture_and_it_is_audited(client, agent_du_nord):
    fichier = fichier_de(deposee("5901202611230000001", agent_du_nord))
    agent = User.objects.get(is_staff=True, prefecture=agent_du_nord)
    page = client.get(f"/back-office/demandes/demande/{fichier.demande_id}/change/")
    lien = f"/back-office/justificatifs/fichier/{fichier.pk}/telecharger/"
    assert lien in page.content.decode()
    response = client.get(lien)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 contenu"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    consultation = Consultation.objects.get()
    assert (consultation.fichier, consultation.agent) == (fichier, agent)


def test_a_file_of_another_prefecture_or_of_a_draft_is_a_404(client, agent_du_nord):
    paris = PrefectureFactory(code="75")
    autre = fichier_de(deposee("7501202611230000001", paris))
    brouillon = fichier_de(DemandeFactory())
    for fichier in (autre, brouillon):
        url = f"/back-office/justificatifs/fichier/{fichier.pk}/telecharger/"
        assert client.get(url).status_code == 404
    assert not Consultation.objects.exists()


def test_an_applicant_cannot_use_the_back_office_download(client):
    fichier = fichier_de(deposee("5901202611230000001", PrefectureFactory(code="59")))
    client.force_login(fichier.demande.usager)
    response = client.get(f"/back-office/justificatifs/fichier/{fichier.pk}/telecharger/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Consultation.objects.exists()


# --- History of what agents change -----------------------------------------------------------


def test_an_agents_change_is_in_the_history_with_his_name(client, agent_gestionnaire):
    usager = deposee("5901202611230000001", agent_gestionnaire.prefecture).usager
    client.post(
        f"/back-office/accounts/user/{usager.pk}/change/",
        formulaire_usager(usager, email="corrige@exemple.fr"),
    )
    derniere = usager.history.latest()
    assert derniere.email == "corrige@exemple.fr"
    assert derniere.history_user == agent_gestionnaire
    assert not hasattr(derniere, "password") and not hasattr(derniere, "session_salt")
    page = client.get(f"/back-office/accounts/user/{usager.pk}/history/")
    assert page.status_code == 200
    assert str(agent_gestionnaire) in page.content.decode()


def test_a_login_does_not_add_a_history_row(client):
    usager = UserFactory()
    avant = usager.history.count()
    response = client.post(
        "/compte/connexion/", {"identifiant": usager.identifiant, "password": PASSWORD}
    )
    assert response.status_code == 302
    usager.refresh_from_db()
    assert usager.last_login is not None and usager.history.count() == avant


def test_the_history_of_a_user_out_of_scope_is_a_404(client, agent_gestionnaire):
    autre = deposee("7501202611230000001", PrefectureFactory(code="75")).usager
    autre.nom = "CHANGE"
    autre.save()
    assert client.get(f"/back-office/accounts/user/{autre.pk}/history/").status_code == 404


def test_the_requests_list_costs_a_fixed_number_of_queries(
    client, agent_du_nord, django_assert_max_num_queries
):
    for n in range(1, 21):
        deposee(f"590120261123{n:07d}", agent_du_nord)
    # 16: the session read (sessions are in the database), its first write after the login, the
    # user and role, the second factor's device, permissions, the statement timeout's
    # savepoint, set_config and release (instruction.middleware), one capped count (no full
    # count), the rows and the agents of the « agent en charge » filter
    # (tests/instruction/test_requetes.py: constant in rows).
    with django_assert_max_num_queries(16):
        response = client.get("/back-office/demandes/demande/")
    assert response.context["cl"].result_count == 20


def test_the_history_of_a_document_hides_its_dates_from_agents(client, agent_du_nord):
    document = DocumentSejourFactory(
        prefecture=agent_du_nord,
        date_debut_validite=datetime.date(2019, 3, 14),
        date_fin_validite=datetime.date(2031, 3, 13),
    )
    document.date_fin_validite = datetime.date(2032, 3, 13)
    document.lieu_naissance = "Casablanca"
    document.save()
    url = f"/back-office/accounts/documentsejour/{document.pk}/history/"
    page = client.get(url).content.decode()
    assert "Casablanca" in page
    assert "2031" not in page and "2032" not in page
    version = document.history.earliest().history_id
    assert client.get(f"{url}{version}/").status_code == 403


def test_a_past_version_never_reverts_anything(client, superuser):
    usager = UserFactory(nom="AVANT")
    usager.nom = "APRES"
    usager.save()
    version = usager.history.earliest()
    url = f"/back-office/accounts/user/{usager.pk}/history/{version.history_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"nom": "AVANT", "identifiant": usager.identifiant}).status_code == 403
    usager.refresh_from_db()
    assert usager.nom == "APRES"


def test_a_superuser_makes_an_applicant_an_agent(client, superuser):
    nord = PrefectureFactory(code="59")
    groupe = Group.objects.create(name="Agents instructeurs")
    personne = UserFactory(document=None, numero_etranger=None, identifiant="nouvel.agent")
    response = client.post(
        f"/back-office/accounts/user/{personne.pk}/change/",
        {
            **formulaire_usager(personne),
            "identifiant": personne.identifiant,
            "statut": "actif",
            "is_staff": "on",
            "is_active": "on",
            "prefecture": nord.pk,
            "groups": [groupe.pk],
            "date_joined_0": "2026-11-30",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    personne.refresh_from_db()
    assert personne.is_staff and personne.prefecture == nord
    assert list(personne.groups.all()) == [groupe]
    assert personne.history.latest().history_user == superuser


def test_agents_do_not_see_administrators_of_their_prefecture(client, agent_du_nord):
    administrateur = UserFactory(
        agent=True, prefecture=agent_du_nord, is_superuser=True, identifiant="root.nord"
    )
    liste = client.get("/back-office/accounts/user/").content.decode()
    assert "root.nord" not in liste
    page = client.get(f"/back-office/accounts/user/{administrateur.pk}/change/")
    assert page.status_code == 404
