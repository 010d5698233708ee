"""axe-core (serious and critical) on the back-office pages an agent goes through, at desktop
(1280 px) and phone (375 px) widths: login (with and without an error), index, lists, a request
with its files, an applicant's account and its history."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from demandes.models import EtatDemande
from justificatifs.models import Fichier
from tests.accounts.factories import PASSWORD, PrefectureFactory, UserFactory
from tests.demandes.factories import DemandeFactory

WIDTHS = [1280, 375]


def agent_et_demande():
    nord = PrefectureFactory(code="59", nom="Préfecture du Nord")
    groupe = Group.objects.create(name="Agents instructeurs")
    groupe.permissions.set(
        Permission.objects.filter(codename__startswith="view_")
        | Permission.objects.filter(codename="change_user")
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
    }
    for nom, chemin in pages.items():
        response = page.goto(base + chemin)
        assert response.status == 200, (nom, response.status)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        axe_audit.check(page, f"{nom} {width}")
    axe_audit.assert_clean()
