import hashlib
import re
import tracemalloc

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from demandes.models import EtatDemande
from justificatifs import services
from justificatifs.forms import FichierForm
from justificatifs.models import Fichier
from justificatifs.upload_handlers import FichierTropGros, upload_trop_gros
from justificatifs.validation import TAILLE_MAX, FichierRefuse
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.demandes.factories import DemandeFactory
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db


def upload(contenu: bytes, nom="document.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu)


def ajouter(demande, contenu=None, nom="scan.png", piece="passeport") -> Fichier:
    return services.fichier_ajouter(
        demande=demande,
        piece=piece,
        upload=upload(contenu or echantillons.png(), nom),
        par=demande.usager,
    )


def test_a_file_is_stored_under_a_random_name_with_its_checked_metadata():
    demande = DemandeFactory()
    fichier = ajouter(demande, echantillons.pdf(), nom="../../etc/passwd.png")
    assert re.fullmatch(r"justificatifs/[0-9a-f]{32}\.pdf", fichier.fichier.name)
    assert fichier.nom == "passwd.png.pdf"
    assert "/" not in fichier.nom
    assert fichier.type_mime == "application/pdf"
    with default_storage.open(fichier.fichier.name) as stocke:
        assert stocke.read() == echantillons.pdf()
    assert fichier.sha256 == hashlib.sha256(echantillons.pdf()).hexdigest()


def test_right_to_left_override_is_removed_from_the_name():
    fichier = ajouter(DemandeFactory(), nom="photo\u202egnp.exe")
    assert "\u202e" not in fichier.nom
    assert fichier.nom.endswith(".png")


def test_polyglot_is_stored_neutralised():
    fichier = ajouter(DemandeFactory(), echantillons.polyglotte_png_html())
    with default_storage.open(fichier.fichier.name) as stocke:
        contenu = stocke.read()
    assert b"<html" not in contenu and b"<script" not in contenu


@pytest.mark.parametrize(
    "contenu, raison",
    [
        (echantillons.executable(), "Format non accepté"),
        (echantillons.pdf_javascript(), "contenu actif"),
        (echantillons.png_geant(), "Image trop grande"),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_stored(contenu, raison):
    demande = DemandeFactory()
    with pytest.raises(FichierRefuse, match=raison):
        ajouter(demande, contenu, nom="cv.pdf")
    assert not Fichier.objects.exists()


def test_a_fourth_file_for_one_item_is_refused_but_another_item_is_fine():
    demande = DemandeFactory()
    for _ in range(3):
        ajouter(demande)
    with pytest.raises(FichierRefuse, match="Vous avez déjà joint 3 fichiers pour ce document"):
        ajouter(demande)
    ajouter(demande, piece="domicile")
    assert Fichier.objects.filter(demande=demande, piece="passeport").count() == 3


def test_only_the_owner_of_a_draft_may_add_or_delete():
    demande = DemandeFactory()
    autre = UserFactory()
    with pytest.raises(services.DemandeNonModifiable):
        services.fichier_ajouter(
            demande=demande, piece="passeport", upload=upload(echantillons.png()), par=autre
        )
    fichier = ajouter(demande)
    with pytest.raises(services.DemandeNonModifiable):
        services.fichier_supprimer(fichier=fichier, par=autre)


def test_a_deposited_request_cannot_change():
    demande = DemandeFactory()
    fichier = ajouter(demande)
    type(demande).objects.filter(pk=demande.pk).update(
        etat=EtatDemande.EN_INSTRUCTION,
        numero="5901202308180000190",
        deposee_le=timezone.now(),
        prefecture=PrefectureFactory(),
    )
    with pytest.raises(services.DemandeNonModifiable):
        services.fichier_supprimer(fichier=fichier, par=demande.usager)


def test_deleting_removes_the_stored_object_after_commit(django_capture_on_commit_callbacks):
    demande = DemandeFactory()
    fichier = ajouter(demande)
    nom = fichier.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        services.fichier_supprimer(fichier=fichier, par=demande.usager)
        assert default_storage.exists(nom)  # a rollback would still find its object
    assert not Fichier.objects.exists()
    assert not default_storage.exists(nom)


def test_abandoning_removes_every_file_and_object(django_capture_on_commit_callbacks):
    demande = DemandeFactory()
    noms = [ajouter(demande, piece=piece).fichier.name for piece in ("passeport", "domicile")]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fichiers_supprimer_tous(demande=demande) == 2
    assert not Fichier.objects.filter(demande=demande).exists()
    assert not any(default_storage.exists(nom) for nom in noms)


# --- Views ----------------------------------------------------------------------------------


def test_owner_downloads_as_a_nosniff_attachment(client):
    demande = DemandeFactory()
    fichier = ajouter(demande, nom="relevé de notes.png")
    client.force_login(demande.usager)
    response = client.get(reverse("justificatifs:telecharger", args=[fichier.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''relev%C3%A9%20de%20notes.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_another_user_tampering_with_the_url_gets_404(client):
    fichier = ajouter(DemandeFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("justificatifs:telecharger", args=[fichier.pk])).status_code == 404
    response = client.post(reverse("justificatifs:supprimer", args=[fichier.pk]), {"next": "/"})
    assert response.status_code == 404
    assert Fichier.objects.filter(pk=fichier.pk).exists()


def test_anonymous_is_sent_to_login(client):
    fichier = ajouter(DemandeFactory())
    response = client.get(reverse("justificatifs:telecharger", args=[fichier.pk]))
    assert response.status_code == 302
    assert reverse("accounts:connexion") in response["Location"]


def test_delete_view_goes_back_to_a_local_next_only(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    url = reverse("justificatifs:supprimer", args=[ajouter(demande).pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "/espace-personnel/mon-compte/?etape=4"})
    assert response["Location"] == "/espace-personnel/mon-compte/?etape=4"
    response = client.post(
        reverse("justificatifs:supprimer", args=[ajouter(demande).pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
    assert not Fichier.objects.exists()


# --- Upload handler and memory -----------------------------------------------------------


def _requete_multipart(taille_fichier: int):
    return RequestFactory().post(
        "/",
        {
            "action": "ajouter",
            "fichier_passeport": SimpleUploadedFile("gros.pdf", b"%" * taille_fichier),
            "apres": "gardé",
        },
    )


def test_upload_handler_cuts_off_a_file_over_10_mb_and_the_form_says_why():
    request = _requete_multipart(TAILLE_MAX + 1)
    assert upload_trop_gros(request)
    assert isinstance(request.FILES["fichier_passeport"], FichierTropGros)
    assert request.FILES["fichier_passeport"].read() == b""
    assert request.POST["apres"] == "gardé"
    form = FichierForm(request.POST, request.FILES, piece="passeport")
    assert not form.is_valid()
    assert form.errors["fichier"] == ["Le fichier dépasse la taille maximale de 10 Mo."]
    assert form["fichier"].id_for_label == "id_fichier_passeport"
    demande = DemandeFactory()
    with pytest.raises(FichierRefuse, match="10 Mo"):
        services.fichier_ajouter(
            demande=demande,
            piece="passeport",
            upload=request.FILES["fichier_passeport"],
            par=demande.usager,
        )


def test_upload_handler_lets_exactly_10_mb_through_to_a_temporary_file():
    request = _requete_multipart(TAILLE_MAX)
    assert not upload_trop_gros(request)
    fichier = request.FILES["fichier_passeport"]
    assert isinstance(fichier, TemporaryUploadedFile)
    assert fichier.size == TAILLE_MAX
    fichier.close()


def test_a_10_mb_upload_is_streamed_to_storage_with_bounded_memory(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    demande = DemandeFactory()
    contenu = echantillons.pdf_a_taille(TAILLE_MAX)
    upload_disque = TemporaryUploadedFile("gros.pdf", "application/pdf", len(contenu), None)
    upload_disque.write(contenu)
    upload_disque.seek(0)
    del contenu

    tracemalloc.start()
    try:
        fichier = services.fichier_ajouter(
            demande=demande, piece="passeport", upload=upload_disque, par=demande.usager
        )
        _courant, pic = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload_disque.close()
    assert fichier.taille == TAILLE_MAX
    assert (tmp_path / fichier.fichier.name).stat().st_size == TAILLE_MAX
    assert pic < 20 * 1024 * 1024, pic
