"""Attestations rendered with the production static storage: after `collectstatic`, the
templates' `{% static %}` URLs carry hashed names (ManifestStaticFilesStorage) that the PDF
fetcher must still resolve, or the page loses its stylesheet and fonts."""

import io
import shutil

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from pypdf import PdfReader

from attestations import rendu, selectors
from attestations.models import Attestation
from demandes import suites
from tests.attestations.outils import demande_deposee, texte_pdf

pytestmark = pytest.mark.django_db

# What the attestation pages use; the whole DSFR package would take minutes to collect.
FICHIERS = [
    "attestations/attestation.css",
    "attestations/marianne.svg",
    "dsfr/dist/fonts/Marianne-Regular.woff2",
    "dsfr/dist/fonts/Marianne-Bold.woff2",
    "dsfr/dist/fonts/Marianne-Regular_Italic.woff2",
]


@pytest.fixture
def stockage_production(settings, tmp_path):
    source = tmp_path / "source"
    for nom in FICHIERS:
        (source / nom).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(finders.find(nom), source / nom)
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    rendu._statique.cache_clear()
    yield
    rendu._statique.cache_clear()


def _polices(pdf: bytes) -> set[str]:
    noms = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for police in page["/Resources"]["/Font"].values():
            noms.add(str(police.get_object()["/BaseFont"]))
    return noms


def test_the_confirmation_keeps_its_layout_with_hashed_static_names(stockage_production):
    css = staticfiles_storage.url("attestations/attestation.css")
    assert css != "/static/attestations/attestation.css"  # hashed: the production case
    demande = demande_deposee()
    attestation = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    assert attestation.disponible
    pdf = selectors.contenu(attestation)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    polices = _polices(pdf)
    assert any("Marianne" in nom for nom in polices), polices
    assert "CONFIRMATION DU DÉPÔT" in texte_pdf(pdf)


def test_hashed_names_are_served_from_the_collected_files(stockage_production):
    nom = staticfiles_storage.stored_name("dsfr/dist/fonts/Marianne-Bold.woff2")
    contenu, media = rendu.ressource(f"{rendu.BASE_URL}static/{nom}")
    assert media == "font/woff2" and contenu.startswith(b"wOF2")
    with pytest.raises(rendu.RessourceRefusee):
        rendu.ressource(f"{rendu.BASE_URL}static/staticfiles.json")
