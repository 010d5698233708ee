"""Civil dates derived from a deposit timestamp are Paris dates: a deposit at 00:30 in Paris
(22:30 UTC the day before) is dated that day everywhere — N° de la demande, PDF, 2D-DOC field
6L, notification."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from attestations import deuxddoc, selectors
from attestations.models import TypeAttestation
from demandes.models import EtatDemande
from notifications.models import Notification
from tests.attestations.outils import texte_pdf
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant, valider_recap

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("instant", "jour"),
    [
        (datetime.datetime(2026, 3, 14, 23, 30, tzinfo=PARIS), datetime.date(2026, 3, 14)),
        (datetime.datetime(2026, 3, 15, 0, 30, tzinfo=PARIS), datetime.date(2026, 3, 15)),
        # Summer time: 00:30 in Paris is 22:30 UTC the day before.
        (datetime.datetime(2026, 7, 1, 0, 30, tzinfo=PARIS), datetime.date(2026, 7, 1)),
    ],
)
def test_a_deposit_is_dated_by_the_paris_calendar_everywhere(client, instant, jour):
    prefecture_du_nord()
    with time_machine.travel(instant, tick=False):
        demande = DemandeFactory()
        remplir_etudiant(client, demande)
        valider_recap(client, demande)
        reponse = client.post(
            parcours.url(demande, "recapitulatif"), {"action": "deposer", "observations": ""}
        )
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    assert demande.numero[4:12] == f"{jour:%Y%m%d}"

    confirmation = demande.attestations.get(type=TypeAttestation.DEPOT)
    assert confirmation.emise_le == jour
    texte = texte_pdf(selectors.contenu(confirmation))
    assert f"Le {jour:%d/%m/%Y}, vous avez déposé avec succès" in texte
    assert f"DATE D'ÉMISSION : {jour:%d/%m/%Y}" in texte
    champs = deuxddoc.parse(confirmation.donnees["deuxddoc"]).fields
    assert champs["6L"] == f"{jour:%d%m%Y}"
    assert champs["6K"] == demande.numero

    notification = Notification.objects.get(demande=demande)
    assert f"enregistrée le {jour:%d/%m/%Y}" in notification.message
