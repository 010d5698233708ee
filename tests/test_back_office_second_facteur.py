"""The back office's second factor: password, then a one-time code (or enrolment first)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from instruction import agents
from tests.accounts.factories import PASSWORD, PrefectureFactory, UserFactory
from tests.back_office import connecter_agent
from tests.instruction.factories import agent as agent_factory

pytestmark = pytest.mark.django_db


def admin_urls() -> list[str]:
    """The index and every registered admin's list, plus a file download (an admin view)."""
    listes = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]
    return [
        "/back-office/",
        *listes,
        reverse("admin:justificatifs_fichier_telecharger", args=[1]),
    ]


def code_de(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def instructeur(nord_pref):
    return agent_factory("instructeur", prefecture=nord_pref)


@pytest.fixture
def superuser():
    return UserFactory(
        document=None, numero_etranger=None, identifiant="admin", is_staff=True, is_superuser=True
    )


def mot_de_passe(client, user):
    reponse = client.post(
        "/back-office/login/?next=/back-office/",
        {"username": user.identifiant, "password": PASSWORD, "next": "/back-office/"},
    )
    assert reponse.status_code == 302, reponse.content
    return reponse


def suivre(client, reponse, n=4):
    for _i in range(n):
        if reponse.status_code != 302:
            break
        reponse = client.get(reponse["Location"])
    return reponse


@pytest.mark.parametrize("qui", ["instructeur", "superuser"])
def test_password_alone_reaches_only_enrolment(client, request, qui):
    user = request.getfixturevalue(qui)
    suivre(client, mot_de_passe(client, user))
    for url in admin_urls():
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/back-office/login/" in reponse["Location"]
        fin = suivre(client, reponse)
        assert fin.request["PATH_INFO"] == reverse("admin:second_facteur_enrolement")
        assert "Activer la double authentification" in fin.content.decode()


@pytest.mark.parametrize("qui", ["instructeur", "superuser"])
def test_with_a_device_password_alone_reaches_only_the_code_step(client, request, qui):
    user = request.getfixturevalue(qui)
    TOTPDevice.objects.create(user=user, name="application", confirmed=True)
    suivre(client, mot_de_passe(client, user))
    for url in admin_urls():
        fin = suivre(client, client.get(url))
        assert fin.request["PATH_INFO"] == reverse("admin:second_facteur")
        assert "Code à usage unique" in fin.content.decode()
    # Enrolment is not a way round the code step.
    fin = suivre(client, client.get(reverse("admin:second_facteur_enrolement")))
    assert fin.request["PATH_INFO"] == reverse("admin:second_facteur")


def test_enrolment_shows_a_qr_code_and_the_secret_then_backup_codes_once(client, instructeur):
    suivre(client, mot_de_passe(client, instructeur))
    page = client.get(reverse("admin:second_facteur_enrolement"))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=instructeur, confirmed=False)
    assert 'src="data:image/svg+xml' in html
    assert agents.secret_lisible(device) in html
    # A reload shows the same device (the same QR code).
    client.get(reverse("admin:second_facteur_enrolement"))
    assert TOTPDevice.objects.filter(user=instructeur).count() == 1

    reponse = client.post(
        reverse("admin:second_facteur_enrolement"),
        {"code": code_de(device), "next": "/back-office/"},
    )
    assert reponse.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes = client.get(reponse["Location"])
    statiques = list(
        StaticToken.objects.filter(device__user=instructeur).values_list("token", flat=True)
    )
    assert len(statiques) == 10
    assert all(c in codes.content.decode() for c in statiques)
    # Shown once.
    assert client.get(reverse("admin:second_facteur_codes")).status_code == 302
    assert client.get("/back-office/").status_code == 200


def test_a_wrong_first_code_is_refused_and_nothing_is_confirmed(client, instructeur):
    suivre(client, mot_de_passe(client, instructeur))
    client.get(reverse("admin:second_facteur_enrolement"))
    page = client.post(reverse("admin:second_facteur_enrolement"), {"code": "000000"})
    assert page.status_code == 200
    assert "Code incorrect" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=instructeur, confirmed=True).exists()
    assert client.get("/back-office/").status_code == 302


def test_the_right_code_lets_in_a_wrong_one_is_refused(client, instructeur):
    device = TOTPDevice.objects.create(user=instructeur, name="application", confirmed=True)
    suivre(client, mot_de_passe(client, instructeur))
    faux = f"{(int(code_de(device)) + 1) % 1000000:06d}"
    page = client.post(reverse("admin:second_facteur"), {"code": faux})
    assert page.status_code == 200
    assert "Code incorrect" in page.content.decode()
    assert 'aria-invalid="true"' in page.content.decode()
    assert client.get("/back-office/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    reponse = client.post(
        reverse("admin:second_facteur"), {"code": code_de(device), "next": "/back-office/"}
    )
    assert reponse.status_code == 302 and reponse["Location"] == "/back-office/"
    assert client.get("/back-office/").status_code == 200


def test_throttling_holds_after_a_wrong_code(client, instructeur):
    device = TOTPDevice.objects.create(user=instructeur, name="application", confirmed=True)
    suivre(client, mot_de_passe(client, instructeur))
    client.post(
        reverse("admin:second_facteur"),
        {"code": "999999" if code_de(device) != "999999" else "111111"},
    )
    # Even the right code is refused while the device is throttled, with the wait.
    page = client.post(reverse("admin:second_facteur"), {"code": code_de(device)})
    assert page.status_code == 200
    assert "Trop de codes erronés" in page.content.decode()
    assert client.get("/back-office/").status_code == 302


def test_a_backup_code_works_once(client, instructeur):
    TOTPDevice.objects.create(user=instructeur, name="application", confirmed=True)
    codes = agents.codes_secours_generer(user=instructeur)
    suivre(client, mot_de_passe(client, instructeur))
    reponse = client.post(reverse("admin:second_facteur"), {"code": codes[0].upper()})
    assert reponse.status_code == 302
    assert client.get("/back-office/").status_code == 200
    assert StaticToken.objects.filter(device__user=instructeur).count() == 9

    client.post(reverse("admin:second_facteur_deconnexion"))
    client.logout()
    StaticDevice.objects.filter(user=instructeur).update(throttling_failure_count=0)
    suivre(client, mot_de_passe(client, instructeur))
    page = client.post(reverse("admin:second_facteur"), {"code": codes[0]})
    assert page.status_code == 200 and "Code incorrect" in page.content.decode()


def test_the_password_step_is_still_locked_out_by_axes(client, instructeur, settings):
    for _i in range(settings.AXES_FAILURE_LIMIT):
        client.post("/back-office/login/", {"username": instructeur.identifiant, "password": "x"})
    reponse = client.post(
        "/back-office/login/", {"username": instructeur.identifiant, "password": PASSWORD}
    )
    assert reponse.status_code == 429
    assert "Trop de tentatives de connexion" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_connecter_agent_gives_a_verified_session(client, instructeur):
    connecter_agent(client, instructeur)
    assert client.get("/back-office/").status_code == 200


def test_logout_from_the_code_step(client, instructeur):
    TOTPDevice.objects.create(user=instructeur, name="application", confirmed=True)
    suivre(client, mot_de_passe(client, instructeur))
    reponse = client.post(reverse("admin:second_facteur_deconnexion"))
    assert reponse.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("qui", ["usager", "sans_role", "anonyme"])
def test_the_second_factor_pages_are_only_for_who_may_enter(client, nord_pref, qui):
    if qui == "usager":
        client.force_login(UserFactory())
    elif qui == "sans_role":
        client.force_login(UserFactory(agent=True, prefecture=nord_pref))
    for nom in ["second_facteur", "second_facteur_enrolement", "second_facteur_codes"]:
        reponse = client.get(reverse(f"admin:{nom}"))
        assert reponse.status_code == 302
        assert reponse["Location"].startswith("/back-office/login/")
    assert not TOTPDevice.objects.exists()


def test_the_code_step_never_sends_elsewhere(client, instructeur):
    TOTPDevice.objects.create(user=instructeur, name="application", confirmed=True)
    agents.codes_secours_generer(user=instructeur)
    suivre(client, mot_de_passe(client, instructeur))
    code = StaticToken.objects.filter(device__user=instructeur).first().token
    reponse = client.post(
        reverse("admin:second_facteur"), {"code": code, "next": "https://ailleurs.exemple/"}
    )
    assert reponse["Location"] == "/back-office/"


@pytest.fixture
def nord_pref():
    return PrefectureFactory(code="59")


def test_the_qr_code_names_the_service_and_the_agent(instructeur):
    device = agents.enrolement_dispositif(instructeur)
    assert "issuer=ANEF-s%C3%A9jour%20back-office" in device.config_url
    assert instructeur.identifiant in device.config_url
