from django import forms
from django.utils.translation import gettext_lazy as _

from anef.forms import AnefForm
from attestations.verification import TAILLE_MAX


class VerificationForm(AnefForm):
    fichier = forms.FileField(
        label=_("Photo ou PDF de l'attestation"),
        help_text=_("Formats acceptés : .jpg, .png, .pdf. Taille maximale : 10 Mo."),
        required=False,
    )
    texte = forms.CharField(
        label=_("Ou texte du code 2D-DOC"),
        help_text=_("Le texte lu par une application de lecture de codes 2D-DOC."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean_fichier(self):
        # A file over the limit arrives cut off (justificatifs' upload handler): its size is
        # what was received.
        fichier = self.cleaned_data.get("fichier")
        if fichier and fichier.size > TAILLE_MAX:
            raise forms.ValidationError(_("Le fichier dépasse la taille maximale de 10 Mo."))
        return fichier

    def clean(self):
        donnees = super().clean()
        if not donnees.get("fichier") and not (donnees.get("texte") or "").strip():
            raise forms.ValidationError(
                _("Joignez une photo ou le PDF de l'attestation, ou collez le texte du code.")
            )
        return donnees
