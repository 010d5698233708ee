"""The Justificatifs step's post is read by forms, not by the view: the item must be one the
request asks for, the file to remove is a primary key."""

import pytest

from demandes import catalogue
from demandes.forms.justificatifs import FichierSupprimerForm, PieceForm

PIECES = {piece.code: piece for piece in catalogue.motif("etudiant").pieces}


def test_an_item_the_request_asks_for_gives_its_catalogue_entry():
    form = PieceForm({"piece": "domicile"}, pieces=PIECES)
    assert form.is_valid()
    assert form.cleaned_data["piece"] is PIECES["domicile"]


@pytest.mark.parametrize("code", ["inventee", "", None])
def test_any_other_item_is_refused_with_the_pages_message(code):
    form = PieceForm({"piece": code}, pieces=PIECES)
    assert not form.is_valid()
    assert form.errors["piece"] == ["Ce document n'est pas demandé pour votre démarche."]


def test_an_item_of_another_motif_is_not_asked_for():
    pieces = {piece.code: piece for piece in catalogue.motif("bpi").pieces}
    autres = set(PIECES) - set(pieces)
    assert autres
    assert not PieceForm({"piece": autres.pop()}, pieces=pieces).is_valid()


@pytest.mark.parametrize(
    ("valeur", "valide"), [("12", True), ("x", False), ("0", False), ("", False)]
)
def test_the_file_to_remove_is_a_positive_primary_key(valeur, valide):
    form = FichierSupprimerForm({"supprimer": valeur})
    assert form.is_valid() is valide
    if valide:
        assert form.cleaned_data["supprimer"] == 12
