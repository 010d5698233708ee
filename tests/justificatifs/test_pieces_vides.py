"""Issue 13: an item of the Justificatifs step with nothing attached is rendered once per process
(justificatifs_tags.piece_justificative); one with files or a refused upload each time."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.template.loader import render_to_string
from django.test.signals import template_rendered
from django.utils import translation

from demandes.catalogue.types import Piece
from justificatifs import services
from justificatifs.forms import FichierForm
from justificatifs.regles import limites_envoi
from tests.demandes.factories import DemandeFactory
from tests.justificatifs import echantillons

PIECE = Piece(code="passeport", section="ÉTAT-CIVIL", libelle="Passeport", aide=("Les pages",))


def tag(item, bouton_ajout="Ajouter un document") -> tuple[str, int]:
    """The tag's HTML and how many times it rendered _piece.html."""
    rendus = []

    def compter(sender, template, **kwargs):
        if template.name == "justificatifs/_piece.html":
            rendus.append(template)

    template_rendered.connect(compter)
    try:
        html = (
            engines["django"]
            .from_string("{% load justificatifs_tags %}{% piece_justificative item bouton %}")
            .render({"item": item, "bouton": bouton_ajout})
        )
    finally:
        template_rendered.disconnect(compter)
    return html, len(rendus)


def item(**kwargs):
    return {"piece": PIECE, "obligatoire": True, "fichiers": [], "form": None, **kwargs}


def include(contexte, bouton_ajout="Ajouter un document"):
    """The include as the step's page renders it (its context processor gives the limits)."""
    return render_to_string(
        "justificatifs/_piece.html",
        {**contexte, "bouton_ajout": bouton_ajout, "limites_fichiers": limites_envoi()},
    )


def test_an_empty_item_is_rendered_once_and_reused_as_it_was():
    premier, _rendus = tag(item())
    assert premier == include(item())
    assert "(obligatoire)" in premier and "Ajouter un document" in premier
    assert tag(item()) == (premier, 0)
    facultatif, rendus = tag(item(obligatoire=False))
    assert rendus == 1 and "(obligatoire)" not in facultatif
    autre_bouton, rendus = tag(item(), "Joindre un document")
    assert rendus == 1 and "Joindre un document" in autre_bouton
    with translation.override("en"):
        anglais, rendus = tag(item())
        attendu = include(item())
    assert rendus == 1 and anglais == attendu != premier


def test_another_item_of_the_same_code_is_not_taken_for_the_first():
    tag(item())
    autre = Piece(code="passeport", section="ÉTAT-CIVIL", libelle="Titre de voyage")
    html, rendus = tag(item(piece=autre))
    assert rendus == 1 and "Titre de voyage" in html and "Passeport" not in html


@pytest.mark.django_db
def test_an_item_with_files_or_a_refused_upload_is_rendered_each_time():
    demande = DemandeFactory()
    fichier = services.fichier_ajouter(
        demande=demande,
        piece="passeport",
        upload=SimpleUploadedFile("justificatif.png", echantillons.png()),
        par=demande.usager,
    )
    for _ in range(2):
        html, rendus = tag(item(fichiers=[fichier]))
        assert rendus == 1 and "Supprimer JUSTIFICATIF.PNG" in html
    refuse = FichierForm({}, {}, piece="passeport")
    assert not refuse.is_valid()
    for _ in range(2):
        html, rendus = tag(item(form=refuse))
        assert rendus == 1 and "Sélectionnez un fichier à joindre." in html


def test_in_debug_every_item_is_rendered(settings):
    settings.DEBUG = True
    tag(item())
    assert tag(item())[1] == 1
