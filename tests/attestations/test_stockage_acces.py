"""Stored once with its SHA-256, same bytes on every download, a correction is a new version;
the deposit flow (page link, e-mail attachment); who may download."""

import datetime
import hashlib
import html

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat

from attestations import cles, selectors, services, tasks
from attestations.models import Attestation, TypeAttestation
from demandes import suites
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.attestations.outils import demande_deposee, texte_pdf
from tests.back_office import connecter_agent
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def depot():
    demande = demande_deposee()
    return Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])


def test_stored_once_with_its_sha256_and_downloaded_byte_for_byte(client, depot):
    contenu = selectors.contenu(depot)
    assert depot.sha256 == hashlib.sha256(contenu).hexdigest()
    assert depot.taille == len(contenu)
    assert default_storage.exists(depot.fichier.name)
    client.force_login(depot.demande.usager)
    url = f"/attestations/{depot.pk}/telecharger/"
    premiers = b"".join(client.get(url).streaming_content)
    seconds = b"".join(client.get(url).streaming_content)
    assert premiers == seconds == contenu
    reponse = client.get(url)
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert depot.nom_fichier in reponse["Content-Disposition"]


def test_replays_never_render_again(depot):
    nom, empreinte = depot.fichier.name, depot.sha256
    assert suites.documents_du_depot_generer(demande=depot.demande) == [depot.pk]
    assert tasks.attestation_rendre.delay(depot.pk).get() == "deja-generee"
    services.attestation_rendre(attestation_pk=depot.pk)
    depot.refresh_from_db()
    assert (depot.fichier.name, depot.sha256) == (nom, empreinte)
    assert Attestation.objects.filter(demande=depot.demande).count() == 1


def test_a_correction_is_version_2_and_version_1_stays(
    client, depot, django_capture_on_commit_callbacks
):
    premier = selectors.contenu(depot)
    document = depot.demande.document_actuel
    document.nom_naissance = "DUPONT-MARTIN"
    document.save()
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.attestation_corriger(attestation=depot, par=None)
    v2.refresh_from_db()
    assert (v2.version, v2.type) == (2, TypeAttestation.DEPOT)
    assert v2.nom_fichier.endswith("_V2.pdf")
    assert "Nom de naissance : DUPONT-MARTIN" in texte_pdf(selectors.contenu(v2))
    depot.refresh_from_db()
    assert selectors.contenu(depot) == premier  # never overwritten
    assert hashlib.sha256(premier).hexdigest() == depot.sha256
    assert [a.pk for a in selectors.attestations_de(depot.demande)] == [v2.pk]


def test_pending_attestation_page_refreshes(client):
    demande = demande_deposee()
    from attestations import documents

    attestation = services.attestation_creer(
        demande=demande,
        type=TypeAttestation.DEPOT,
        donnees=documents.depot(demande, emise_le=datetime.date.today()),
        emise_le=datetime.date.today(),
        rendre=services.Rendu.PAR_L_APPELANT,
    )
    client.force_login(demande.usager)
    reponse = client.get(f"/attestations/{attestation.pk}/telecharger/")
    assert reponse.status_code == 202
    assert reponse["Refresh"] == "5"
    assert "en cours de génération" in reponse.content.decode()
    assert "?rechargement=non" in reponse.content.decode()
    # RGAA 13.1: the reload can be stopped; « Réessayer » starts it again.
    arrete = client.get(f"/attestations/{attestation.pk}/telecharger/?rechargement=non")
    assert arrete.status_code == 202
    assert "Refresh" not in arrete
    assert "Le rechargement automatique est arrêté" in arrete.content.decode()


def test_when_the_immediate_render_fails_the_task_takes_over(
    monkeypatch, django_capture_on_commit_callbacks
):
    demande = demande_deposee()
    original = services.attestation_pdf
    appels = []

    def panne_une_fois(*args, **kwargs):
        appels.append(1)
        if len(appels) == 1:
            raise OSError("disque plein")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "attestation_pdf", panne_une_fois)
    with django_capture_on_commit_callbacks(execute=True):
        pk = suites.documents_du_depot_generer(demande=demande)[0]
    assert len(appels) == 2  # the eager task rendered it after the immediate render failed
    assert Attestation.objects.get(pk=pk).disponible


def test_deposit_email_carries_the_pdfs_and_the_pages_link_them(
    client, django_capture_on_commit_callbacks
):
    demande = demande_deposee(bpi=True)
    from demandes import suites

    with django_capture_on_commit_callbacks(execute=True):
        suites.apres_depot(demande_pk=demande.pk)
    with django_capture_on_commit_callbacks(execute=True):
        suites.apres_depot(demande_pk=demande.pk)  # replay: nothing new
    assert Attestation.objects.filter(demande=demande).count() == 2
    courriels = [
        m for m in mail.outbox if demande.numero in m.body or m.to == [demande.usager.email]
    ]
    assert len(courriels) == 1
    noms = sorted(nom for nom, _contenu, _type in courriels[0].attachments)
    assert noms[0].startswith("ATTESTATION_PROLONGATION_INSTRUCTION_")
    assert noms[1].startswith("CONFIRMATION_DEPOT_")
    for _nom, contenu, type_mime in courriels[0].attachments:
        assert type_mime == "application/pdf" and contenu.startswith(b"%PDF")
    depot, adp = selectors.attestations_de(demande)
    client.force_login(demande.usager)
    page = client.get(f"/espace-personnel/demandes/{demande.pk}/confirmation/").content.decode()
    page = html.unescape(page)
    taille = filesizeformat(depot.taille)
    assert (
        f"J'ouvre ma confirmation de dépôt de la demande n° {demande.numero} (PDF, {taille})"
        in (page)
    )
    assert f"/attestations/{depot.pk}/telecharger/" in page
    assert f"/attestations/{adp.pk}/telecharger/" in page
    compte = client.get("/espace-personnel/mon-compte/").content.decode()
    compte = html.unescape(compte)
    assert f"Télécharger l'attestation de dépôt n° {demande.numero} (PDF, {taille})" in compte
    assert "TÉLÉCHARGER" not in compte
    assert f"/attestations/{depot.pk}/telecharger/" in compte


# --- Access ---------------------------------------------------------------------------------


def _agent(prefecture):
    agent = UserFactory(agent=True, prefecture=prefecture)
    agent.groups.add(Group.objects.get(name="Instructeurs"))
    return agent


def test_agent_of_the_competent_prefecture_may_download(client, depot):
    agent = _agent(depot.demande.prefecture)
    connecter_agent(client, agent)
    reponse = client.get(f"/attestations/{depot.pk}/telecharger/")
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == selectors.contenu(depot)


def test_a_national_administrator_may_download(client, depot):
    # The request page links the attestations for superusers too, whatever the prefecture.
    connecter_agent(client, UserFactory(is_staff=True, is_superuser=True))
    reponse = client.get(f"/attestations/{depot.pk}/telecharger/")
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == selectors.contenu(depot)


@pytest.mark.parametrize(
    "qui",
    [
        "autre_usager",
        "agent_autre_prefecture",
        "staff_sans_role",
        "non_agent_meme_pref",
        "agent_sans_second_facteur",
        "administrateur_local",
        "superuser_sans_second_facteur",
    ],
)
def test_anyone_else_gets_404(client, depot, qui):
    if qui == "autre_usager":
        user = UserFactory()
    elif qui == "agent_autre_prefecture":
        user = _agent(PrefectureFactory(code="75"))
    elif qui == "staff_sans_role":
        user = UserFactory(agent=True, prefecture=depot.demande.prefecture)
    elif qui == "non_agent_meme_pref":
        user = UserFactory(prefecture=depot.demande.prefecture)
    elif qui == "administrateur_local":  # manages agents, reads nothing of the requests
        user = agent("administrateur_local", prefecture=depot.demande.prefecture)
    elif qui == "superuser_sans_second_facteur":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:  # the password step only: the second factor is missing
        user = _agent(depot.demande.prefecture)
    if qui in ("agent_sans_second_facteur", "superuser_sans_second_facteur"):
        client.force_login(user)
    else:
        connecter_agent(client, user)
    assert client.get(f"/attestations/{depot.pk}/telecharger/").status_code == 404
    assert client.get("/attestations/999999/telecharger/").status_code == 404


def test_anonymous_is_sent_to_login(client, depot):
    reponse = client.get(f"/attestations/{depot.pk}/telecharger/")
    assert reponse.status_code == 302 and "/compte/" in reponse.url


def test_pieces_list_pdf_from_the_catalogue(client):
    reponse = client.get("/attestations/pieces/vpf_ase.pdf")
    assert reponse.status_code == 200
    assert "LISTE_PIECES_JUSTIFICATIVES_VPF_ASE.pdf" in reponse["Content-Disposition"]
    texte = texte_pdf(b"".join(reponse.streaming_content))
    assert "DEMANDE DE TITRE DE SÉJOUR" in texte
    assert (
        "VIE PRIVÉE ET FAMILIALE - ÉTRANGER CONFIÉ(E) À L'AIDE SOCIALE À L'ENFANCE (ASE)" in texte
    )
    from demandes import catalogue

    for piece in catalogue.motif("vpf_ase").pieces:
        assert str(piece.libelle) in texte
    assert "Page 1/" in texte
    assert client.get("/attestations/pieces/inconnu.pdf").status_code == 404


def test_preamble_links_the_pdf_list(client):
    from demandes import catalogue

    assert catalogue.motif("bpi")
    demande = demande_deposee()
    client.force_login(demande.usager)
    # The preamble is reached through the filing start; its template names our URL.
    from django.template.loader import get_template

    source = get_template("demandes/demarche/preambule.html").template.source
    assert "liste_pieces_pdf" in source


def test_public_key_is_published_at_a_stable_url(client):
    reponse = client.get("/attestations/cles/ZZ00/0001.pem")
    assert reponse.status_code == 200
    from attestations import deuxddoc

    cle = deuxddoc.load_public_key(reponse.content)
    assert cle.public_numbers() == cles.signataire().cle.public_key().public_numbers()
    assert client.get("/attestations/cles/FR00/0001.pem").status_code == 404


def test_keys_command_creates_the_dev_key_once(settings, tmp_path, capsys):
    settings.ATTESTATIONS_CLE_PRIVEE = tmp_path / "dev.pem"
    call_command("attestations_keys")
    premier = (tmp_path / "dev.pem").read_bytes()
    assert (tmp_path / "dev.pem").stat().st_mode & 0o777 == 0o600
    call_command("attestations_keys")
    assert (tmp_path / "dev.pem").read_bytes() == premier
    sortie = capsys.readouterr().out
    assert "/attestations/cles/ZZ00/0001.pem" in sortie and "BEGIN PUBLIC KEY" in sortie


def test_the_deposit_notification_offers_the_confirmation(client):
    from notifications.models import Notification, TypeNotification

    demande = demande_deposee()
    suites.documents_du_depot_generer(demande=demande)
    notification = Notification.objects.create(
        usager=demande.usager,
        demande=demande,
        type=TypeNotification.CONFIRMATION_DEPOT,
        titre="Confirmation de dépôt",
        message="Votre demande a bien été enregistrée.",
    )
    client.force_login(demande.usager)
    page = client.get(f"/espace-personnel/notifications/{notification.pk}/").content.decode()
    attestation = demande.attestations.first()
    assert f"/attestations/{attestation.pk}/telecharger/" in page


def test_two_requests_have_download_links_that_name_their_request(
    client, django_capture_on_commit_callbacks
):
    """RGAA 6.1: with two deposited requests, Mon compte's links do not read the same."""
    premiere = demande_deposee(numero="5901202611300000190")
    seconde = demande_deposee(numero="5901202611300000191", usager=premiere.usager, bpi=True)
    for demande in (premiere, seconde):
        with django_capture_on_commit_callbacks(execute=True):
            suites.documents_du_depot_generer(demande=demande)
    client.force_login(premiere.usager)
    compte = html.unescape(client.get("/espace-personnel/mon-compte/").content.decode())
    for demande in (premiere, seconde):
        depot = selectors.attestations_de(demande)[0]
        taille = filesizeformat(depot.taille)
        assert f"Télécharger l'attestation de dépôt n° {demande.numero} (PDF, {taille})" in compte
