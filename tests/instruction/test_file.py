"""The agents' queue: columns, filters (« mes demandes » by default), search, bulk actions."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from demandes.models import EtatDemande
from instruction.models import Complement, StatutComplement
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db

FILE = "/back-office/demandes/demande/"


@pytest.fixture
def nord():
    return PrefectureFactory(code="59", nom="Préfecture du Nord")


@pytest.fixture
def instructeur(client, nord):
    user = agent("instructeur", prefecture=nord, nom="Martin", prenom="Léa")
    connecter_agent(client, user)
    return user


def deposee(prefecture, **kwargs):
    return DemandeFactory(deposee=True, prefecture=prefecture, **kwargs)


def numeros(response) -> list[str]:
    return [d.numero for d in response.context["cl"].result_list]


def test_an_instructeur_opens_the_queue_on_his_own_requests(client, nord, instructeur):
    a_moi = deposee(nord, etat=EtatDemande.EN_INSTRUCTION, agent=instructeur)
    autre = deposee(nord)
    response = client.get(FILE)
    assert response.status_code == 200
    assert numeros(response) == [a_moi.numero]
    assert set(numeros(client.get(FILE + "?agent=tous"))) == {a_moi.numero, autre.numero}
    assert numeros(client.get(FILE + "?agent=aucun")) == [autre.numero]


def test_the_columns_show_labels_never_codes(client, nord, instructeur):
    usager = UserFactory(nom="Benali", prenom="Yasmine")
    demande = deposee(
        nord,
        usager=usager,
        document_actuel=usager.document,
        etat=EtatDemande.EN_INSTRUCTION,
        agent=instructeur,
        etat_depuis=timezone.now() - datetime.timedelta(days=12, hours=1),
    )
    page = client.get(FILE).content.decode()
    assert demande.numero in page
    assert "BENALI Yasmine" in page
    assert "En tant qu&#x27;étudiant" in page  # the catalogue's label, not "etudiant"
    assert "En instruction" in page
    assert ">12<" in page  # days in the current state
    assert "Léa Martin" in page
    fin = usager.document.date_fin_validite
    assert response_date(fin) in page


def response_date(date) -> str:
    """How the admin prints a date column (DATE_FORMAT of the French locale)."""
    from django.utils import formats

    return formats.date_format(date)


def test_filters_motif_state_expiring_title_and_late_complement(client, nord, instructeur):
    bpi = deposee(nord, motif="bpi")
    etudiant = deposee(nord, etat=EtatDemande.COMPLEMENT_DEMANDE)
    assert numeros(client.get(FILE + "?agent=tous&motif=bpi")) == [bpi.numero]
    etat = client.get(FILE + "?agent=tous&etat__exact=complement_demande")
    assert numeros(etat) == [etudiant.numero]

    # Titles end in 90 days in the factories: move one to 20 days.
    document = bpi.document_actuel
    document.date_fin_validite = timezone.localdate() + datetime.timedelta(days=20)
    document.save()
    assert numeros(client.get(FILE + "?agent=tous&titre=expirant")) == [bpi.numero]

    il_y_a = timezone.now() - datetime.timedelta(days=31)
    Complement.objects.create(
        demande=etudiant,
        demande_par=instructeur,
        demande_le=il_y_a,
        accuse_le=il_y_a,
        statut=StatutComplement.EN_ATTENTE,
    )
    recent = deposee(nord, etat=EtatDemande.COMPLEMENT_DEMANDE)
    Complement.objects.create(
        demande=recent,
        demande_par=instructeur,
        demande_le=timezone.now(),
        accuse_le=timezone.now() - datetime.timedelta(days=2),
    )
    assert numeros(client.get(FILE + "?agent=tous&complement=en_retard")) == [etudiant.numero]


def test_search_by_number_foreigner_number_and_name(client, nord, instructeur):
    usager = UserFactory(nom="Okafor", prenom="Chinwe", numero_etranger="5912345678")
    demande = deposee(nord, usager=usager, document_actuel=usager.document)
    autre = deposee(nord)
    assert numeros(client.get(FILE, {"agent": "tous", "q": demande.numero})) == [demande.numero]
    assert numeros(client.get(FILE, {"agent": "tous", "q": "5912345678"})) == [demande.numero]
    assert numeros(client.get(FILE, {"agent": "tous", "q": "okaf"})) == [demande.numero]
    assert numeros(client.get(FILE, {"agent": "tous", "q": "chinwe okafor"})) == [demande.numero]
    # Exact numbers only: a prefix of a number finds nothing.
    assert numeros(client.get(FILE, {"agent": "tous", "q": demande.numero[:10]})) == []
    assert autre.numero not in numeros(client.get(FILE, {"agent": "tous", "q": "okafor"}))


def test_the_queue_never_shows_another_prefecture(client, nord, instructeur):
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    ailleurs = deposee(paris, agent=None)
    assert ailleurs.numero not in numeros(client.get(FILE + "?agent=tous"))
    assert numeros(client.get(FILE, {"agent": "tous", "q": ailleurs.numero})) == []


def test_bulk_assignment_goes_through_an_intermediate_page(client, nord, instructeur):
    collegue = agent("instructeur", prefecture=nord, nom="Durand", prenom="Paul")
    autre_prefecture = agent("instructeur", prefecture=PrefectureFactory(code="75"))
    demandes = [deposee(nord, etat=EtatDemande.EN_INSTRUCTION, agent=instructeur) for _ in "ab"]
    selection = {"action": "assigner", "_selected_action": [d.pk for d in demandes], "index": 0}
    page = client.post(FILE, selection)
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "Paul Durand" in contenu and autre_prefecture.get_full_name() not in contenu

    refus = client.post(
        FILE,
        {
            "action": "assigner",
            "_selected_action": [d.pk for d in demandes],
            "agent": autre_prefecture.pk,
        },
    )
    assert refus.status_code == 400
    assert "n&#x27;est pas un agent instructeur de votre préfecture" in refus.content.decode()

    fait = client.post(
        FILE,
        {"action": "assigner", "_selected_action": [d.pk for d in demandes], "agent": collegue.pk},
    )
    assert fait.status_code == 302
    for demande in demandes:
        demande.refresh_from_db()
        assert demande.agent == collegue
    assert (
        LogEntry.objects.filter(user=instructeur, change_message__contains="Assignée").count() == 2
    )


def test_csv_export_is_streamed_with_labels(client, nord, instructeur, caplog):
    usager = UserFactory(nom="=cmd", prenom="Ana")
    demande = deposee(nord, usager=usager, document_actuel=usager.document, agent=instructeur)
    response = client.post(
        FILE + "?agent=tous",
        {"action": "exporter_csv", "_selected_action": [demande.pk], "index": 0},
    )
    assert response.status_code == 200
    assert response.streaming
    texte = b"".join(response.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0][0] == "N° de la demande"
    assert lignes[1][0] == demande.numero
    assert lignes[1][1] == "'=cmd"  # never a formula
    assert lignes[1][4] == "En tant qu'étudiant"
    assert lignes[1][5] == "Déposée"
    audit = [r.getMessage() for r in caplog.records if r.name == "instruction.admin.demande"]
    assert audit == [f"export CSV de la file par l'agent {instructeur.pk} (1 demande(s))"]


def test_the_state_filter_offers_no_draft(client, nord, instructeur):
    deposee(nord)
    page = client.get(FILE).content.decode()
    assert "etat__exact=deposee" in page and "etat__exact=classee_sans_suite" in page
    assert "etat__exact=brouillon" not in page
