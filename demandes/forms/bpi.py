"""Bénéficiaire de la protection internationale — Motif de séjour."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demandes import regles
from demandes.catalogue.types import Saisie
from demandes.forms.attestations import AttestationsMixin
from demandes.forms.base import EtapeForm, oui_non

PROTECTIONS = [
    ("subsidiaire", _("Bénéficiaire de la protection subsidiaire")),
    ("refugie", _("Réfugié")),
]


class MotifBpiForm(AttestationsMixin, EtapeForm):
    """The attestation wording depends on the protection chosen: the form carries the lines of
    both protections, each shown (anef.js) and required (server) only for its own, so switching
    « Réfugié » updates the wording at once and a ticked box survives a failed submit."""

    protection = forms.ChoiceField(
        label=_("Je demande un titre de séjour en tant que"),
        choices=PROTECTIONS,
        widget=forms.RadioSelect,
    )
    enfants_a_charge = oui_non(_("Avez-vous des enfants à votre charge ?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("protection") and self.demande is not None:
            self.initial["protection"] = regles.protection_du_registre(
                getattr(self.demande, "document_actuel", None)
            )
        self.conditions = {}
        par_protection = {code: self._attestations_pour(code) for code, _label in PROTECTIONS}
        for attestation in self.motif.attestations:
            pour = [p for p, codes in par_protection.items() if attestation.code in codes]
            if not pour:
                continue
            name = f"att_{attestation.code}"
            self.fields[name] = forms.BooleanField(
                label=attestation.texte,
                required=len(pour) == len(PROTECTIONS),
            )
            if len(pour) == 1:
                self.conditions[name] = ("protection", pour[0])
        self.marquer_conditionnels()

    def _attestations_pour(self, protection: str) -> list[str]:
        saisie = Saisie(
            {
                **self.saisie.donnees,
                "motif": {**self.saisie.etape("motif"), "protection": protection},
            },
            demande=self.saisie.demande,
        )
        return [a.code for a in self.motif.attestations_demandees(saisie)]

    def clean(self):
        cleaned = super().clean()
        for name, (_parent, protection) in self.conditions.items():
            self.require_if(cleaned, cleaned.get("protection") == protection, name)
        return cleaned
