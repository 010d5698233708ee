"""Bénéficiaire de la protection internationale — Motif de séjour."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demandes.forms.attestations import AttestationsMixin
from demandes.forms.base import EtapeForm, oui_non

PROTECTIONS = [
    ("subsidiaire", _("Bénéficiaire de la protection subsidiaire")),
    ("refugie", _("Réfugié")),
]


def protection_du_registre(demande) -> str:
    document = getattr(demande, "document_actuel", None)
    motif = (document.motif if document else "").upper()
    return "refugie" if "REFUGI" in motif else "subsidiaire"


class MotifBpiForm(AttestationsMixin, EtapeForm):
    protection = forms.ChoiceField(
        label=_("Je demande un titre de séjour en tant que"),
        choices=PROTECTIONS,
        widget=forms.RadioSelect,
    )
    enfants_a_charge = oui_non(_("Avez-vous des enfants à votre charge ?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("protection") and self.demande is not None:
            self.initial["protection"] = protection_du_registre(self.demande)
        # The attestation wording depends on the protection chosen: read it from the POST
        # when there is one, so the checkboxes match what is being submitted.
        if self.is_bound and self.data.get("protection") in dict(PROTECTIONS):
            self.saisie.donnees = {
                **self.saisie.donnees,
                "motif": {**self.saisie.etape("motif"), "protection": self.data["protection"]},
            }
        elif self.initial.get("protection"):
            self.saisie.donnees = {
                **self.saisie.donnees,
                "motif": {**self.saisie.etape("motif"), "protection": self.initial["protection"]},
            }
        self.ajouter_attestations()
