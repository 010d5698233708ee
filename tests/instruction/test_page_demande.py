"""The request page: the applicant's answers labelled like the récapitulatif, every file openable
by agents of the competent prefecture only (audited), history, complements, decisions, remise,
internal notes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from demandes.models import EtatDemande, HistoriqueEtat
from instruction.models import (
    Complement,
    Decision,
    ElementComplement,
    MotifComplement,
    NoteInterne,
    StatutDecision,
    TypeCarte,
)
from justificatifs.models import Consultation, Fichier
from tests.accounts.factories import PrefectureFactory
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent
from tests.justificatifs import echantillons
from tests.justificatifs.factories import EPhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nord():
    return PrefectureFactory(code="59", nom="Préfecture du Nord")


@pytest.fixture
def instructeur(client, nord):
    user = agent("instructeur", prefecture=nord, nom="Martin", prenom="Léa")
    connecter_agent(client, user)
    return user


def page_de(demande) -> str:
    return f"/back-office/demandes/demande/{demande.pk}/change/"


def fichier_de(demande, contenu: bytes, type_mime: str, nom: str, piece="passeport"):
    fichier = Fichier(
        demande=demande,
        piece=piece,
        nom=nom,
        taille=len(contenu),
        type_mime=type_mime,
        sha256="0" * 64,
    )
    fichier.fichier.save("", ContentFile(contenu), save=True)
    return fichier


def test_the_page_shows_the_answers_labelled_never_raw_json(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord, etat=EtatDemande.EN_INSTRUCTION)
    EPhotoFactory(demande=demande, reservee_le=timezone.now(), code="1PMTEK770613113807AA00")
    response = client.get(page_de(demande))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rue Nationale" in page and "Lille" in page
    assert "En tant qu&#x27;étudiant" in page
    assert "En instruction" in page
    assert "1PMT - EK77 - 0613 - 1138 - 07AA - 00" in page
    assert '"personnel"' not in page and "{&#x27;" not in page and "en_instruction" not in page
    assert "Actions" in page


def test_files_open_inline_for_images_and_as_page_images_for_pdfs(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    image = fichier_de(demande, echantillons.png(), "image/png", "photo.png")
    pdf = fichier_de(demande, echantillons.pdf(), "application/pdf", "releve.pdf", "domicile")
    page = client.get(page_de(demande)).content.decode()
    base = f"/back-office/demandes/demande/{demande.pk}/fichiers/"
    assert f"{base}{image.pk}/contenu/" in page  # the image inline
    assert f"{base}{pdf.pk}/" in page  # the viewer

    contenu = client.get(f"{base}{image.pk}/contenu/")
    assert contenu.status_code == 200
    assert contenu["Content-Disposition"] == "inline"
    assert contenu["Content-Type"] == "image/png"
    assert contenu["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(contenu.streaming_content) == image.fichier.open("rb").read()

    visionneuse = client.get(f"{base}{pdf.pk}/")
    assert visionneuse.status_code == 200
    assert f"{base}{pdf.pk}/pages/1.png" in visionneuse.content.decode()
    assert "Page 1 sur 1" in visionneuse.content.decode()
    rendu = client.get(f"{base}{pdf.pk}/pages/1.png")
    assert rendu.status_code == 200
    assert rendu["Content-Type"] == "image/png"
    largeur, hauteur = Image.open(io.BytesIO(rendu.content)).size
    assert (largeur, hauteur) == (278, 278)  # a 200 pt square page at 100 dpi
    assert client.get(f"{base}{pdf.pk}/pages/2.png").status_code == 404

    assert Consultation.objects.filter(agent=instructeur, fichier=image).count() == 1
    assert Consultation.objects.filter(agent=instructeur, fichier=pdf).count() == 1


def test_an_unreadable_pdf_says_so(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    casse = fichier_de(demande, b"%PDF-1.4 rien", "application/pdf", "casse.pdf")
    base = f"/back-office/demandes/demande/{demande.pk}/fichiers/{casse.pk}/"
    page = client.get(base)
    assert page.status_code == 200
    assert "ne peut pas être affiché" in page.content.decode()
    assert client.get(base + "pages/1.png").status_code == 404


def test_another_prefectures_agent_gets_404_on_every_url(client, nord):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    image = fichier_de(demande, echantillons.png(), "image/png", "photo.png")
    pdf = fichier_de(demande, echantillons.pdf(), "application/pdf", "releve.pdf")
    paris = agent("instructeur", prefecture=PrefectureFactory(code="75"))
    connecter_agent(client, paris)
    base = f"/back-office/demandes/demande/{demande.pk}/"
    urls = [
        page_de(demande),
        f"{base}fichiers/{image.pk}/",
        f"{base}fichiers/{image.pk}/contenu/",
        f"{base}fichiers/{pdf.pk}/",
        f"{base}fichiers/{pdf.pk}/pages/1.png",
        f"/back-office/justificatifs/fichier/{pdf.pk}/telecharger/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}notes/", {"texte": "x", "jeton": "y"}).status_code == 404
    assert not Consultation.objects.exists()
    assert not NoteInterne.objects.exists()


def test_an_administrateur_local_reads_nothing_of_the_requests(client, nord):
    # Their prefecture's requests are in the scope, but the role has no permission on them.
    demande = DemandeFactory(deposee=True, prefecture=nord)
    image = fichier_de(demande, echantillons.png(), "image/png", "photo.png")
    pdf = fichier_de(demande, echantillons.pdf(), "application/pdf", "releve.pdf")
    connecter_agent(client, agent("administrateur_local", prefecture=nord))
    base = f"/back-office/demandes/demande/{demande.pk}/"
    urls = [
        page_de(demande),
        f"{base}history/",
        f"{base}fichiers/{image.pk}/",
        f"{base}fichiers/{image.pk}/contenu/",
        f"{base}fichiers/{pdf.pk}/",
        f"{base}fichiers/{pdf.pk}/pages/1.png",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(f"{base}notes/", {"texte": "x", "jeton": "y"}).status_code == 403
    assert client.get(f"/back-office/justificatifs/fichier/{pdf.pk}/telecharger/").status_code in (
        403,
        404,
    )
    assert not Consultation.objects.exists()
    assert not NoteInterne.objects.exists()


def _refus_propose(demande):
    from instruction import services
    from tests.instruction.parcours_usager import PDF_REFUS

    instructeur = agent("instructeur", prefecture=demande.prefecture)
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    return services.decision_proposer(
        demande=demande,
        sens="defavorable",
        motifs_refus="Les ressources ne sont pas suffisantes.",
        document_refus=io.BytesIO(PDF_REFUS),
        par=instructeur,
    )


def test_the_valideur_reads_the_signed_refusal_before_signing(client, nord):
    from tests.instruction.parcours_usager import PDF_REFUS

    demande = DemandeFactory(deposee=True, prefecture=nord)
    decision = _refus_propose(demande)
    url = f"/back-office/demandes/demande/{demande.pk}/decisions/{decision.pk}/document/"
    connecter_agent(client, agent("valideur", prefecture=nord))
    for page in (page_de(demande), f"/back-office/demandes/demande/{demande.pk}/signer/"):
        assert url in client.get(page).content.decode(), page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF_REFUS


def test_the_signed_refusal_is_scoped_like_the_request(client, nord):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    decision = _refus_propose(demande)
    autre = DemandeFactory(deposee=True, prefecture=nord)
    favorable = Decision.objects.create(
        demande=autre,
        sens="favorable",
        statut=StatutDecision.PROPOSEE,
        type_carte=TypeCarte.PLURIANNUELLE,
        date_debut=timezone.localdate(),
        date_fin=timezone.localdate() + datetime.timedelta(days=365),
        montant_taxe=Decimal("225"),
        proposee_par=agent("instructeur", prefecture=nord),
        proposee_le=timezone.now(),
    )
    url = f"/back-office/demandes/demande/{demande.pk}/decisions/{decision.pk}/document/"
    connecter_agent(client, agent("valideur", prefecture=PrefectureFactory(code="75")))
    assert client.get(url).status_code == 404
    connecter_agent(client, agent("administrateur_local", prefecture=nord))
    assert client.get(url).status_code == 403
    connecter_agent(client, agent("instructeur", prefecture=nord))
    assert client.get(url).status_code == 200
    # Through another request of the prefecture, or a decision without a document: 404.
    base = f"/back-office/demandes/demande/{autre.pk}/decisions/"
    assert client.get(f"{base}{decision.pk}/document/").status_code == 404
    assert client.get(f"{base}{favorable.pk}/document/").status_code == 404


def test_a_file_of_another_request_is_not_reachable_through_this_one(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    autre = DemandeFactory(deposee=True, prefecture=nord)
    fichier = fichier_de(autre, echantillons.png(), "image/png", "photo.png")
    url = f"/back-office/demandes/demande/{demande.pk}/fichiers/{fichier.pk}/contenu/"
    assert client.get(url).status_code == 404


def test_history_complements_decisions_are_shown_with_labels(client, nord, instructeur):
    valideur = agent("valideur", prefecture=nord, nom="Petit", prenom="Jean")
    demande = DemandeFactory(
        deposee=True, prefecture=nord, etat=EtatDemande.DECISION_PROPOSEE, agent=instructeur
    )
    HistoriqueEtat.objects.create(
        demande=demande,
        transition="prendre_en_charge",
        depuis="deposee",
        vers="en_instruction",
        par=instructeur,
        le=timezone.now() - datetime.timedelta(days=3),
    )
    complement = Complement.objects.create(
        demande=demande, demande_par=instructeur, demande_le=timezone.now()
    )
    ElementComplement.objects.create(
        complement=complement,
        piece="passeport",
        libelle="Passeport",
        motif=MotifComplement.NON_LISIBLE,
        observation="La page 2 est floue.",
    )
    Decision.objects.create(
        demande=demande,
        sens="favorable",
        statut=StatutDecision.RENVOYEE,
        type_carte=TypeCarte.PLURIANNUELLE,
        date_debut=timezone.localdate(),
        date_fin=timezone.localdate() + datetime.timedelta(days=700),
        montant_taxe=Decimal("225"),
        proposee_par=instructeur,
        proposee_le=timezone.now(),
        commentaire_renvoi="Vérifier les ressources.",
    )
    page = client.get(page_de(demande)).content.decode()
    assert "Déposée → En instruction" in page
    assert "Léa Martin" in page
    assert "Non lisible" in page and "La page 2 est floue." in page
    assert "carte de séjour pluriannuelle" in page
    assert "Renvoyée à l&#x27;instructeur" in page and "Vérifier les ressources." in page
    assert valideur.get_full_name() not in page


def test_an_internal_note_is_added_once_and_audited(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    page = client.get(page_de(demande))
    jeton = page.context["note_form"]["jeton"].value()
    url = f"/back-office/demandes/demande/{demande.pk}/notes/"
    response = client.post(url, {"texte": "Appeler l'usager.", "jeton": jeton})
    assert response.status_code == 302
    assert client.post(url, {"texte": "Appeler l'usager.", "jeton": jeton}).status_code == 302
    note = NoteInterne.objects.get()
    assert (note.demande, note.auteur, note.texte) == (demande, instructeur, "Appeler l'usager.")
    assert LogEntry.objects.filter(user=instructeur, object_id=str(demande.pk)).exists()
    assert "Appeler l&#x27;usager." in client.get(page_de(demande)).content.decode()


def test_an_empty_note_is_refused_beside_the_field(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    client.get(page_de(demande))
    url = f"/back-office/demandes/demande/{demande.pk}/notes/"
    response = client.post(url, {"texte": "   ", "jeton": "x"})
    assert response.status_code == 400
    assert "Écrivez le texte de la note." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not NoteInterne.objects.exists()


def test_notes_are_never_shown_to_the_applicant(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord)
    NoteInterne.objects.create(demande=demande, auteur=instructeur, texte="Note secrète")
    client.force_login(demande.usager)
    assert "Note secrète" not in client.get("/espace-personnel/mon-compte/").content.decode()
    assert client.get(page_de(demande)).status_code == 302


def test_attestations_are_linked_and_remise_shown(client, nord, instructeur):
    from attestations.models import Attestation
    from instruction.models import Remise
    from tests.accounts.factories import DocumentSejourFactory

    demande = DemandeFactory(
        deposee=True, prefecture=nord, etat=EtatDemande.TITRE_REMIS, agent=instructeur
    )
    attestation = Attestation.objects.create(
        demande=demande, type="depot", emise_le=timezone.localdate(), nom_fichier="a.pdf"
    )
    Remise.objects.create(
        demande=demande,
        numero_timbre="1234567890123456",
        montant_timbre=Decimal("225.00"),
        titre=DocumentSejourFactory(numero="9912345678", type_titre="Carte de séjour"),
        remis_par=instructeur,
        remis_le=timezone.now(),
    )
    page = client.get(page_de(demande)).content.decode()
    assert f"/attestations/{attestation.pk}/telecharger/" in page
    assert "Confirmation de dépôt" in page
    assert "1234567890123456" in page and "Carte de séjour n° 9912345678" in page


def test_the_actions_the_table_allows_are_buttons(client, nord, instructeur, monkeypatch):
    from demandes.etats import Transition
    from instruction.admin import actions

    demande = DemandeFactory(deposee=True, prefecture=nord)
    action = actions.Action(
        code="prendre",
        libelle="Prendre en charge",
        transition=Transition.PRENDRE_EN_CHARGE,
        vue=None,
    )
    monkeypatch.setattr(actions, "possibles", lambda request, d: [(action, "/vers/l-action/")])
    page = client.get(page_de(demande)).content.decode()
    assert '<a class="fr-btn button" href="/vers/l-action/">Prendre en charge</a>' in page
    monkeypatch.setattr(actions, "possibles", lambda request, d: [])
    assert "Aucune action n'est possible" in client.get(page_de(demande)).content.decode()
