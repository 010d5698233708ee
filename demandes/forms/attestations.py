"""Attestation-sur-l'honneur checkboxes, built from the motif's catalogue for the answers so
far."""

from django import forms
from django.utils.translation import gettext as _


class AttestationsMixin:
    """Adds one required checkbox per attestation the catalogue asks for (name `att_<code>`)."""

    def ajouter_attestations(self):
        for attestation in self.motif.attestations_demandees(self.saisie):
            self.fields[f"att_{attestation.code}"] = forms.BooleanField(label=attestation.texte)

    def bloc_de(self, name: str) -> str | None:
        return _("Attestation sur l'honneur") if name.startswith("att_") else None

    def get_sections(self):
        autres = [self[name] for name in self.fields if not name.startswith("att_")]
        attestations = [self[name] for name in self.fields if name.startswith("att_")]
        sections = [(_("Motif de séjour"), autres)] if autres else []
        if attestations:
            sections.append((_("Attestation sur l'honneur"), attestations))
        return sections
