import re

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anef.forms import AnefForm
from justificatifs.regles import (
    EXTENSIONS_ACCEPTEES,
    FICHIERS_PAR_PIECE_MAX,
    FORMATS_LIBELLE,
    TAILLE_MAX_MO,
    message_taille_max,
)
from justificatifs.upload_handlers import FichierTropGros

FORMATS_ACCEPTES = ",".join(EXTENSIONS_ACCEPTEES)
# The same text as the item's hint in templates/justificatifs/_piece.html, formatted when shown.
AIDE_FICHIER = lazy(
    lambda: (
        gettext(
            "Formats acceptés : %(formats)s. Taille maximale : %(taille)s Mo par fichier. "
            "%(nombre)s fichiers au plus par document."
        )
        % {"formats": FORMATS_LIBELLE, "taille": TAILLE_MAX_MO, "nombre": FICHIERS_PAR_PIECE_MAX}
    ),
    str,
)()
CODE_PIECE = re.compile(r"[a-z0-9_-]{1,60}")


class FichierForm(AnefForm):
    """One file for one item of the Justificatifs step.

    Built with `piece=<code>`, its field is named `fichier_<code>` with the id `id_fichier_<code>`,
    like the input of `_piece.html`, so that one form of the page carries a file per item and the
    error summary links to the right field. The content checks are the service's
    (`fichier_ajouter`)."""

    fichier = forms.FileField(
        label=_("Joindre un document"),
        help_text=AIDE_FICHIER,
        error_messages={"required": _("Sélectionnez un fichier à joindre.")},
        widget=forms.ClearableFileInput(attrs={"accept": FORMATS_ACCEPTES}),
    )

    def __init__(self, *args, piece: str = "", libelle: str | None = None, **kwargs):
        self.piece = piece if CODE_PIECE.fullmatch(piece) else ""
        super().__init__(*args, **kwargs)
        if libelle:
            self.fields["fichier"].label = libelle
        self.fields["fichier"].widget.attrs["class"] = "fr-upload"

    def add_prefix(self, field_name):
        return f"{field_name}_{self.piece}" if self.piece else field_name

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if isinstance(fichier, FichierTropGros):
            raise forms.ValidationError(message_taille_max())
        return fichier


class EPhotoForm(AnefForm):
    """The e-photo code, typed once (fields prefixed `ephoto-`); the checks are the service's
    (`ephoto_confirmer`)."""

    code = forms.CharField(
        label=_("Numéro ephoto"),
        help_text=_(
            "22 caractères, sur la planche photo délivrée par la cabine ou le photographe agréé"
        ),
        max_length=40,
        error_messages={"required": _("Saisissez le numéro ephoto.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "ephoto")
        super().__init__(*args, **kwargs)
