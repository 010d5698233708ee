"""Agents' accounts: the administrateur local's page, `create_agent` and its enrolment link."""

import datetime
import threading
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ActeAgent, NatureActeAgent, User
from instruction import agents
from instruction.roles import ROLES
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.back_office import connecter_agent
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db

CHANGELIST = "/back-office/accounts/agent/"
AJOUT = "/back-office/accounts/agent/add/"
NOUVEAU_MOT_DE_PASSE = "Nouveau#2026agent"


@pytest.fixture
def nord():
    return PrefectureFactory(code="59", nom="Préfecture du Nord")


@pytest.fixture
def paris():
    return PrefectureFactory(code="75", nom="Préfecture de police")


@pytest.fixture
def admin_local(client, nord):
    user = agent("administrateur_local", prefecture=nord)
    connecter_agent(client, user)
    return user


def creer(client, **valeurs):
    donnees = {
        "prenom": "Léa",
        "nom": "Moreau",
        "email": "Lea.Moreau@interieur.gouv.fr",
        "role": "valideur",
        **valeurs,
    }
    return client.post(AJOUT, donnees)


def test_admin_local_lists_only_the_agents_of_his_prefecture(client, admin_local, nord, paris):
    collegue = agent("instructeur", prefecture=nord)
    ailleurs = agent("instructeur", prefecture=paris)
    UserFactory(agent=True, prefecture=nord, is_superuser=True, identifiant="admin-nord")
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    listes = set(page.context["cl"].queryset.values_list("pk", flat=True))
    assert listes == {collegue.pk, admin_local.pk}
    assert client.get(f"{CHANGELIST}{collegue.pk}/change/").status_code == 200
    assert client.get(f"{CHANGELIST}{ailleurs.pk}/change/").status_code == 404


def test_an_instructeur_has_no_agents_page(client, nord):
    connecter_agent(client, agent("instructeur", prefecture=nord))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(AJOUT).status_code == 403


def test_admin_local_creates_an_agent_of_his_prefecture_only(client, admin_local, nord, paris):
    page = creer(client, prefecture=paris.pk, is_superuser="on", is_staff="on", groups="1")
    assert page.status_code == 200
    cree = User.objects.get(identifiant="lea.moreau@interieur.gouv.fr")
    assert cree.prefecture == nord and cree.is_staff and not cree.is_superuser
    assert list(cree.groups.values_list("name", flat=True)) == [ROLES["valideur"].groupe]
    assert not cree.has_usable_password()
    assert "/back-office/activation/" in page.content.decode()
    acte = ActeAgent.objects.get(agent=cree)
    assert acte.nature == NatureActeAgent.CREATION and acte.par == admin_local
    assert cree.history.first().history_user == admin_local
    # A second submit creates nothing more and says why, beside the field.
    encore = creer(client)
    assert encore.status_code == 200
    assert "Un compte existe déjà" in encore.content.decode()
    assert User.objects.filter(email__iexact="lea.moreau@interieur.gouv.fr").count() == 1


def test_a_role_outside_the_three_is_refused(client, admin_local):
    page = creer(client, role="superuser")
    assert page.status_code == 200
    assert not User.objects.filter(identifiant="lea.moreau@interieur.gouv.fr").exists()
    assert 'value="Moreau"' in page.content.decode()  # what was typed is kept


def test_deactivation_is_audited_and_scoped(client, admin_local, nord, paris):
    collegue = agent("instructeur", prefecture=nord)
    ailleurs = agent("instructeur", prefecture=paris)
    client.post(
        CHANGELIST,
        {"action": "desactiver", "_selected_action": [collegue.pk, ailleurs.pk, admin_local.pk]},
    )
    collegue.refresh_from_db()
    ailleurs.refresh_from_db()
    admin_local.refresh_from_db()
    assert not collegue.is_active
    assert ailleurs.is_active and admin_local.is_active
    assert ActeAgent.objects.get(agent=collegue).par == admin_local
    assert not ActeAgent.objects.filter(agent=ailleurs).exists()
    assert collegue.history.first().history_user == admin_local


def test_second_factor_reset_deletes_devices_and_is_audited(client, admin_local, nord, paris):
    collegue = agent("instructeur", prefecture=nord)
    ailleurs = agent("instructeur", prefecture=paris)
    for user in (collegue, ailleurs):
        TOTPDevice.objects.create(user=user, name="application", confirmed=True)
        agents.codes_secours_generer(user=user)
    client.post(
        CHANGELIST,
        {
            "action": "reinitialiser_second_facteur",
            "_selected_action": [collegue.pk, ailleurs.pk],
        },
    )
    assert not TOTPDevice.objects.filter(user=collegue).exists()
    assert not StaticDevice.objects.filter(user=collegue).exists()
    assert TOTPDevice.objects.filter(user=ailleurs).exists()
    acte = ActeAgent.objects.get(agent=collegue)
    assert acte.nature == NatureActeAgent.REINITIALISATION_SECOND_FACTEUR
    assert acte.par == admin_local
    assert not ActeAgent.objects.filter(agent=ailleurs).exists()
    # The audit is on the agent's page.
    assert (
        "Réinitialisation du second facteur"
        in client.get(f"{CHANGELIST}{collegue.pk}/change/").content.decode()
    )


def test_after_a_reset_a_verified_session_goes_back_to_enrolment(client, nord):
    collegue = agent("instructeur", prefecture=nord)
    connecter_agent(client, collegue)
    assert client.get("/back-office/").status_code == 200
    agents.second_facteur_reinitialiser(agent=collegue, par=collegue)
    reponse = client.get("/back-office/")
    assert reponse.status_code == 302
    reponse = client.get(reponse["Location"])
    assert reponse["Location"].startswith(reverse("admin:second_facteur_enrolement"))


def test_a_superuser_chooses_the_prefecture(client, nord, paris):
    admin = UserFactory(agent=True, prefecture=None, is_superuser=True, identifiant="admin")
    connecter_agent(client, admin)
    creer(client, prefecture=paris.pk, role="instructeur")
    assert User.objects.get(identifiant="lea.moreau@interieur.gouv.fr").prefecture == paris


# --- create_agent and the enrolment link ------------------------------------------------------


def commande(*args) -> str:
    sortie = StringIO()
    call_command("create_agent", *args, stdout=sortie)
    return sortie.getvalue()


def lien_de(sortie: str) -> str:
    lien = sortie.strip().splitlines()[-1]
    assert lien.startswith("http://testserver/back-office/activation/")
    return lien.removeprefix("http://testserver")


def test_create_agent_creates_the_agent_and_prints_a_link(nord):
    sortie = commande(
        "--prefecture",
        "59",
        "--role",
        "instructeur",
        "--email",
        "Paul.Roux@Interieur.gouv.fr",
        "--nom",
        "Roux",
        "--prenom",
        "Paul",
    )
    cree = User.objects.get(identifiant="paul.roux@interieur.gouv.fr")
    assert cree.is_staff and not cree.is_superuser and cree.prefecture == nord
    assert cree.groups.get().name == "Instructeurs"
    assert (cree.nom, cree.prenom) == ("ROUX", "Paul")
    assert ActeAgent.objects.get(agent=cree).par is None
    lien_de(sortie)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--prefecture", "99", "--role", "valideur", "--email", "a@b.fr"], "Préfecture inconnue"),
        (["--prefecture", "59", "--role", "valideur", "--email", "pas-un-email"], "invalide"),
    ],
)
def test_create_agent_refuses_bad_input(nord, arguments, message):
    with pytest.raises(CommandError, match=message):
        commande(*arguments)
    assert not User.objects.filter(is_staff=True).exists()


def test_create_agent_refuses_an_existing_address(nord):
    UserFactory(email="pris@exemple.fr")
    with pytest.raises(CommandError, match="existe déjà"):
        commande("--prefecture", "59", "--role", "valideur", "--email", "Pris@exemple.fr")


def test_the_link_sets_the_password_then_enrols_then_lets_in(client, nord):
    lien = lien_de(commande("--prefecture", "59", "--role", "valideur", "--email", "v@x.fr"))
    page = client.get(lien)
    assert page.status_code == 200 and "v@x.fr" in page.content.decode()

    # The password policy applies, what was typed stays, nothing is used up.
    faible = client.post(lien, {"password": "court", "password_confirmation": "court"})
    assert faible.status_code == 200 and "au moins 8 caractères" in faible.content.decode()
    reponse = client.post(
        lien, {"password": NOUVEAU_MOT_DE_PASSE, "password_confirmation": NOUVEAU_MOT_DE_PASSE}
    )
    assert reponse["Location"] == reverse("admin:second_facteur_enrolement")
    cree = User.objects.get(identifiant="v@x.fr")
    assert cree.check_password(NOUVEAU_MOT_DE_PASSE)
    assert client.get("/back-office/").status_code == 302  # not verified yet

    client.get(reverse("admin:second_facteur_enrolement"))
    device = TOTPDevice.objects.get(user=cree)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    reponse = client.post(reverse("admin:second_facteur_enrolement"), {"code": code})
    assert client.get(reponse["Location"]).status_code == 200  # backup codes
    assert client.get("/back-office/").status_code == 200


def test_the_link_works_once(client, nord):
    lien = lien_de(commande("--prefecture", "59", "--role", "valideur", "--email", "v@x.fr"))
    mots = {"password": NOUVEAU_MOT_DE_PASSE, "password_confirmation": NOUVEAU_MOT_DE_PASSE}
    client.post(lien, mots)
    client.logout()
    for reponse in (client.get(lien), client.post(lien, mots)):
        assert reponse.status_code == 410
        assert "Ce lien a déjà servi" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_expired_link_is_refused(client, nord):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)):
        lien = lien_de(commande("--prefecture", "59", "--role", "valideur", "--email", "v@x.fr"))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 59, tzinfo=datetime.UTC)):
        assert client.get(lien).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 1, tzinfo=datetime.UTC)):
        page = client.get(lien)
    assert page.status_code == 410
    assert "Ce lien a expiré" in page.content.decode()
    assert not User.objects.get(identifiant="v@x.fr").has_usable_password()


def test_a_forged_link_is_refused(client, nord):
    page = client.get(reverse("admin:agent_enrolement_lien", args=["pas-un-jeton"]))
    assert "pas valide" in page.content.decode()
    assert page.status_code == 410


@pytest.mark.django_db(transaction=True)
def test_two_submits_of_the_link_set_one_password(nord):
    # A transactional test may follow another that flushed the migration's groups.
    Group.objects.get_or_create(name=ROLES["valideur"].groupe)
    cree = agents.agent_creer(prefecture=nord, role=ROLES["valideur"], email="v@x.fr", par=None)
    jeton = agents.lien_enrolement(cree).rstrip("/").rsplit("/", 1)[-1]
    resultats = []

    def utiliser(mot):
        try:
            agents.mot_de_passe_initial_definir(jeton=jeton, password=mot)
            resultats.append(mot)
        except agents.LienDejaUtilise:
            resultats.append(None)
        finally:
            connection.close()

    fils = [threading.Thread(target=utiliser, args=(m,)) for m in ("Premier#2026a", "Second#2026b")]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    gagnants = [r for r in resultats if r]
    assert len(gagnants) == 1
    cree.refresh_from_db()
    assert cree.check_password(gagnants[0])


def test_the_groups_hold_exactly_the_roles_permissions():
    for role in ROLES.values():
        groupe = Group.objects.get(name=role.groupe)
        tenues = {
            f"{app}.{code}"
            for app, code in groupe.permissions.values_list("content_type__app_label", "codename")
        }
        assert tenues == set(role.permissions), role.code


def test_an_admin_local_has_nothing_of_the_applicants(client, admin_local, nord):
    from tests.demandes.factories import DemandeFactory

    usager = DemandeFactory(deposee=True, prefecture=nord).usager
    assert client.get("/back-office/accounts/user/").status_code == 403
    assert client.get(f"/back-office/accounts/user/{usager.pk}/change/").status_code == 403
    assert client.get("/back-office/demandes/demande/").status_code == 403
