"""Vie privée et familiale — étranger confié à l'ASE: Motif de séjour."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateField
from demandes.forms.attestations import AttestationsMixin
from demandes.forms.base import EtapeForm, oui_non


def seizieme_anniversaire(naissance: datetime.date) -> datetime.date:
    try:
        return naissance.replace(year=naissance.year + 16)
    except ValueError:  # born on 29 February
        return naissance.replace(year=naissance.year + 16, day=28)


def eligible_ase(date_prise_en_charge: datetime.date, naissance: datetime.date) -> bool:
    """CESEDA L.423-22: placed with the ASE at the latest on the day the applicant turned 16."""
    return date_prise_en_charge <= seizieme_anniversaire(naissance)


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


def non_eligible(donnees: dict, saisie) -> str | None:
    """The "Demandeur non éligible" modal when the placement came after the 16th birthday."""
    document = getattr(saisie.demande, "document_actuel", None)
    valeur = donnees.get("date_prise_en_charge")
    if document is None or not valeur:
        return None
    date = datetime.date.fromisoformat(valeur)
    return None if eligible_ase(date, document.date_naissance) else "non_eligible"
