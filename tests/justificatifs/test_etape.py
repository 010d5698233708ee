"""The Justificatifs step's one form: a file chosen in any item goes with whatever button is
pressed, and is stored or refused beside its field — never silently dropped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory
from tests.demandes.fichiers import png
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db


@pytest.fixture
def etape(client):
    """An étudiant draft at the Justificatifs step, and the step's URL."""
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    client.post(parcours.url(demande, "ressources"), parcours.ressources(("salarie", 900)))
    return demande, parcours.url(demande, "justificatifs")


def test_a_file_chosen_then_save_and_continue_is_stored(client, etape):
    demande, url = etape
    r = client.post(url, {"action": "enregistrer", "fichier_domicile": png("facture.png")})
    assert demande.fichiers.get().nom == "facture.png"
    assert demande.fichiers.get().piece == "domicile"
    # The step itself goes on as before: here other mandatory items are still missing.
    assert r.status_code == 400
    assert "Des documents obligatoires manquent" in r.content.decode()


def test_files_chosen_in_several_items_are_all_stored_with_one_button(client, etape):
    demande, url = etape
    client.post(
        url,
        {
            "action": "quitter",
            "fichier_domicile": png("facture.png"),
            "fichier_titre_sejour": png("passeport.png"),
        },
    )
    assert sorted(demande.fichiers.values_list("piece", "nom")) == [
        ("domicile", "facture.png"),
        ("titre_sejour", "passeport.png"),
    ]


def test_a_file_for_an_item_the_request_does_not_ask_for_is_refused_with_a_message(client, etape):
    demande, url = etape
    r = client.post(url, {"action": "enregistrer", "fichier_inventee": png()})
    assert r.status_code == 400
    assert "pas demandé pour votre démarche" in r.content.decode()
    assert not demande.fichiers.exists()


@pytest.mark.parametrize("action", ["enregistrer", "quitter", "precedent"])
def test_a_refused_file_keeps_the_applicant_on_the_step_with_the_reason_beside_it(
    client, etape, action
):
    demande, url = etape
    hostile = SimpleUploadedFile("script.pdf", echantillons.pdf_action("JavaScript"))
    r = client.post(url, {"action": action, "fichier_domicile": hostile})
    assert r.status_code == 400
    html = r.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_fichier_domicile"' in html
    messages = html[html.index('id="id_fichier_domicile-messages"') :][:600]
    assert "contenu actif" in messages
    assert not demande.fichiers.exists()
    demande.refresh_from_db()
    assert "justificatifs" not in demande.saisie


def test_send_with_nothing_chosen_says_so_beside_the_field(client, etape):
    _demande, url = etape
    r = client.post(url, {"ajouter": "domicile"})
    assert r.status_code == 400
    html = r.content.decode()
    messages = html[html.index('id="id_fichier_domicile-messages"') :][:400]
    assert "Sélectionnez un fichier à joindre." in messages


def test_send_stores_the_file_and_comes_back_to_its_item(client, etape):
    demande, url = etape
    r = client.post(url, {"ajouter": "domicile", "fichier_domicile": png("facture.png")})
    assert r.status_code == 302 and r.url == url
    assert demande.fichiers.get().nom == "facture.png"
    # The page says so in a status message inside <main>, which takes the focus.
    html = client.get(r.url).content.decode()
    main = html[html.index("<main") :]
    assert 'role="status"' in main and "data-anef-focus" in main
    assert "Le fichier a été joint au document" in main


def test_deleting_a_file_also_stores_a_file_chosen_elsewhere(client, etape):
    demande, url = etape
    client.post(url, {"ajouter": "domicile", "fichier_domicile": png("ancienne.png")})
    ancienne = demande.fichiers.get()
    r = client.post(url, {"supprimer": str(ancienne.pk), "fichier_titre_sejour": png("p.png")})
    assert r.status_code == 302
    assert list(demande.fichiers.values_list("nom", flat=True)) == ["p.png"]


def test_deleting_someone_elses_file_is_a_404(client, etape):
    _demande, url = etape
    autre = DemandeFactory()
    from justificatifs import services

    fichier = services.fichier_ajouter(
        demande=autre, piece="domicile", upload=png(), par=autre.usager
    )
    assert client.post(url, {"supprimer": str(fichier.pk)}).status_code == 404
    assert client.post(url, {"supprimer": "x"}).status_code == 404
    assert autre.fichiers.count() == 1


def test_the_upload_script_gets_the_updated_item_alone(client, etape):
    demande, url = etape
    en_tete = {"X-Anef-Fragment": "domicile"}
    r = client.post(
        url, {"ajouter": "domicile", "fichier_domicile": png("facture.png")}, headers=en_tete
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith('<div class="fr-mb-6w" id="piece-domicile">')
    assert "facture.png" in html and "<html" not in html
    r = client.post(
        url,
        {"ajouter": "domicile", "fichier_domicile": png("x.png"), "fichier_titre_sejour": png()},
        headers=en_tete,
    )
    assert demande.fichiers.count() == 3

    hostile = SimpleUploadedFile("x.pdf", echantillons.pdf_action("JavaScript"))
    r = client.post(url, {"ajouter": "domicile", "fichier_domicile": hostile}, headers=en_tete)
    assert r.status_code == 400
    assert "contenu actif" in r.content.decode()
    assert demande.fichiers.count() == 3


def test_the_older_piece_and_fichier_fields_still_work(client, etape):
    demande, url = etape
    r = client.post(url, {"action": "ajouter", "piece": "domicile", "fichier": png("f.png")})
    assert r.status_code == 302
    assert demande.fichiers.get().piece == "domicile"


def test_a_file_that_exhausts_the_checking_process_gets_a_clear_message_not_a_500(client, etape):
    demande, url = etape
    lourd = SimpleUploadedFile("scan.pdf", echantillons.pdf_objets(180_000))
    r = client.post(url, {"ajouter": "domicile", "fichier_domicile": lourd})
    assert r.status_code == 400
    html = r.content.decode()
    messages = html[html.index('id="id_fichier_domicile-messages"') :][:600]
    assert "trop complexe pour être vérifié" in messages
    assert not demande.fichiers.exists()


def test_a_bank_statement_with_a_web_link_is_accepted_on_the_step_without_its_link(client, etape):
    demande, url = etape
    releve = SimpleUploadedFile("releve.pdf", echantillons.pdf_releve_avec_lien())
    r = client.post(url, {"ajouter": "domicile", "fichier_domicile": releve})
    assert r.status_code == 302
    with demande.fichiers.get().fichier.open() as stocke:
        assert b"https://www.banque.example" not in stocke.read()
