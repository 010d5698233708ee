"""What a post of the Justificatifs step names: an item (the field of a file, « Envoyer le
fichier ») and the file « Supprimer » removes. Each file's own checks are
`justificatifs.forms.FichierForm`'s and the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

PIECE_NON_DEMANDEE = _("Ce document n'est pas demandé pour votre démarche.")


class PieceForm(forms.Form):
    """An item of the post: one of the documents the request asks for
    (`demandes.wizard.pieces_demandees`); `cleaned_data["piece"]` is its catalogue `Piece`."""

    piece = forms.ChoiceField(
        error_messages={"required": PIECE_NON_DEMANDEE, "invalid_choice": PIECE_NON_DEMANDEE}
    )

    def __init__(self, data, *, pieces: dict):
        super().__init__(data)
        self.pieces = pieces
        self.fields["piece"].choices = [(code, piece.libelle) for code, piece in pieces.items()]

    def clean_piece(self):
        return self.pieces[self.cleaned_data["piece"]]


class FichierSupprimerForm(forms.Form):
    """« Supprimer »: the primary key of the file (the view checks it is one of the request's)."""

    supprimer = forms.IntegerField(min_value=1)
