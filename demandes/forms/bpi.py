"""Bénéficiaire de la protection internationale — Motif de séjour."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demandes.catalogue.types import Saisie
from demandes.forms.attestations import AttestationsMixin
from demandes.forms.base import REQUIRED, EtapeForm, oui_non

PROTECTIONS = [
    ("subsidiaire", _("Bénéficiaire de la protection subsidiaire")),
    ("refugie", _("Réfugié")),
]


def protection_du_registre(demande) -> str:
    document = getattr(demande, "document_actuel", None)
    motif = (document.motif if document else "").upper()
    return "refugie" if "REFUGI" in motif else "subsidiaire"


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
            self.initial["protection"] = protection_du_registre(self.demande)
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
                error_messages={"required": REQUIRED},
            )
            if len(pour) == 1:
                self.conditions[name] = ("protection", pour[0])
        self.message_obligatoire()

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
