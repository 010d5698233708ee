"""Vie privée et familiale — étranger confié à l'ASE: Motif de séjour."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anef.forms import DateField
from demandes.forms.attestations import AttestationsMixin
from demandes.forms.base import EtapeForm, oui_non


class MotifAseForm(AttestationsMixin, EtapeForm):
    date_prise_en_charge = DateField(label=_("Date de prise en charge par l'ASE"))
    enfants_a_charge = oui_non(_("Avez-vous des enfants à votre charge ?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ajouter_attestations()

    def clean_date_prise_en_charge(self):
        value = self.cleaned_data["date_prise_en_charge"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date de prise en charge ne peut pas être future."))
        document = getattr(self.demande, "document_actuel", None)
        if document is not None and value < document.date_naissance:
            raise forms.ValidationError(
                _(
                    "La date de prise en charge ne peut pas précéder votre date de naissance "
                    "(%(naissance)s)."
                )
                % {"naissance": document.date_naissance.strftime("%d/%m/%Y")}
            )
        return value
