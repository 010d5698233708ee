"""The includes the wizard's Justificatifs step renders (context contract in their header)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from demandes.catalogue.types import Piece
from justificatifs import services
from justificatifs.forms import EPhotoForm, FichierForm
from tests.demandes.factories import DemandeFactory
from tests.justificatifs import echantillons
from tests.justificatifs.factories import EPhotoFactory

pytestmark = pytest.mark.django_db

PIECE = Piece(
    code="passeport",
    section="ÉTAT-CIVIL",
    libelle="Passeport",
    aide=("Veuillez joindre les pages de votre passeport relatives à l'état civil.",),
)


def rendre(template, **context):
    request = RequestFactory().get("/espace-personnel/demande/justificatifs/")
    return render_to_string(f"justificatifs/{template}", context, request=request)


def test_piece_lists_files_with_download_link_and_delete_button():
    demande = DemandeFactory()
    fichier = services.fichier_ajouter(
        demande=demande,
        piece="passeport",
        upload=SimpleUploadedFile("justificatif.png", echantillons.png()),
        par=demande.usager,
    )
    html = rendre(
        "_piece.html",
        piece=PIECE,
        obligatoire=True,
        fichiers=[fichier],
        bouton_ajout="Ajouter un document",
    )
    assert "Passeport" in html and "(obligatoire)" in html
    assert reverse("justificatifs:telecharger", args=[fichier.pk]) in html
    assert "Supprimer JUSTIFICATIF.PNG" in html
    assert f'name="supprimer"\n                  value="{fichier.pk}"' in html
    # The include holds no form: its inputs and buttons join the page's one form.
    assert "<form" not in html
    assert 'name="fichier_passeport"\n               form="form-justificatifs"' in html
    assert '<label class="fr-label" for="id_fichier_passeport">' in html
    assert '<progress id="id_fichier_passeport-progression"' in html
    assert "Ajouter un document" in html


def test_piece_shows_the_error_beside_the_field_and_links_it():
    form = FichierForm({}, {}, piece="passeport")
    assert not form.is_valid()
    html = rendre("_piece.html", piece=PIECE, obligatoire=False, fichiers=[], form=form)
    assert "fr-upload-group--error" in html
    assert 'aria-describedby="id_fichier_passeport-hint id_fichier_passeport-messages"' in html
    assert "Sélectionnez un fichier à joindre." in html
    assert "(obligatoire)" not in html


def test_piece_with_three_files_offers_no_upload():
    demande = DemandeFactory()
    fichiers = [
        services.fichier_ajouter(
            demande=demande,
            piece="passeport",
            upload=SimpleUploadedFile(f"p{i}.png", echantillons.png()),
            par=demande.usager,
        )
        for i in range(3)
    ]
    html = rendre("_piece.html", piece=PIECE, obligatoire=True, fichiers=fichiers)
    assert 'type="file"' not in html
    assert "supprimez-en un" in html


def test_ephoto_input_then_confirmed_code_with_delete_button():
    piece = Piece(
        code="ephoto", section="ÉTAT-CIVIL", libelle="Photographie d'identité récente", ephoto=True
    )
    html = rendre(
        "_ephoto.html", piece=piece, obligatoire=True, ephoto=None, ephoto_form=EPhotoForm()
    )
    assert "Confirmer le numéro ephoto" in html
    assert 'name="action"\n              value="ephoto_confirmer"' in html
    assert 'name="ephoto-code"' in html

    ephoto = EPhotoFactory(code="1PMTEK770613113807AA00")
    html = rendre("_ephoto.html", piece=piece, obligatoire=True, ephoto=ephoto)
    assert "1PMT - EK77 - 0613 - 1138 - 07AA - 00" in html
    assert "Supprimer le numéro ephoto" in html
    assert 'name="action"\n            value="ephoto_supprimer"' in html
    assert 'type="text"' not in html
