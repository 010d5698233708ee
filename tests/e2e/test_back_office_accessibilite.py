"""axe-core (serious and critical) on the back-office pages an agent goes through, at desktop
(1280 px) and phone (375 px) widths: login (with and without an error), the second factor's
enrolment (with and without an error), backup codes and code step, index, lists, a request with
its files, an applicant's account and its history. The agent goes through the real two steps:
the test computes the TOTP code from the device's key as the phone application would."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from demandes.models import EtatDemande
from justificatifs.models import Fichier
from tests.accounts.factories import PASSWORD, PrefectureFactory, UserFactory
from tests.demandes.factories import DemandeFactory

WIDTHS = [1280, 375]


def agent_et_demande():
    nord = PrefectureFactory(code="59", nom="Préfecture du Nord")
    # The live server's database is flushed between tests: the migration's groups may be gone.
    Group.objects.get_or_create(name="Valideurs")
    groupe, _cree = Group.objects.get_or_create(name="Instructeurs")
    groupe.permissions.set(
        Permission.objects.filter(codename__startswith="view_")
        | Permission.objects.filter(codename__in=["change_user", "gerer_agents"])
    )
    agent = UserFactory(agent=True, prefecture=nord, identifiant="agent.nord")
    agent.groups.add(groupe)
    demande = DemandeFactory(
        etat=EtatDemande.DEPOSEE,
        numero="5901202611230000001",
        deposee_le=timezone.now(),
        prefecture=nord,
    )
    fichier = Fichier(
        demande=demande,
        piece="passeport",
        nom="passeport.pdf",
        taille=4,
        type_mime="application/pdf",
        sha256="0" * 64,
    )
    fichier.fichier.save("", ContentFile(b"%PDF"), save=True)
    return agent, demande


def code_totp(agent) -> str:
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def activer_second_facteur(page, base, agent, audit=None, nom=""):
    """From the enrolment page the password step leads to: a first code, then the backup codes,
    then the back office."""
    expect(page).to_have_url(
        f"{base}/back-office/second-facteur/activation/?next=%2Fback-office%2F"
    )
    expect(page.get_by_role("img", name="QR code de configuration")).to_be_visible()
    if audit:
        audit.check(page, f"activation {nom}")
        page.get_by_label("Premier code affiché par l'application").fill("12")
        page.get_by_role("button", name="Activer").click()
        expect(page.locator(".errorlist")).to_be_visible()
        audit.check(page, f"activation en erreur {nom}")
    page.get_by_label("Premier code affiché par l'application").fill(code_totp(agent))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    if audit:
        audit.check(page, f"codes de secours {nom}")
    page.get_by_role("link", name="Continuer vers le back-office").click()
    expect(page).to_have_url(f"{base}/back-office/")


def se_connecter(page, base, agent):
    """The password step then enrolment, for an agent without a device."""
    page.goto(f"{base}/back-office/login/")
    page.locator("#id_username").fill(agent.identifiant)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button").last.click()
    activer_second_facteur(page, base, agent)


@pytest.mark.parametrize("width", WIDTHS)
def test_back_office_pages(axe_page, live_server, axe_audit, width):
    page, base = axe_page, live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    agent, demande = agent_et_demande()

    page.goto(f"{base}/back-office/login/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_audit.check(page, f"connexion {width}")
    page.locator("#id_username").fill(agent.identifiant)
    page.locator("#id_password").fill("mauvais")
    page.get_by_role("button").last.click()
    page.wait_for_load_state()
    axe_audit.check(page, f"connexion en erreur {width}")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button").last.click()
    activer_second_facteur(page, base, agent, axe_audit, str(width))

    # The next login asks for a code: a wrong one, then a backup code.
    page.get_by_role("button", name="Déconnexion").click()
    page.goto(f"{base}/back-office/login/")
    page.locator("#id_username").fill(agent.identifiant)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button").last.click()
    expect(page).to_have_url(f"{base}/back-office/second-facteur/?next=%2Fback-office%2F")
    axe_audit.check(page, f"code à usage unique {width}")
    page.get_by_label("Code à usage unique").fill("000000")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".errorlist")).to_contain_text("Code incorrect")
    axe_audit.check(page, f"code à usage unique en erreur {width}")
    secours = StaticToken.objects.filter(device__user=agent).first().token
    page.get_by_label("Code à usage unique").fill(secours)
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(f"{base}/back-office/")

    pages = {
        "accueil": "/back-office/",
        "demandes": "/back-office/demandes/demande/",
        "demande": f"/back-office/demandes/demande/{demande.pk}/change/",
        "fichiers": "/back-office/justificatifs/fichier/",
        "usagers": "/back-office/accounts/user/",
        "usager": f"/back-office/accounts/user/{demande.usager_id}/change/",
        "historique": f"/back-office/accounts/user/{demande.usager_id}/history/",
        "registre": "/back-office/accounts/documentsejour/",
        "agents": "/back-office/accounts/agent/",
        "agent": f"/back-office/accounts/agent/{agent.pk}/change/",
        "créer un agent": "/back-office/accounts/agent/add/",
    }
    for nom, chemin in pages.items():
        response = page.goto(base + chemin)
        assert response.status == 200, (nom, response.status)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        axe_audit.check(page, f"{nom} {width}")

    # The administrateur local's creation form, refused then accepted.
    page.get_by_role("button", name="Créer l’agent").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    axe_audit.check(page, f"créer un agent en erreur {width}")
    page.get_by_label("Prénom").fill("Léa")
    page.locator("#id_nom").fill("Moreau")
    page.get_by_label("Adresse email professionnelle").fill(f"lea.moreau.{width}@interieur.gouv.fr")
    page.get_by_label("Valideur").check()
    page.get_by_role("button", name="Créer l’agent").click()
    expect(page.get_by_text("/back-office/activation/")).to_be_visible()
    axe_audit.check(page, f"agent créé {width}")
    axe_audit.assert_clean()
