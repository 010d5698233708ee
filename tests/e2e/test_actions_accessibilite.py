"""axe-core (serious and critical) on the agents' action forms, empty and answered with
errors, at desktop (1280 px) and phone (375 px) widths. The agent's session is opened with a
verified second factor (tests.back_office.connecter_agent) and handed to the browser."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from demandes.models import EtatDemande
from tests.back_office import connecter_agent
from tests.instruction.etats import demande_en, roles_recreer
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 375]


def ouvrir_session(page, base, user):
    client = Client()
    connecter_agent(client, user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_action_forms(axe_page, live_server, axe_audit, width):
    roles_recreer()
    page, base = axe_page, live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    demande = demande_en(EtatDemande.EN_INSTRUCTION)
    ouvrir_session(page, base, agent("instructeur", prefecture=demande.prefecture))
    for code in ("demander_complement", "delivrer_adp", "proposer_decision", "cloturer"):
        chemin = f"{base}/back-office/demandes/demande/{demande.pk}/{code}/"
        assert page.goto(chemin).status == 200, code
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        axe_audit.check(page, f"{code} {width}")
        if code == "delivrer_adp":  # valid as proposed: leave a date incomplete
            page.select_option("#id_debut_day", "")
        page.locator("#content-main button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_focused()
        axe_audit.check(page, f"{code} en erreur {width}")

    proposee = demande_en(EtatDemande.DECISION_PROPOSEE)
    ouvrir_session(page, base, agent("valideur", prefecture=proposee.prefecture))
    for code in ("signer", "renvoyer"):
        assert page.goto(f"{base}/back-office/demandes/demande/{proposee.pk}/{code}/").ok
        axe_audit.check(page, f"{code} {width}")

    disponible = demande_en(EtatDemande.TITRE_DISPONIBLE)
    ouvrir_session(page, base, agent("instructeur", prefecture=disponible.prefecture))
    assert page.goto(f"{base}/back-office/demandes/demande/{disponible.pk}/remettre_titre/").ok
    page.locator("#id_numero_timbre").fill("A1234")
    page.locator("#content-main button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    axe_audit.check(page, f"remettre_titre en erreur {width}")
    axe_audit.assert_clean()
